/**
 * The btree equality operators (`=` of each default btree operator family) between the types we
 * have, by left and right operand type, with PostgreSQL 15's pg_operator OIDs (captured from
 * PostgreSQL: pg_amop strategy 3 of the default btree opclasses' families). A foreign key records
 * three of them in pg_constraint: PK = FK (conpfeqop), PK = PK (conppeqop) and FK = FK (conffeqop).
 */
const EQUALITY: ReadonlyMap<string, number> = new Map(([
  [16, 16, 91], [17, 17, 1955], [18, 18, 92], [19, 19, 93], [19, 25, 254], [20, 20, 410], [20, 21, 1868],
  [20, 23, 416], [21, 20, 1862], [21, 21, 94], [21, 23, 532], [23, 20, 15], [23, 21, 533], [23, 23, 96],
  [25, 19, 260], [25, 25, 98], [26, 26, 607], [700, 700, 620], [700, 701, 1120], [701, 700, 1130],
  [701, 701, 670], [1042, 1042, 1054], [1082, 1082, 1093], [1082, 1114, 2347], [1082, 1184, 2360],
  [1083, 1083, 1108], [1114, 1082, 2373], [1114, 1114, 2060], [1114, 1184, 2536], [1184, 1082, 2386],
  [1184, 1114, 2542], [1184, 1184, 1320], [1186, 1186, 1330], [1266, 1266, 1550], [1700, 1700, 1752],
  [2950, 2950, 2972], [3802, 3802, 3240],
] as const).map(([l, r, op]) => [`${l},${r}`, op]));

/** varchar has no operator family of its own: it is compared as text. */
const opcintype = (typeOid: number) => (typeOid === 1043 ? 25 : typeOid);

/** The `=` of the btree family between two types, or undefined when the family has none. */
export function btreeEquality(left: number, right: number): number | undefined {
  return EQUALITY.get(`${opcintype(left)},${opcintype(right)}`);
}

/**
 * conpfeqop, conppeqop and conffeqop of one key column: PostgreSQL looks PK = FK up in the PK
 * type's family and, when the family has no cross-type operator, compares the FK value cast to the
 * PK type (PK = PK).
 */
export function foreignKeyOperators(pkType: number, fkType: number): { pf: number; pp: number; ff: number } | undefined {
  const pp = btreeEquality(pkType, pkType);
  const ff = btreeEquality(fkType, fkType);
  if (pp === undefined || ff === undefined) return undefined;
  return { pf: btreeEquality(pkType, fkType) ?? pp, pp, ff };
}
