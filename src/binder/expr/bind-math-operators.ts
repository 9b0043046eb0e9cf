/**
 * PostgreSQL's integer bit operators and its prefix math operators:
 *
 *   a & b   a | b   a # b   ~a      int2/int4/int8, both sides promoted to the wider type
 *   a << n  a >> n                  n is int4; the result has a's type
 *   |/ x    ||/ x                   square and cube root of float8
 *   @ x                             abs() of any numeric type
 */
import type { ColumnType } from '../../types/kalam-type.js';
import { PgOid } from '../../types/pg-oids.js';
import { bitwiseFor, bitwiseNotFor, type BitOp } from '../../executor/functions/integer-functions.js';
import { callScalar } from './bind-function.js';
import { type Bound, derive } from './compile.js';
import { coerce } from './coerce.js';
import { baseType, canCoerce, isIntegerType, isUnknownType, numericCommonType, T } from './expr-types.js';
import { ambiguousOperator, noOperator } from './operator-error.js';
import { strictBinary, unifyUnknowns } from './operators.js';

export const BIT_OPERATORS = new Set(['&', '|', '#', '<<', '>>']);
export const PREFIX_MATH_OPERATORS = new Set(['|/', '||/', '@', '~']);

export function bindBitOperator(op: BitOp, l0: Bound, r0: Bound, position?: number): Bound {
  if (isUnknownType(l0.type) && isUnknownType(r0.type)) throw ambiguousOperator(op, l0.type, r0.type, position);
  if (op === '<<' || op === '>>') {
    const l = isUnknownType(l0.type) ? coerce(l0, T.int4, 'implicit') : l0;
    const r = isUnknownType(r0.type) ? coerce(r0, T.int4, 'implicit') : r0;
    const shiftable = r.type.oid === PgOid.INT4 || r.type.oid === PgOid.INT2;
    const fn = isIntegerType(l.type) && shiftable ? bitwiseFor(op, l.type.kalam) : null;
    if (fn === null) throw noOperator(op, l.type, r.type, position);
    return strictBinary(baseType(l.type), l, coerce(r, T.int4, 'implicit'), fn, position);
  }
  const [l, r] = unifyUnknowns(l0, r0, null);
  const common = numericCommonType(l.type, r.type);
  const fn = common !== null && isIntegerType(common) ? bitwiseFor(op, common.kalam) : null;
  if (fn === null || common === null) throw noOperator(op, l.type, r.type, position);
  return strictBinary(common, coerce(l, common, 'implicit'), coerce(r, common, 'implicit'), fn, position);
}

function asFloat8(op: string, e: Bound, position?: number): Bound {
  if (!isUnknownType(e.type) && !canCoerce(e.type, T.float8, 'implicit')) throw noOperator(op, null, e.type, position);
  return coerce(e, T.float8, 'implicit');
}

/** A prefix operator computed by a scalar function, labelled as an operator is. */
function viaFunction(name: string, arg: Bound, position?: number): Bound {
  return { ...callScalar(name, [arg], position, '?column?'), labelStrength: 0 };
}

export function bindPrefixMathOperator(op: string, e: Bound, position?: number): Bound {
  switch (op) {
    case '|/': return viaFunction('sqrt', asFloat8(op, e, position), position);
    case '||/': return viaFunction('cbrt', asFloat8(op, e, position), position);
    case '@': {
      const arg = isUnknownType(e.type) ? coerce(e, T.float8, 'implicit') : e;
      if (!canCoerce(arg.type, T.float8, 'implicit')) throw noOperator(op, null, arg.type, position);
      return viaFunction('abs', arg, position);
    }
    default: {
      const arg = isUnknownType(e.type) ? coerce(e, T.int4, 'implicit') : e;
      const fn = isIntegerType(arg.type) ? bitwiseNotFor(arg.type.kalam) : null;
      if (fn === null) throw noOperator(op, null, arg.type, position);
      const type: ColumnType = baseType(arg.type);
      const inner = arg.eval;
      return derive(type, '?column?', [arg], (row, ctx) => {
        const v = inner(row, ctx);
        return v === null ? null : fn(v);
      }, 'immutable', position);
    }
  }
}
