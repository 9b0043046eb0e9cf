/**
 * The json/jsonb operators, resolved as PostgreSQL resolves them for these operand types:
 *
 *   json(b) -> text|int    json(b) ->> text|int    json(b) #> text[]    json(b) #>> text[]
 *   jsonb @> jsonb   jsonb <@ jsonb   jsonb ? text   jsonb ?| text[]   jsonb ?& text[]
 *   jsonb || jsonb   jsonb - text|int|text[]   jsonb #- text[]
 *
 * An untyped literal takes the type the operator wants (`body @> '{"a": 1}'` parses the literal as
 * jsonb, `body #> '{a,b}'` as text[]). Comparisons (=, <, …) are the generic ones over jsonb's order.
 * Returns null when the operands are not json, so other operator families get their turn.
 */
import { type ColumnType, KalamDataType, type Value } from '../../types/kalam-type.js';
import { PgOid } from '../../types/pg-oids.js';
import { flavorOf } from '../../executor/functions/json-doc.js';
import { jsonArrow, jsonPath, TEXT_ARRAY } from '../../executor/functions/json-functions.js';
import { jsonbContained, jsonbContains, jsonbExists, jsonbExistsMany } from '../../executor/functions/json-containment.js';
import {
  jsonbConcat, jsonbDeleteIndex, jsonbDeleteKey, jsonbDeleteKeys, jsonbDeletePath,
} from '../../executor/functions/json-modify.js';
import type { Bound } from './compile.js';
import { coerce } from './coerce.js';
import { baseType, isStringType, isUnknownType, T } from './expr-types.js';
import { ambiguousOperator, noOperator } from './operator-error.js';
import { strictBinary } from './operators.js';

type BinaryFn = (a: Value, b: Value) => Value;

const isJson = (t: ColumnType) => t.kalam === KalamDataType.JSON && (t.oid === PgOid.JSON || t.oid === PgOid.JSONB);
const isJsonb = (t: ColumnType) => t.oid === PgOid.JSONB;
const isTextArray = (t: ColumnType) => t.oid === TEXT_ARRAY.oid;

/** The right operand as `want`: untyped literals are parsed as it, matching types pass, anything else is no operator. */
function rightAs(op: string, l: Bound, r: Bound, want: ColumnType, position?: number): Bound {
  if (isUnknownType(r.type) || r.type.oid === want.oid) return coerce(r, want, 'implicit');
  if (isStringType(want) && isStringType(r.type)) return coerce(r, want, 'implicit');
  throw noOperator(op, l.type, r.type, position);
}

function bindAccess(op: string, l: Bound, r: Bound, position?: number): Bound {
  if (!isJson(l.type)) throw noOperator(op, l.type, r.type, position);
  const flavor = flavorOf(l.type);
  const asText = op.endsWith('>>');
  const type = asText ? T.text : baseType(l.type);
  if (op.startsWith('#')) return strictBinary(type, l, rightAs(op, l, r, TEXT_ARRAY, position), jsonPath(flavor, asText), position);
  let key = isUnknownType(r.type) ? coerce(r, T.text, 'implicit') : r;
  if (key.type.oid === PgOid.INT2) key = coerce(key, T.int4, 'implicit');
  if (!isStringType(key.type) && key.type.oid !== PgOid.INT4) throw noOperator(op, l.type, r.type, position);
  return strictBinary(type, l, key, jsonArrow(flavor, asText), position);
}

function bindMinus(l: Bound, r: Bound, position?: number): Bound {
  if (isTextArray(r.type)) return strictBinary(T.jsonb, l, r, jsonbDeleteKeys, position);
  if (isUnknownType(r.type) || isStringType(r.type)) return strictBinary(T.jsonb, l, coerce(r, T.text, 'implicit'), jsonbDeleteKey, position);
  if (r.type.oid === PgOid.INT4 || r.type.oid === PgOid.INT2) {
    return strictBinary(T.jsonb, l, coerce(r, T.int4, 'implicit'), jsonbDeleteIndex, position);
  }
  throw noOperator('-', l.type, r.type, position);
}

const JSONB_BOOL_OPS: Record<string, { right: ColumnType; fn: BinaryFn }> = {
  '@>': { right: T.jsonb, fn: jsonbContains },
  '<@': { right: T.jsonb, fn: jsonbContained },
  '?': { right: T.text, fn: jsonbExists },
  '?|': { right: TEXT_ARRAY, fn: jsonbExistsMany(false) },
  '?&': { right: TEXT_ARRAY, fn: jsonbExistsMany(true) },
};

export function bindJsonOperator(op: string, l0: Bound, r0: Bound, position?: number): Bound | null {
  const lu = isUnknownType(l0.type);
  switch (op) {
    case '->': case '->>': case '#>': case '#>>':
      if (lu) throw ambiguousOperator(op, l0.type, r0.type, position);
      return bindAccess(op, l0, r0, position);
    case '@>': case '<@': case '?': case '?|': case '?&': {
      // `'{"a":1}' @> body`: the untyped side takes jsonb from the other.
      const l = lu && isJsonb(r0.type) && (op === '@>' || op === '<@') ? coerce(l0, T.jsonb, 'implicit') : l0;
      if (!isJsonb(l.type)) {
        if (isUnknownType(l.type) && (isUnknownType(r0.type) || op.startsWith('?'))) throw ambiguousOperator(op, l.type, r0.type, position);
        return null;
      }
      const { right, fn } = JSONB_BOOL_OPS[op]!;
      return strictBinary(T.bool, l, rightAs(op, l, r0, right, position), fn, position);
    }
    case '||': {
      const lj = isJsonb(l0.type);
      const rj = isJsonb(r0.type);
      if (!(lj && (rj || isUnknownType(r0.type))) && !(rj && lu)) return null;
      return strictBinary(T.jsonb, coerce(l0, T.jsonb, 'implicit'), coerce(r0, T.jsonb, 'implicit'), jsonbConcat, position);
    }
    case '-':
      return isJsonb(l0.type) ? bindMinus(l0, r0, position) : null;
    case '#-':
      if (!isJsonb(l0.type)) throw noOperator(op, l0.type, r0.type, position);
      return strictBinary(T.jsonb, l0, rightAs(op, l0, r0, TEXT_ARRAY, position), jsonbDeletePath, position);
    default:
      return null;
  }
}
