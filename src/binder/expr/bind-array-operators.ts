/**
 * Operators over arrays, resolved as PostgreSQL 15 resolves its anycompatiblearray operators:
 * the element types meet in a common type, and an untyped operand beside an array is an array.
 *
 *   ARRAY[1,2] || 3          array_append  → int4[]     ARRAY[1] || ARRAY[2.5] → numeric[]
 *   0 || ARRAY[1,2]          array_prepend              ARRAY[1] || '{2}'      → array_cat
 *   a @> b   a <@ b   a && b containment and overlap
 *   x op ANY (array)         true if op holds for some element; NULL if none does but one was NULL
 *   x op ALL (array)         false if op fails for some element; NULL if none does but one was NULL
 */
import { SqlError } from '../../errors/sql-error.js';
import { arrayElementType, arrayTypeOf, isArrayType } from '../../types/array-type.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import { PgArray } from '../../types/pg-array.js';
import { PgOid } from '../../types/pg-oids.js';
import { equalsFor } from '../../executor/functions/comparison.js';
import { arrayAppend, arrayCat, arrayContains, arrayOverlaps, arrayPrepend } from '../../executor/functions/array-ops.js';
import type { EvalContext } from './bound-expr.js';
import { type Bound, derive } from './compile.js';
import { coerce } from './coerce.js';
import { selectCommonType } from './bind-conditional.js';
import { baseType, isUnknownType, T } from './expr-types.js';
import { noOperator } from './operator-error.js';
import { strictBinary } from './operators.js';

const LABEL = '?column?';

/** The common type of element types, or null when they cannot meet (no operator then). */
export function commonElementType(types: readonly ColumnType[]): ColumnType | null {
  try {
    return selectCommonType(types.map((type) => ({ type, label: '', eval: () => null })), 'ARRAY');
  } catch (e) {
    if (e instanceof SqlError) return null;
    throw e;
  }
}

/** `||` when either side is an array; null when neither is (text concatenation then). */
export function bindArrayConcat(l0: Bound, r0: Bound, position?: number): Bound | null {
  let l = l0;
  let r = r0;
  if (isArrayType(l.type) && isUnknownType(r.type)) r = coerce(r, baseType(l.type), 'implicit');
  else if (isArrayType(r.type) && isUnknownType(l.type)) l = coerce(l, baseType(r.type), 'implicit');
  const la = isArrayType(l.type);
  const ra = isArrayType(r.type);
  if (!la && !ra) return null;
  const common = commonElementType([la ? arrayElementType(l.type) : l.type, ra ? arrayElementType(r.type) : r.type]);
  const arrayType = common === null ? null : arrayTypeOf(baseType(common));
  if (common === null || arrayType === null) throw noOperator('||', l.type, r.type, position);
  const lc = coerce(l, la ? arrayType : common, 'implicit');
  const rc = coerce(r, ra ? arrayType : common, 'implicit');
  const le = lc.eval;
  const re = rc.eval;
  const kalam = common.kalam;
  let fn: (a: Value, b: Value) => Value;
  if (la && ra) fn = (a, b) => (a === null ? b : b === null ? a : arrayCat(a as PgArray, b as PgArray));
  else if (la) fn = (a, b) => (a === null ? arrayAppend(emptyOf(kalam), b) : arrayAppend(a as PgArray, b));
  else fn = (a, b) => (b === null ? arrayPrepend(a, emptyOf(kalam)) : arrayPrepend(a, b as PgArray));
  return derive(arrayType, LABEL, [lc, rc], (row, c) => fn(le(row, c), re(row, c)), 'immutable', position);
}

function emptyOf(kalam: PgArray['elemKalam']): PgArray {
  return new PgArray(kalam, [], [], []);
}

/** `@>`, `<@`, `&&` between two arrays of compatible element types. */
export function bindContainment(op: '@>' | '<@' | '&&', l0: Bound, r0: Bound, position?: number): Bound {
  let l = l0;
  let r = r0;
  if (isArrayType(l.type) && isUnknownType(r.type)) r = coerce(r, baseType(l.type), 'implicit');
  else if (isArrayType(r.type) && isUnknownType(l.type)) l = coerce(l, baseType(r.type), 'implicit');
  if (!isArrayType(l.type) || !isArrayType(r.type)) throw noOperator(op, l.type, r.type, position);
  const common = commonElementType([arrayElementType(l.type), arrayElementType(r.type)]);
  const arrayType = common === null ? null : arrayTypeOf(baseType(common));
  if (common === null || arrayType === null) throw noOperator(op, l.type, r.type, position);
  const eq = equalsFor(common.kalam);
  const test = op === '@>' ? (a: Value, b: Value) => arrayContains(a as PgArray, b as PgArray, eq)
    : op === '<@' ? (a: Value, b: Value) => arrayContains(b as PgArray, a as PgArray, eq)
      : (a: Value, b: Value) => arrayOverlaps(a as PgArray, b as PgArray, eq);
  return strictBinary(T.bool, coerce(l, arrayType, 'implicit'), coerce(r, arrayType, 'implicit'), test, position);
}

export type InfixBinder = (op: string, l: Bound, r: Bound, position?: number) => Bound;

/** `x op ANY (array)` / `x op ALL (array)`: `op` is resolved between x and one element. */
export function bindQuantified(
  op: string, all: boolean, l0: Bound, r0: Bound, bindInfix: InfixBinder, position?: number,
): Bound {
  let l = l0;
  let r = r0;
  if (isUnknownType(r.type)) {
    if (isUnknownType(l.type)) l = coerce(l, T.text, 'implicit');
    const arrayType = arrayTypeOf(baseType(l.type));
    if (arrayType !== null) r = coerce(r, arrayType, 'implicit');
  }
  if (!isArrayType(r.type)) {
    throw new SqlError('42809', `op ANY/ALL (array) requires array on right side`, { position });
  }
  const elemType = baseType(arrayElementType(r.type));
  if (isUnknownType(l.type)) l = coerce(l, elemType, 'implicit');
  let x: Value = null;
  let e: Value = null;
  const left: Bound = { type: l.type, label: l.label, constant: false, position: l.position, eval: () => x };
  const elem: Bound = { type: elemType, label: LABEL, constant: false, position: r.position, eval: () => e };
  const test = bindInfix(op, left, elem, position);
  if (test.type.oid !== PgOid.BOOL) {
    throw new SqlError('42809', `op ANY/ALL (array) requires operator to yield boolean`, { position });
  }
  const te = test.eval;
  const le = l.eval;
  const re = r.eval;
  return derive(T.bool, LABEL, [l, r], (row: readonly Value[], c: EvalContext) => {
    const a = re(row, c) as PgArray | null;
    if (a === null) return null;
    if (a.items.length === 0) return all;
    const v = le(row, c);
    if (v === null) return null;
    x = v;
    let sawNull = false;
    for (const item of a.items) {
      if (item === null) { sawNull = true; continue; }
      e = item;
      const t = te(row, c);
      if (t === null) sawNull = true;
      else if (t !== all) return !all;
    }
    return sawNull ? null : all;
  }, 'immutable', position);
}
