/**
 * Polymorphic array functions (anyarray / anycompatiblearray signatures), resolved the way
 * PostgreSQL resolves polymorphic arguments: every array argument contributes its element type,
 * every element argument its own type; the anycompatible family meets them in a common type
 * (array_append(ARRAY[1], 2.5) → numeric[]), the anyarray family needs them equal; untyped
 * arguments then take the resolved type.
 *
 *   array_length(anyarray, int) → int                array_append(anycompatiblearray, anycompatible)
 *   array_to_string(anyarray, text [, text]) → text  array_fill(anyelement, int[] [, int[]])
 */
import { SqlError } from '../../errors/sql-error.js';
import { arrayElementType, arrayTypeOf, isArrayType } from '../../types/array-type.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import { PgArray } from '../../types/pg-array.js';
import { formatText } from '../../types/text-codec.js';
import { arrayAppend, arrayCat, arrayPrepend } from '../../executor/functions/array-ops.js';
import {
  arrayDims, arrayFill, arrayLength, arrayLower, arrayNdims, arrayPosition, arrayPositions, arrayRemove, arrayReplace,
  arrayToString, arrayUpper, notDistinct,
} from '../../executor/functions/array-functions.js';
import type { EvalContext } from './bound-expr.js';
import { type Bound, derive } from './compile.js';
import { coerce } from './coerce.js';
import { commonElementType } from './bind-array-operators.js';
import { baseType, canCoerce, isUnknownType, T } from './expr-types.js';
import { noFunction } from './operator-error.js';

type Slot = 'array' | 'elem' | ColumnType;

interface ArrayFunction {
  readonly params: readonly Slot[];
  /** anycompatible family: argument types meet in a common type; else they must agree exactly. */
  readonly compatible: boolean;
  readonly result: Slot;
  /** NULL in any argument → NULL without calling. */
  readonly strict: boolean;
  readonly impl: (args: readonly Value[], elem: ColumnType, ctx: EvalContext) => Value;
}

const INT4_ARRAY = arrayTypeOf(T.int4)!;

const fixed = (params: readonly Slot[], result: Slot, impl: ArrayFunction['impl'], strict = true): ArrayFunction =>
  ({ params, compatible: false, result, strict, impl });
const compat = (params: readonly Slot[], result: Slot, impl: ArrayFunction['impl'], strict = false): ArrayFunction =>
  ({ params, compatible: true, result, strict, impl });

const arr = (v: Value) => v as PgArray;
const emptyOr = (v: Value, elem: ColumnType): PgArray => (v as PgArray | null) ?? new PgArray(elem.kalam, [], [], []);

function toText(args: readonly Value[], elem: ColumnType, ctx: EvalContext): Value {
  const [a, d, n] = args;
  if (a === null || d === null) return null;
  return arrayToString(arr(a), d as string, (n ?? null) as string | null, (v) => formatText(v, elem, ctx.typeCtx));
}

const FUNCTIONS: Record<string, readonly ArrayFunction[]> = {
  array_length: [fixed(['array', T.int4], T.int4, ([a, d]) => arrayLength(arr(a), d as number))],
  array_lower: [fixed(['array', T.int4], T.int4, ([a, d]) => arrayLower(arr(a), d as number))],
  array_upper: [fixed(['array', T.int4], T.int4, ([a, d]) => arrayUpper(arr(a), d as number))],
  array_ndims: [fixed(['array'], T.int4, ([a]) => arrayNdims(arr(a)))],
  array_dims: [fixed(['array'], T.text, ([a]) => arrayDims(arr(a)))],
  cardinality: [fixed(['array'], T.int4, ([a]) => arr(a).items.length)],
  array_append: [compat(['array', 'elem'], 'array', ([a, e], t) => arrayAppend(emptyOr(a, t), e))],
  array_prepend: [compat(['elem', 'array'], 'array', ([e, a], t) => arrayPrepend(e, emptyOr(a, t)))],
  array_cat: [compat(['array', 'array'], 'array', ([a, b]) => (a === null ? b : b === null ? a : arrayCat(arr(a), arr(b))))],
  array_position: [
    compat(['array', 'elem'], T.int4, ([a, e], t) => (a === null ? null : arrayPosition(arr(a), e, notDistinct(t.kalam), null))),
    compat(['array', 'elem', T.int4], T.int4, ([a, e, s], t) => {
      if (a === null) return null;
      if (s === null) throw new SqlError('22004', 'initial position must not be null');
      return arrayPosition(arr(a), e, notDistinct(t.kalam), s as number);
    }),
  ],
  array_positions: [compat(['array', 'elem'], INT4_ARRAY, ([a, e], t) => (a === null ? null : arrayPositions(arr(a), e, notDistinct(t.kalam))))],
  array_remove: [compat(['array', 'elem'], 'array', ([a, e], t) => (a === null ? null : arrayRemove(arr(a), e, notDistinct(t.kalam))))],
  array_replace: [compat(['array', 'elem', 'elem'], 'array', ([a, x, y], t) => (a === null ? null : arrayReplace(arr(a), x, y, notDistinct(t.kalam))))],
  array_to_string: [
    fixed(['array', T.text], T.text, toText),
    fixed(['array', T.text, T.text], T.text, toText, false),
  ],
  array_fill: [
    fixed(['elem', INT4_ARRAY], 'array', ([v, d], t) => arrayFill(t.kalam, v, d as PgArray | null, null), false),
    fixed(['elem', INT4_ARRAY, INT4_ARRAY], 'array', ([v, d, l], t) => arrayFill(t.kalam, v, d as PgArray | null, l as PgArray | null), false),
  ],
};

export function isArrayFunction(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name);
}

/** The element type the polymorphic arguments agree on, or null if they do not. */
function resolveElement(f: ArrayFunction, args: readonly Bound[]): ColumnType | null {
  const seen: ColumnType[] = [];
  for (let i = 0; i < args.length; i++) {
    const slot = f.params[i]!;
    const t = args[i]!.type;
    if (typeof slot !== 'string' || isUnknownType(t)) continue;
    if (slot === 'array') {
      if (!isArrayType(t)) return null;
      seen.push(baseType(arrayElementType(t)));
    } else {
      if (isArrayType(t)) return null;
      seen.push(baseType(t));
    }
  }
  if (seen.length === 0) return T.text;
  if (f.compatible) return commonElementType(seen);
  return seen.every((t) => t.oid === seen[0]!.oid) ? seen[0]! : null;
}

function slotType(slot: Slot, elem: ColumnType, array: ColumnType): ColumnType {
  return slot === 'array' ? array : slot === 'elem' ? elem : slot;
}

export function bindArrayFunction(name: string, args: readonly Bound[], position?: number): Bound {
  for (const f of FUNCTIONS[name]!) {
    if (f.params.length !== args.length) continue;
    const elem = resolveElement(f, args);
    const array = elem === null ? null : arrayTypeOf(elem);
    if (elem === null || array === null) continue;
    const types = f.params.map((p) => slotType(p, elem, array));
    if (args.some((a, i) => !isUnknownType(a.type) && !canCoerce(a.type, types[i]!, 'implicit'))) continue;
    const coerced = args.map((a, i) => coerce(a, types[i]!, 'implicit'));
    const evals = coerced.map((a) => a.eval);
    const { strict, impl } = f;
    const result = slotType(f.result, elem, array);
    return {
      ...derive(result, name, coerced, (row, c) => {
        const values = evals.map((e) => e(row, c));
        if (strict && values.includes(null)) return null;
        return impl(values, elem, c);
      }, name === 'array_to_string' ? 'stable' : 'immutable', position),
      labelStrength: 2,
    };
  }
  throw noFunction(name, args.map((a) => a.type), position);
}
