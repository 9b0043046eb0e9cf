/**
 * `UPDATE t SET a[i] = x` and `SET a[i:j] = ARRAY[…]`: the right side is converted to the
 * element type (the array type for a slice), the subscripts to integer, and the column's current
 * value is rewritten with array_set_element / array_set_slice. Several assignments to one column
 * (`SET a[1] = 0, a[2] = 0`) apply in order, each to the result of the one before.
 */
import { SqlError } from '../../errors/sql-error.js';
import { bodyOf, kindOf, type Node } from '../../binder/ast.js';
import { bindExpr } from '../../binder/expr/bind-expr.js';
import type { BindScope, BoundExpr, EvalContext, ParamSlots } from '../../binder/expr/bound-expr.js';
import { coerceToType } from '../../binder/expr/coerce.js';
import { T } from '../../binder/expr/expr-types.js';
import { arrayElementType, isArrayType } from '../../types/array-type.js';
import { formatType } from '../../types/format-type.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import type { PgArray } from '../../types/pg-array.js';
import { arraySetElement, arraySetSlice } from '../functions/array-assign.js';
import { coerceForColumn } from './insert.js';

/** The new value of the column from the old row and the column's value so far. */
export type ColumnAssignment = (old: readonly Value[], current: Value, ctx: EvalContext) => Value;

export function bindSubscriptAssignment(
  column: { readonly name: string; readonly type: ColumnType }, indirection: readonly Node[], val: Node,
  scope: BindScope, params: ParamSlots,
): ColumnAssignment {
  if (!isArrayType(column.type)) {
    throw new SqlError('42804', `cannot subscript type ${formatType(column.type.oid, -1)} because it does not support subscripting`);
  }
  const index = (n: Node | undefined): BoundExpr | null =>
    n === undefined ? null : coerceToType(bindExpr(n, scope, params, { expected: T.int4 }), T.int4, 'assignment');
  const subs = indirection.map((step) => {
    if (kindOf(step) !== 'A_Indices') throw new SqlError('0A000', 'assignment to a field is not supported yet');
    const s = bodyOf<{ is_slice?: boolean; lidx?: Node; uidx?: Node }>(step);
    return { slice: s.is_slice === true, lower: index(s.lidx), upper: index(s.uidx) };
  });
  const slice = subs.some((s) => s.slice);
  const elem = arrayElementType(column.type);
  const target = slice ? column.type : elem;
  const value = coerceForColumn(bindExpr(val, scope, params, { expected: target }), target, column.name);
  const evalIndex = (e: BoundExpr | null, old: readonly Value[], ctx: EvalContext): number | null => {
    if (e === null) return null;
    const v = e.eval(old, ctx);
    if (v === null) throw new SqlError('22004', 'array subscript in assignment must not be null');
    return v as number;
  };
  return (old, current, ctx) => {
    const v = value.eval(old, ctx);
    if (!slice) {
      const idx = subs.map((s) => evalIndex(s.upper, old, ctx)!);
      return arraySetElement(current as PgArray | null, elem.kalam, idx, v);
    }
    if (v === null) return current;
    const lo = subs.map((s) => (s.slice ? evalIndex(s.lower, old, ctx) : 1));
    const hi = subs.map((s) => evalIndex(s.upper, old, ctx));
    return arraySetSlice(current as PgArray | null, elem.kalam, lo, hi, v as PgArray);
  };
}
