/**
 * Time zone abbreviations (the common ones of PostgreSQL's default set), in hours east of UTC by
 * lower-case name: fixed offsets whatever the date, so 'CET' is +01 even in summer.
 */
export const ABBREVIATIONS: Record<string, number> = {
  z: 0, zulu: 0, utc: 0, gmt: 0, ut: 0, est: -5, edt: -4, cst: -6, cdt: -5, mst: -7, mdt: -6, pst: -8,
  pdt: -7, akst: -9, akdt: -8, hst: -10, cet: 1, cest: 2, eet: 2, eest: 3, wet: 0, west: 1, bst: 1,
  jst: 9, kst: 9, msk: 3, aest: 10, aedt: 11, nzst: 12, nzdt: 13,
};
