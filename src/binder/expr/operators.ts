/**
 * Binary and unary operators over bound operands: PostgreSQL's operator resolution for the types
 * we have, compiled to one closure. Untyped literals and parameters take the other operand's type
 * (`col = '5'`, `col + $1`); two untyped operands are text for comparisons and `||`.
 */
import { SqlError } from '../../errors/sql-error.js';
import { KalamDataType, type ColumnType, type Value } from '../../types/kalam-type.js';
import { PgOid } from '../../types/pg-oids.js';
import { castValue } from '../../types/cast.js';
import { isArrayType } from '../../types/array-type.js';
import { arithmeticFor, negateFor, type ArithmeticOp } from '../../executor/functions/arithmetic.js';
import { comparatorForType, equalsFor } from '../../executor/functions/comparison.js';
import { vectorOperator } from '../../executor/functions/vector-functions.js';
import { compileLike, compileRegex } from '../../executor/functions/like.js';
import { bindDatetimeArithmetic, bindIntervalNegate } from './datetime-operators.js';
import { type Bound, derive, type VectorDistance, type Volatility } from './compile.js';
import { coerce } from './coerce.js';
import {
  baseType, isIntegerType, isStringType, isUnknownType, numericCommonType, numericRank, T, typeCategory,
} from './expr-types.js';
import { isOidFamily } from '../../types/catalog-type-cast.js';
import { catalogTypeContext, namesCatalogObjects } from './catalog-type-context.js';
import { ambiguousOperator, noOperator } from './operator-error.js';

const LABEL = '?column?';

/** Gives untyped operands the other operand's type; two untyped ones become `fallback`. */
export function unifyUnknowns(l: Bound, r: Bound, fallback: ColumnType | null): [Bound, Bound] {
  const lu = isUnknownType(l.type);
  const ru = isUnknownType(r.type);
  if (lu && ru) return fallback === null ? [l, r] : [coerce(l, fallback, 'implicit'), coerce(r, fallback, 'implicit')];
  if (lu) return [coerce(l, baseType(r.type), 'implicit'), r];
  if (ru) return [l, coerce(r, baseType(l.type), 'implicit')];
  return [l, r];
}

const DATETIME_RANK: Partial<Record<number, number>> = { [PgOid.DATE]: 0, [PgOid.TIMESTAMP]: 1, [PgOid.TIMESTAMPTZ]: 2 };

/** The type two operands are compared (or combined by CASE/IN) in, or null if PostgreSQL has no operator. */
export function comparisonType(a: ColumnType, b: ColumnType): ColumnType | null {
  if (a.oid === b.oid) return a.oid === PgOid.JSON ? null : baseType(a);
  // anyarray = anyarray wants one array type on both sides: int4[] = numeric[] has no operator.
  if (isArrayType(a) || isArrayType(b)) return null;
  const numeric = numericCommonType(a, b);
  if (numeric) return numeric;
  if (isStringType(a) && isStringType(b)) {
    // char(n) against varchar takes bpchar's operator (one exact match); against text, text's
    // (the preferred type breaks the tie): 'ab'::char(3) = 'ab '::varchar but not = 'ab '::text.
    const other = a.oid === PgOid.BPCHAR ? b : b.oid === PgOid.BPCHAR ? a : null;
    return other !== null && other.oid === PgOid.VARCHAR ? T.bpchar : T.text;
  }
  // oid, its reg* aliases and the integers meet in oid's operators (int4 → oid is implicit, oid → int4 not).
  const oidLike = (t: ColumnType) => isOidFamily(t.oid) || isIntegerType(t);
  if ((isOidFamily(a.oid) || isOidFamily(b.oid)) && oidLike(a) && oidLike(b)) return T.oid;
  // "char" → text is implicit: against any string type it compares as text.
  if ((a.oid === PgOid.CHAR && isStringType(b)) || (b.oid === PgOid.CHAR && isStringType(a))) return T.text;
  const da = DATETIME_RANK[a.oid];
  const db = DATETIME_RANK[b.oid];
  if (da !== undefined && db !== undefined) return da > db ? baseType(a) : baseType(b);
  return null;
}

export type ComparisonOp = '=' | '<>' | '<' | '>' | '<=' | '>=';

const TESTS: Record<ComparisonOp, (c: number) => boolean> = {
  '=': (c) => c === 0, '<>': (c) => c !== 0, '<': (c) => c < 0, '>': (c) => c > 0, '<=': (c) => c <= 0, '>=': (c) => c >= 0,
};

/** Both operands converted to their comparison type (42883 if there is none). */
export function comparable(op: string, l: Bound, r: Bound, position?: number): [Bound, Bound, ColumnType] {
  [l, r] = unifyUnknowns(l, r, T.text);
  const common = comparisonType(l.type, r.type);
  if (common === null) throw noOperator(op, l.type, r.type, position);
  return [coerce(l, common, 'implicit'), coerce(r, common, 'implicit'), common];
}

/** A two-argument predicate of the comparison type, as a closure over non-null values. */
export function comparisonTest(op: ComparisonOp, type: ColumnType): (a: Value, b: Value) => boolean {
  if (type.oid === PgOid.BPCHAR) {
    // char(n) compares without its trailing spaces: 'ab'::char(4) = 'ab'::char(2).
    const test = comparisonTest(op, T.text);
    return (a, b) => test(stripPadding(a as string), stripPadding(b as string));
  }
  if (op === '=' || op === '<>') {
    const eq = equalsFor(type.kalam);
    return op === '=' ? eq : (a, b) => !eq(a, b);
  }
  const cmp = comparatorForType(type);
  const test = TESTS[op];
  return (a, b) => test(cmp(a, b));
}

export function bindComparison(op: ComparisonOp, l0: Bound, r0: Bound, position?: number): Bound {
  const [l, r, common] = comparable(op, l0, r0, position);
  return strictBinary(T.bool, l, r, comparisonTest(op, common), position);
}

function stripPadding(s: string): string {
  return s.charCodeAt(s.length - 1) === 32 ? s.replace(/ +$/, '') : s;
}

/** A strict binary operator: NULL in, NULL out. */
export function strictBinary(
  type: ColumnType, l: Bound, r: Bound, fn: (a: Value, b: Value) => Value, position?: number,
  volatility: Volatility = 'immutable',
): Bound {
  const le = l.eval;
  const re = r.eval;
  return derive(type, LABEL, [l, r], (row, ctx) => {
    const a = le(row, ctx);
    const b = re(row, ctx);
    return a === null || b === null ? null : fn(a, b);
  }, volatility, position);
}

export function bindArithmetic(op: ArithmeticOp, l0: Bound, r0: Bound, position?: number): Bound {
  if (isUnknownType(l0.type) && isUnknownType(r0.type)) throw ambiguousOperator(op, l0.type, r0.type, position);
  const dated = bindDatetimeArithmetic(op, l0, r0, position);
  if (dated) return dated;
  const [l, r] = unifyUnknowns(l0, r0, null);
  let common = numericCommonType(l.type, r.type);
  if (common === null) throw noOperator(op, l.type, r.type, position);
  // ^ exists for float8 and numeric only.
  if (op === '^' && common.oid !== PgOid.NUMERIC) common = T.float8;
  const fn = arithmeticFor(op, common.kalam);
  if (fn === null) throw noOperator(op, l.type, r.type, position);
  return strictBinary(common, coerce(l, common, 'implicit'), coerce(r, common, 'implicit'), fn, position);
}

export function bindNegate(e0: Bound, position?: number): Bound {
  const e = isUnknownType(e0.type) ? coerce(e0, T.numeric, 'implicit') : e0;
  const interval = bindIntervalNegate(e, position);
  if (interval) return interval;
  const fn = numericRank(e.type) === undefined ? null : negateFor(e.type.kalam);
  if (fn === null) throw noOperator('-', null, e.type, position);
  const inner = e.eval;
  return derive(baseType(e.type), LABEL, [e], (row, ctx) => {
    const v = inner(row, ctx);
    return v === null ? null : fn(v);
  }, 'immutable', position);
}

/** The text form of any value, for `||` with a non-text operand (PostgreSQL's anytextcat). */
export function asText(e: Bound): Bound {
  // char(n) → text drops the padding: 'ab'::char(4) || '|' is 'ab|'.
  if (e.type.oid === PgOid.BPCHAR) return coerce(e, T.text, 'implicit');
  if (isStringType(e.type)) return e;
  if (isUnknownType(e.type)) return coerce(e, T.text, 'implicit');
  const type = e.type;
  const inner = e.eval;
  const named = namesCatalogObjects(type);
  const volatility: Volatility = named || type.kalam === KalamDataType.DATETIME ? 'stable' : 'immutable';
  return derive(T.text, e.label, [e], (row, ctx) => {
    const v = inner(row, ctx);
    return v === null ? null : castValue(v, type, T.text, named ? catalogTypeContext(ctx) : ctx.typeCtx);
  }, volatility, e.position);
}

export function bindConcat(l: Bound, r: Bound, position?: number): Bound {
  if (l.type.oid === PgOid.BYTEA && r.type.oid === PgOid.BYTEA) {
    return strictBinary(T.bytea, l, r, (a, b) => {
      const x = a as Uint8Array; const y = b as Uint8Array;
      const out = new Uint8Array(x.length + y.length); out.set(x); out.set(y, x.length);
      return out;
    }, position);
  }
  const textual = (t: ColumnType) => isStringType(t) || isUnknownType(t);
  if (!textual(l.type) && !textual(r.type)) throw noOperator('||', l.type, r.type, position);
  const lt = asText(l);
  const rt = asText(r);
  const volatility: Volatility = lt.constant === false && lt !== l ? 'stable' : 'immutable';
  return strictBinary(T.text, lt, rt, (a, b) => (a as string) + (b as string), position, volatility);
}

export function bindVectorOperator(op: '<->' | '<=>' | '<#>', l0: Bound, r0: Bound, position?: number): Bound {
  const [l, r] = unifyUnknowns(l0, r0, T.vector);
  if (l.type.kalam !== KalamDataType.EMBEDDING || r.type.kalam !== KalamDataType.EMBEDDING) {
    throw noOperator(op, l.type, r.type, position);
  }
  const bound = strictBinary(T.float8, l, r, vectorOperator(op), position);
  // What an hnsw index scan needs to answer ORDER BY this LIMIT k (executor/query/vector-scan.ts).
  const distance: VectorDistance = { op, left: l, right: r };
  return { ...bound, distance };
}

export function bindLike(op: string, l0: Bound, r0: Bound, escape: Bound | null, position?: number): Bound {
  const textual = (t: ColumnType) => isStringType(t) || isUnknownType(t);
  if (!textual(l0.type) || !textual(r0.type)) throw noOperator(op, l0.type, r0.type, position);
  const [l, r] = unifyUnknowns(l0, r0, T.text);
  if (!isStringType(l.type) || !isStringType(r.type)) throw noOperator(op, l.type, r.type, position);
  const negate = op.startsWith('!');
  const insensitive = op.endsWith('*');
  const regex = !op.includes('~~');
  const esc = escape === null ? null : coerce(escape, T.text, 'implicit');
  const le = l.eval;
  const re = r.eval;
  const ee = esc?.eval;
  let lastPattern: string | null = null;
  let lastEscape: Value = null;
  let matcher: (s: string) => boolean = () => false;
  const inputs = esc ? [l, r, esc] : [l, r];
  return derive(T.bool, LABEL, inputs, (row, ctx) => {
    const s = le(row, ctx);
    const p = re(row, ctx);
    const e = ee ? ee(row, ctx) : '\\';
    if (s === null || p === null || e === null) return null;
    if (p !== lastPattern || e !== lastEscape) {
      matcher = regex ? compileRegex(p as string, insensitive) : compileLike(p as string, e as string, insensitive);
      lastPattern = p as string;
      lastEscape = e;
    }
    return matcher(s as string) !== negate;
  }, 'immutable', position);
}
