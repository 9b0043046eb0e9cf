/**
 * Casts among the catalog types and to and from them, as PostgreSQL 15's pg_cast has them:
 *
 *   int2, int4 → oid, reg*      the 32 bits read unsigned: (-1)::oid is 4294967295 (implicit)
 *   int8 → oid, reg*            0 … 4294967295, else 22003 "OID out of range" (implicit)
 *   oid ↔ reg*                  the same number (binary-coercible, implicit)
 *   oid, reg* → int4 / int8     signed view / widened (assignment)
 *   "char" ↔ text, int4         first byte / \ooo escape; signed byte value
 *
 * Which of these a context allows is the cast graph's business (binder/expr/expr-types.ts); this
 * only converts values once a cast is allowed.
 */
import { charFromInt, charFromText, formatChar, intFromChar, parseChar } from './char-text.js';
import { KalamDataType, type ColumnType, type Value } from './kalam-type.js';
import { int32FromOid, oidFromInt32, oidFromInt8 } from './oid-text.js';
import { PgOid } from './pg-oids.js';

/** oid and the reg* aliases: one number, many ways to print it. */
export const OID_FAMILY: ReadonlySet<number> = new Set<number>([PgOid.OID, PgOid.REGCLASS, PgOid.REGTYPE, PgOid.REGPROC,
  PgOid.REGPROCEDURE, PgOid.REGNAMESPACE, PgOid.REGROLE]);

/** The reg* aliases alone. */
export const REG_TYPES: readonly number[] = [PgOid.REGCLASS, PgOid.REGTYPE, PgOid.REGPROC, PgOid.REGPROCEDURE,
  PgOid.REGNAMESPACE, PgOid.REGROLE];

export function isOidFamily(oid: number): boolean {
  return OID_FAMILY.has(oid);
}

/**
 * The cast's value, or undefined when neither side is a catalog type with a conversion of its own
 * (then castValue's general rules apply). `format`/`parse` are the two types' text I/O, for the
 * casts that go through text.
 */
export function castCatalogValue(
  v: Exclude<Value, null>, from: ColumnType, to: ColumnType,
  format: (v: Exclude<Value, null>, type: ColumnType) => string,
  parse: (text: string, type: ColumnType) => Value,
): Value | undefined {
  if (isOidFamily(to.oid)) {
    if (isOidFamily(from.oid)) return v;
    if (from.oid === PgOid.INT4 || from.oid === PgOid.INT2) return oidFromInt32(v as number);
    if (from.oid === PgOid.INT8) return oidFromInt8(v as bigint);
  }
  if (isOidFamily(from.oid)) {
    if (to.oid === PgOid.INT4) return int32FromOid(v as number);
    if (to.oid === PgOid.INT8) return BigInt(v as number);
  }
  if (to.oid === PgOid.CHAR && from.oid !== PgOid.CHAR) {
    if (from.oid === PgOid.INT4) return charFromInt(v as number);
    if (from.oid === PgOid.UNKNOWN) return parseChar(v as string);
    return charFromText(from.kalam === KalamDataType.TEXT ? v as string : format(v, from));
  }
  if (from.oid === PgOid.CHAR && to.oid !== PgOid.CHAR) {
    if (to.oid === PgOid.INT4) return intFromChar(v as string);
    return parse(formatChar(v as string), to);
  }
  return undefined;
}
