/**
 * ARRAY[…] constructors and subscripts, PostgreSQL's transformArrayExpr and transformIndirection:
 *
 *   ARRAY[1, 2.5]            elements of a common type (select_common_type, context "ARRAY") → numeric[]
 *   ARRAY[[1,2],[3,4]]       sub-arrays (or elements of an array type) make a dimension more
 *   ARRAY[]::int[]           an empty constructor needs its type from a cast (42P18 otherwise)
 *   a[2]   a[2][1]           one element; NULL when out of range or the subscript count differs
 *   a[2:3] a[:2] a[1][2:3]   a slice, bounds clamped; any slice makes every subscript a slice
 */
import { SqlError } from '../../errors/sql-error.js';
import { arrayElementType, arrayTypeOf, isArrayType } from '../../types/array-type.js';
import { tooManyDimensions } from '../../types/array-text.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import { MAX_ARRAY_DIMS, PgArray } from '../../types/pg-array.js';
import type { PgNode } from '../../sql/statement.js';
import { arrayElement, arraySlice } from '../../executor/functions/array-subscript.js';
import { type ExprBinderContext, nodeKind } from './binder-context.js';
import { type Bound, constant, derive } from './compile.js';
import { coerce } from './coerce.js';
import { selectCommonType } from './bind-conditional.js';
import { T, typeDisplay } from './expr-types.js';
import { selectField } from './bind-field-select.js';

const LABEL = 'array';

function mismatchedDimensions(): SqlError {
  return new SqlError('2202E', 'multidimensional arrays must have array expressions with matching dimensions');
}

/** Stacks sub-arrays into one more dimension; NULL and empty sub-arrays are left out, as PostgreSQL does. */
function stack(parts: readonly Value[], elemKalam: PgArray['elemKalam']): PgArray {
  const subs = parts.filter((p): p is PgArray => p !== null && (p as PgArray).ndims > 0) as PgArray[];
  if (subs.length === 0) return new PgArray(elemKalam, [], [], []);
  if (subs.length !== parts.length) throw mismatchedDimensions();
  const first = subs[0]!;
  if (first.ndims + 1 > MAX_ARRAY_DIMS) throw tooManyDimensions(first.ndims + 1);
  const items: Value[] = [];
  for (const s of subs) {
    if (s.ndims !== first.ndims || s.dims.some((d, i) => d !== first.dims[i] || s.lbounds[i] !== first.lbounds[i])) {
      throw mismatchedDimensions();
    }
    items.push(...s.items);
  }
  return new PgArray(elemKalam, items, [subs.length, ...first.dims], [1, ...first.lbounds]);
}

/** ARRAY[…]; `target` is the array type of an enclosing cast (`ARRAY[…]::int[]`), if any. */
export function bindArrayExpr(ctx: ExprBinderContext, body: Record<string, unknown>, target?: ColumnType): Bound {
  const position = ctx.position(body.location);
  const nodes = (body.elements as PgNode[] | undefined) ?? [];
  if (nodes.length === 0) {
    if (target === undefined) {
      throw new SqlError('42P18', 'cannot determine type of empty array', {
        position, hint: 'Explicitly cast to the desired type, for example ARRAY[]::integer[].',
      });
    }
    return { ...constant(new PgArray(arrayElementType(target).kalam, [], [], []), target, LABEL, position), labelStrength: 2 };
  }
  let multidims = false;
  const elems = nodes.map((n) => {
    const [kind, sub] = nodeKind(n);
    if (kind === 'A_ArrayExpr') {
      multidims = true;
      return bindArrayExpr(ctx, sub, target);
    }
    const e = ctx.bind(n);
    if (isArrayType(e.type)) multidims = true;
    return e;
  });
  let arrayType: ColumnType;
  let elemType: ColumnType;
  if (target !== undefined) {
    arrayType = target;
    elemType = arrayElementType(target);
  } else {
    const common = selectCommonType(elems, 'ARRAY');
    if (multidims) {
      if (!isArrayType(common)) throw new SqlError('42704', `could not find element type for data type ${typeDisplay(common)}`, { position });
      arrayType = common;
      elemType = arrayElementType(common);
    } else {
      const a = arrayTypeOf(common);
      if (a === null) throw new SqlError('42704', `could not find array type for data type ${typeDisplay(common)}`, { position });
      arrayType = a;
      elemType = common;
    }
  }
  const context = target !== undefined ? 'explicit' : 'implicit';
  const coerced = elems.map((e) => coerce(e, multidims ? arrayType : elemType, context));
  const evals = coerced.map((e) => e.eval);
  const kalam = elemType.kalam;
  const type = { ...arrayType, typmod: target?.typmod ?? -1 };
  const fn = multidims
    ? (row: readonly Value[], c: Parameters<Bound['eval']>[1]) => stack(evals.map((e) => e(row, c)), kalam)
    : (row: readonly Value[], c: Parameters<Bound['eval']>[1]) => PgArray.of(kalam, evals.map((e) => e(row, c)));
  return { ...derive(type, LABEL, coerced, fn, 'immutable', position), labelStrength: 2 };
}

/** One `[…]`: a single subscript is `upper` alone (libpg-query's uidx), as in PostgreSQL's A_Indices. */
export interface Subscript {
  readonly slice: boolean;
  readonly lower: Bound | null;
  readonly upper: Bound | null;
}

function bindSubscript(ctx: ExprBinderContext, node: Record<string, unknown>): Subscript {
  const bindIndex = (n: unknown): Bound | null => {
    if (n === undefined) return null;
    const e = ctx.bind(n as PgNode);
    const position = e.position;
    try {
      return coerce(e, T.int4, 'assignment');
    } catch (err) {
      if (err instanceof SqlError && err.code === '42804') {
        throw new SqlError('42804', `array subscript must have type integer`, { position });
      }
      throw err;
    }
  };
  return { slice: node.is_slice === true, lower: bindIndex(node.lidx), upper: bindIndex(node.uidx) };
}

/** `expr[i]`, `expr[i:j]` and field selections `(expr).f`, stacked: `(r).a[1]`, `(a[1]).f`. */
export function bindIndirection(ctx: ExprBinderContext, body: Record<string, unknown>): Bound {
  let arg = ctx.bind(body.arg as PgNode);
  const steps = body.indirection as PgNode[];
  let subscripts: Subscript[] = [];
  for (const step of steps) {
    const [kind, node] = nodeKind(step);
    if (kind === 'A_Indices') {
      subscripts.push(bindSubscript(ctx, node));
      continue;
    }
    if (subscripts.length > 0) arg = subscriptExpr(arg, subscripts);
    subscripts = [];
    if (kind !== 'String') throw new SqlError('0A000', 'expanding a row value with .* is not supported yet', { position: arg.position });
    arg = selectField(arg, node.sval as string);
  }
  return subscripts.length > 0 ? subscriptExpr(arg, subscripts) : arg;
}

export function subscriptExpr(arg0: Bound, subscripts: readonly Subscript[]): Bound {
  const arg = isArrayType(arg0.type) || arg0.unknownText === undefined ? arg0 : coerce(arg0, T.text, 'implicit');
  if (!isArrayType(arg.type)) {
    throw new SqlError('42804', `cannot subscript type ${typeDisplay(arg.type)} because it does not support subscripting`,
      { position: arg.position });
  }
  if (subscripts.length > MAX_ARRAY_DIMS) throw tooManyDimensions(subscripts.length);
  const slice = subscripts.some((s) => s.slice);
  const lowers = subscripts.map((s) => (s.slice ? s.lower : null));
  const uppers = subscripts.map((s) => s.upper);
  const inputs = [arg, ...lowers, ...uppers].filter((b): b is Bound => b !== null);
  const ae = arg.eval;
  const le = lowers.map((b) => b?.eval ?? null);
  const ue = uppers.map((b) => b?.eval ?? null);
  const label = arg.label;
  if (!slice) {
    return {
      ...derive(arrayElementType(arg.type), label, inputs, (row, c) => {
        const a = ae(row, c);
        if (a === null) return null;
        const idx = new Array<number>(ue.length);
        for (let i = 0; i < ue.length; i++) {
          const v = ue[i]!(row, c);
          if (v === null) return null;
          idx[i] = v as number;
        }
        return arrayElement(a as PgArray, idx);
      }, 'immutable', arg.position),
      labelStrength: arg.labelStrength,
    };
  }
  return {
    ...derive({ ...arg.type, typmod: arg.type.typmod }, label, inputs, (row, c) => {
      const a = ae(row, c);
      if (a === null) return null;
      const lo = new Array<number | null>(le.length);
      const hi = new Array<number | null>(ue.length);
      for (let i = 0; i < ue.length; i++) {
        // Slice subscripts written as a single number n mean 1:n.
        if (le[i] === null) lo[i] = subscripts[i]!.slice ? null : 1;
        else {
          const v = le[i]!(row, c);
          if (v === null) return null;
          lo[i] = v as number;
        }
        if (ue[i] === null) hi[i] = null;
        else {
          const v = ue[i]!(row, c);
          if (v === null) return null;
          hi[i] = v as number;
        }
      }
      return arraySlice(a as PgArray, lo, hi);
    }, 'immutable', arg.position),
    labelStrength: arg.labelStrength,
  };
}
