/**
 * Arguments of the JSON functions and aggregates, which PostgreSQL lets take whole rows:
 *
 *   SELECT to_json(p), row_to_json(p), json_agg(p ORDER BY p.id) FROM people p
 *   SELECT row_to_json(row(1, 'x'))                  → {"f1":1,"f2":"x"}
 *
 * The engine has no record values, so a whole-row reference (`p`, `p.*`) or ROW(…) is bound here,
 * only as such an argument, to an expression of the internal type `record` whose value is the
 * row's json text. json_agg and friends get their arguments already converted to json text
 * (conversion needs the session's TimeZone, which aggregate steps do not see).
 *
 * Returns null for functions this file does not handle.
 */
import { SqlError } from '../../errors/sql-error.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import { formatJsonb, quoteJsonString } from '../../types/json-text.js';
import type { PgNode } from '../../sql/statement.js';
import {
  jsonCategory, objectKey, RECORD_TYPE, valueToJson, valueToJsonbNode,
} from '../../executor/functions/json-from-value.js';
import { type ExprBinderContext, nodeKind, stringList } from './binder-context.js';
import type { ColumnBinding } from './bound-expr.js';
import { type Bound, derive } from './compile.js';
import { coerce } from './coerce.js';
import { isUnknownType, T } from './expr-types.js';

interface Field { readonly name: string; readonly type: ColumnType; readonly read: Bound['eval'] }

function recordOf(fields: readonly Field[], inputs: readonly Bound[], label: string, position?: number): Bound {
  const keys = fields.map((f) => `${quoteJsonString(f.name)}:`);
  return {
    ...derive(RECORD_TYPE, label, inputs, (row, ctx) => {
      let out = '{';
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i]!;
        out += `${i === 0 ? '' : ','}${keys[i]}${valueToJson(f.read(row, ctx), f.type, ctx.typeCtx)}`;
      }
      return `${out}}`;
    }, 'stable', position),
    labelStrength: 2,
  };
}

function wholeRow(ctx: ExprBinderContext, columns: readonly ColumnBinding[], label: string, position?: number): Bound {
  if (ctx.aggregates !== null && !ctx.inAggregate) {
    throw new SqlError('0A000', 'whole-row references in grouped queries are not supported yet', { position });
  }
  const fields = columns.map((c): Field => ({ name: c.name, type: c.type, read: (row) => row[c.index] ?? null }));
  return recordOf(fields, [], label, position);
}

/** `p`, `p.*` or ROW(…) as a record; anything else bound as usual. */
export function bindRowOrValue(ctx: ExprBinderContext, node: PgNode): Bound {
  const [kind, body] = nodeKind(node);
  const position = ctx.position(body.location);
  if (kind === 'RowExpr') {
    const args = ((body.args as PgNode[] | undefined) ?? []).map((a) => {
      const b = ctx.bind(a);
      return isUnknownType(b.type) ? coerce(b, T.text, 'implicit') : b;
    });
    const fields = args.map((a, i): Field => ({ name: `f${i + 1}`, type: a.type, read: a.eval }));
    return recordOf(fields, args, 'row', position);
  }
  if (kind !== 'ColumnRef') return ctx.bind(node);
  const parts = body.fields as PgNode[];
  if ('A_Star' in parts[parts.length - 1]!) {
    const qualifier = stringList(parts.slice(0, -1));
    if (qualifier.length === 0) throw new SqlError('0A000', '* as a function argument is not supported yet', { position });
    return wholeRow(ctx, ctx.scope.expandStar(qualifier, body.location as number), qualifier[qualifier.length - 1]!, position);
  }
  try {
    return ctx.bind(node);
  } catch (e) {
    const names = stringList(parts);
    if (!(e instanceof SqlError) || e.code !== '42703' || names.length !== 1) throw e;
    let columns: readonly ColumnBinding[];
    try {
      columns = ctx.scope.expandStar(names, body.location as number);
    } catch {
      throw e;
    }
    return wholeRow(ctx, columns, names[0]!, position);
  }
}

function polymorphic(b: Bound, position?: number): Bound {
  if (isUnknownType(b.type)) {
    throw new SqlError('42804', 'could not determine polymorphic type because input has type unknown', { position });
  }
  return b;
}

const textOf = (b: Bound) => (isUnknownType(b.type) ? coerce(b, T.text, 'implicit') : b);

/** The value as json text (records stay records, so json_agg can tell them apart). */
function asJson(b: Bound, jsonb: boolean): Bound {
  const type = b.type;
  if (!jsonb && jsonCategory(type) === 'composite') return b;
  const read = b.eval;
  return derive(jsonb ? T.jsonb : T.json, b.label, [b], (row, ctx) => {
    const v = read(row, ctx);
    if (v === null) return null;
    return jsonb ? formatJsonb(valueToJsonbNode(v, type, ctx.typeCtx)) : valueToJson(v, type, ctx.typeCtx);
  }, 'stable', b.position);
}

/** An object key as text; NULL stays NULL for the aggregate to report. */
function asKey(b: Bound, jsonb: boolean): Bound {
  const type = b.type;
  const read = b.eval;
  return derive(T.text, b.label, [b], (row, ctx) => {
    const v: Value = read(row, ctx);
    return v === null ? null : objectKey(v, type, ctx.typeCtx, 1, jsonb);
  }, 'stable', b.position);
}

const ROW_TAKING = new Set(['to_json', 'to_jsonb', 'row_to_json', 'json_build_object', 'jsonb_build_object',
  'json_build_array', 'jsonb_build_array']);

export function bindJsonCallArgs(ctx: ExprBinderContext, name: string, nodes: readonly PgNode[], position?: number): Bound[] | null {
  if (ROW_TAKING.has(name)) {
    const args = nodes.map((n) => bindRowOrValue(ctx, n));
    return name === 'to_json' || name === 'to_jsonb' ? args.map((a) => polymorphic(a, position)) : args;
  }
  switch (name) {
    case 'json_agg': case 'jsonb_agg':
      if (nodes.length !== 1) return null;
      return [asJson(polymorphic(bindRowOrValue(ctx, nodes[0]!), position), name === 'jsonb_agg')];
    case 'json_object_agg': case 'jsonb_object_agg': {
      if (nodes.length !== 2) return null;
      const jsonb = name === 'jsonb_object_agg';
      const [k, v] = nodes.map((n) => textOf(bindRowOrValue(ctx, n))) as [Bound, Bound];
      return [asKey(k, jsonb), asJson(v, jsonb)];
    }
    default:
      return null;
  }
}
