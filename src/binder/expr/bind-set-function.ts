/**
 * A call of a set-returning function, bound: overload chosen and arguments coerced as for scalar
 * functions (bind-function.ts), output columns known, and `rows(inputRow)` producing its rows.
 */
import { SqlError } from '../../errors/sql-error.js';
import { KalamDataType, type ColumnType, type Value } from '../../types/kalam-type.js';
import { PgOid } from '../../types/pg-oids.js';
import { isArrayType } from '../../types/array-type.js';
import { PgRecord } from '../../types/pg-record.js';
import type { PgNode } from '../../sql/statement.js';
import { lookupSetFunction } from '../../executor/functions/index.js';
import type { BindScope, BoundExpr, EvalContext, ParamSlots } from './bound-expr.js';
import { bindExpr, coerceToType, type BindOptions } from './bind-expr.js';
import { choose, paramAt } from './bind-function.js';
import { stringList } from './binder-context.js';
import { baseType, isUnknownType, T } from './expr-types.js';
import { noFunction } from './operator-error.js';
import { calledSchema, checkFunctionSchema } from './function-schema.js';
import { withoutVoidArguments } from './function-arguments.js';

export interface BoundSetFunction {
  readonly name: string;
  /** Column names: `null` where the function's own name (or the FROM alias) applies. */
  readonly columns: readonly { readonly name: string | null; readonly type: ColumnType }[];
  readonly rows: (row: readonly Value[], ctx: EvalContext) => Value[][];
  /** The arguments read no column: the rows are the same for every input row. */
  readonly constant: boolean;
}

/**
 * The function's rows as one column: itself when it returns one, else each row as a record of its
 * columns — what a call in a SELECT list gives (`SELECT jsonb_each(j)` → `(a,1)`).
 */
export function asOneColumn(fn: BoundSetFunction): BoundSetFunction {
  if (fn.columns.length === 1) return fn;
  const fields = fn.columns.map((c) => ({ name: c.name ?? fn.name, type: c.type }));
  return {
    ...fn,
    columns: [{ name: null, type: { kalam: KalamDataType.RECORD, oid: PgOid.RECORD, typmod: -1, fields } }],
    rows: (row, ctx) => fn.rows(row, ctx).map((r) => [new PgRecord(r)]),
  };
}

export function isSetFunctionName(name: string): boolean {
  return lookupSetFunction(name) !== undefined;
}

export function bindSetFunctionCall(
  call: Record<string, unknown>,
  scope: BindScope,
  params: ParamSlots,
  options: BindOptions = {},
): BoundSetFunction {
  const body = withoutVoidArguments(call, params);
  const names = stringList(body.funcname);
  const name = names[names.length - 1]!.toLowerCase();
  const position = typeof body.location === 'number' ? body.location + 1 : undefined;
  const overloads = lookupSetFunction(name);
  if (!overloads) throw new SqlError('42883', `function ${name} does not exist`, { position });
  if (body.agg_star === true || body.agg_distinct === true || body.agg_order !== undefined || body.agg_filter !== undefined || body.over !== undefined) {
    throw new SqlError('42809', `${name} is not an aggregate or window function`, { position });
  }
  const args0 = ((body.args as PgNode[] | undefined) ?? []).map((a) => bindExpr(a, scope, params, { ...options, aggregates: null }));
  const rawTypes = args0.map((a) => (a as { unknownText?: unknown }).unknownText !== undefined ? T.unknown : a.type);
  checkFunctionSchema(calledSchema(names, position), name, rawTypes, position);
  const chosen = choose(overloads, rawTypes);
  if (chosen === null) throw noFunction(name, rawTypes, position);
  const args: BoundExpr[] = args0.map((a, i) => {
    const p = paramAt(chosen, i)!;
    if (p === 'any' && chosen.anyarray) {
      if (isUnknownType(rawTypes[i]!)) throw new SqlError('42804', 'could not determine polymorphic type because input has type unknown');
      if (!isArrayType(a.type)) throw noFunction(names.join('.'), rawTypes, position);
    }
    if (p === 'any') return isUnknownType(a.type) ? coerceToType(a, T.text, 'implicit') : a;
    return coerceToType(a, p, 'implicit');
  });
  const types = args.map((a) => baseType(a.type));
  const impl = chosen.build(types);
  const strict = chosen.strict !== false;
  return {
    name,
    columns: chosen.columns(types),
    constant: chosen.volatility === 'immutable' && args.every((a) => a.constant === true),
    rows: (row, ctx) => {
      const values = args.map((a) => a.eval(row, ctx));
      if (strict && values.some((v) => v === null)) return [];
      return impl(values, ctx);
    },
  };
}
