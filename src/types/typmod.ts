/**
 * PostgreSQL's atttypmod encodings for the types that carry one (see kalam-type.ts ColumnType).
 * The `+ 4` (VARHDRSZ) is PostgreSQL's historical quirk, kept so pg_attribute reads the same.
 */
export const VARHDRSZ = 4;
export const MAX_VECTOR_DIM = 8192;
export const MAX_NUMERIC_PRECISION = 38;
export const MAX_VARCHAR_LENGTH = 10485760;
export const MAX_TIME_PRECISION = 6;

export function charLengthTypmod(n: number): number {
  return n + VARHDRSZ;
}

/** The declared length of varchar(n)/char(n), or -1. */
export function charLength(typmod: number): number {
  return typmod >= VARHDRSZ ? typmod - VARHDRSZ : -1;
}

export function numericTypmod(precision: number, scale: number): number {
  return ((precision << 16) | (scale & 0x7ff)) + VARHDRSZ;
}

/** numeric(p,s) of a typmod, or null for plain `numeric`. */
export function numericPrecisionScale(typmod: number): { precision: number; scale: number } | null {
  if (typmod < VARHDRSZ) return null;
  const t = typmod - VARHDRSZ;
  // PostgreSQL 15 stores the scale as an 11-bit two's complement number.
  return { precision: (t >> 16) & 0xffff, scale: ((t & 0x7ff) ^ 1024) - 1024 };
}
