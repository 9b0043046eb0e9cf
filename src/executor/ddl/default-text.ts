/**
 * A column default's text as pg_get_expr prints it. PostgreSQL turns a constant default into a
 * Const of its type when the table is created, and ruleutils.c prints that Const back:
 *
 *   DEFAULT '1'         on boolean   →  true
 *   DEFAULT '0'         on integer   →  0
 *   DEFAULT -1          on integer   →  '-1'::integer
 *   DEFAULT '{"a":1}'   on jsonb     →  '{"a": 1}'::jsonb
 *   DEFAULT 'x'         on varchar   →  'x'::character varying
 *   DEFAULT 1.5         on float8    →  1.5            (a numeric Const, cast implicitly)
 *   DEFAULT 0::bigint               →  (0)::bigint    (an explicit cast of an integer Const)
 *
 * Anything that is not a constant (calls, operators) prints as written (deparse-default.ts).
 */
import { bodyOf, kindOf, stringList, type Node } from '../../binder/ast.js';
import { deparseExpr } from '../../binder/deparse-default.js';
import { formatType } from '../../types/format-type.js';
import type { ColumnType } from '../../types/kalam-type.js';
import { PgOid } from '../../types/pg-oids.js';
import { formatText, parseText } from '../../types/text-codec.js';
import { DEFAULT_TYPE_CONTEXT } from '../../types/type-context.js';
import { typeOfOid } from '../../types/type-registry.js';
import { resolveTypeName } from '../../types/declared-type.js';
import { ordersByLabels } from '../../types/enum-types.js';

interface ConstNode {
  isnull?: boolean;
  ival?: { ival?: number };
  fval?: { fval: string };
  boolval?: { boolval?: boolean };
  sval?: { sval?: string };
}

/** A Const: its type and its text as the type's output function writes it. */
interface Constant {
  readonly type: ColumnType;
  readonly text: string;
}

export function defaultExprText(expr: Node, column: ColumnType): string {
  const kind = kindOf(expr);
  if (kind === 'A_Const') {
    const c = literalConstant(bodyOf<ConstNode>(expr), column);
    return c ? constText(c) : deparseExpr(expr);
  }
  if (kind === 'TypeCast') return castText(bodyOf<{ arg: Node; typeName: TypeNameNode }>(expr)) ?? deparseExpr(expr);
  return deparseExpr(expr);
}

interface TypeNameNode {
  names: Node[];
  typmods?: Node[];
  arrayBounds?: unknown[];
}

/**
 * `'x'::jsonb` is folded into a jsonb Const; `0::bigint` stays a cast of an integer Const, and a
 * cast of anything else prints its argument in parentheses: `(now())::text`.
 */
function castText(cast: { arg: Node; typeName: TypeNameNode }): string | undefined {
  if ((cast.typeName.typmods?.length ?? 0) > 0) return undefined;
  const target = builtInType(cast.typeName);
  if (!target) return undefined;
  const label = `::${formatType(target.oid, -1)}`;
  if (kindOf(cast.arg) !== 'A_Const') return `(${deparseExpr(cast.arg)})${label}`;
  const c = literalConstant(bodyOf<ConstNode>(cast.arg), target);
  if (!c) return undefined;
  return c.type.oid === target.oid ? constText(c) : `(${constText(c)})${label}`;
}

/** A cast's type when it is a built-in one; a user type (an enum) prints as written. */
function builtInType(tn: TypeNameNode): ColumnType | undefined {
  try {
    return resolveTypeName(stringList(tn.names), [], (tn.arrayBounds?.length ?? 0) > 0).type;
  } catch {
    return undefined;
  }
}

/**
 * The Const a literal becomes: an integer is int4 (int8, numeric when larger), a decimal is
 * numeric, a string takes the type it is coerced to (read with no typmod, except interval's).
 */
function literalConstant(c: ConstNode, stringType: ColumnType): Constant | undefined {
  if (c.isnull) return undefined;
  if (c.ival) return { type: typeOfOid(PgOid.INT4), text: String(c.ival.ival ?? 0) };
  if (c.boolval) return { type: typeOfOid(PgOid.BOOL), text: c.boolval.boolval ? 't' : 'f' };
  if (c.fval) {
    const f = c.fval.fval;
    const int8 = /^-?\d+$/.test(f) && BigInt(f) >= -(2n ** 63n) && BigInt(f) < 2n ** 63n;
    return typed(f, typeOfOid(int8 ? PgOid.INT8 : PgOid.NUMERIC));
  }
  if (c.sval) {
    // An enum label prints as written, with the enum's name: 'ok'::mood.
    if (ordersByLabels(stringType.oid)) return { type: stringType, text: c.sval.sval ?? '' };
    return typed(c.sval.sval ?? '', stringType.oid === PgOid.INTERVAL ? stringType : typeOfOid(stringType.oid));
  }
  return undefined;
}

function typed(input: string, type: ColumnType): Constant | undefined {
  const v = parseText(input, type, DEFAULT_TYPE_CONTEXT);
  return v === null ? undefined : { type, text: formatText(v, type, DEFAULT_TYPE_CONTEXT) };
}

/** ruleutils.c get_const_expr: which constants print bare and which need quotes and a cast. */
function constText(c: Constant): string {
  const label = `::${formatType(c.type.oid, -1)}`;
  const quoted = `'${c.text.replace(/'/g, "''")}'`;
  switch (c.type.oid) {
    case PgOid.BOOL:
      return c.text === 't' ? 'true' : 'false';
    case PgOid.INT4:
      // A negative one is quoted so that it reads back as a constant, not as minus a constant.
      return c.text.startsWith('-') ? quoted + label : c.text;
    case PgOid.NUMERIC:
      return /^\d/.test(c.text) && /[eE.]/.test(c.text) ? c.text : quoted + label;
    default:
      return quoted + label;
  }
}
