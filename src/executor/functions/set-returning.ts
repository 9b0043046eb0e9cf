/**
 * Set-returning functions: name → overloads that produce rows instead of one value. They run in
 * FROM (`FROM generate_series(1, 3) AS g(n)`, laterally per left row when their arguments name
 * earlier FROM items) and in a SELECT list (`SELECT generate_series(1, 3)`: PostgreSQL's
 * ProjectSet, see select-list-srf.ts).
 *
 * A scalar SRF yields one-column rows named after the function (or its alias); a record SRF
 * (jsonb_each) declares its columns.
 */
import type { ColumnType, Value } from '../../types/kalam-type.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import type { Volatility } from '../../binder/expr/compile.js';
import type { ParamType } from './function-registry.js';

export type SetFunctionImpl = (args: readonly Value[], ctx: EvalContext) => Value[][];

export interface SetFunctionOverload {
  readonly params: readonly ParamType[];
  readonly variadic?: ParamType;
  /** The output columns; `null` name means "the function's name, or the alias". */
  readonly columns: (argTypes: readonly ColumnType[]) => readonly { readonly name: string | null; readonly type: ColumnType }[];
  readonly volatility: Volatility;
  /**
   * Its 'any' parameters are PostgreSQL's anyarray: they take arrays only (42883 otherwise), and an
   * untyped literal cannot decide them (42804).
   */
  readonly anyarray?: boolean;
  /** NULL in any argument → no rows, without calling (STRICT). Default true. */
  readonly strict?: boolean;
  readonly build: (argTypes: readonly ColumnType[]) => SetFunctionImpl;
}

const REGISTRY = new Map<string, SetFunctionOverload[]>();

export function registerSetFunction(name: string, ...overloads: SetFunctionOverload[]): void {
  const key = name.toLowerCase();
  REGISTRY.set(key, [...(REGISTRY.get(key) ?? []), ...overloads]);
}

export function lookupSetFunction(name: string): readonly SetFunctionOverload[] | undefined {
  return REGISTRY.get(name.toLowerCase());
}

/** A one-column SRF whose implementation does not depend on the argument types. */
export function scalarSetOverload(
  params: readonly ParamType[],
  result: ColumnType,
  impl: (args: readonly Value[], ctx: EvalContext) => Value[],
  options: { volatility?: Volatility; strict?: boolean } = {},
): SetFunctionOverload {
  return {
    params,
    columns: () => [{ name: null, type: result }],
    volatility: options.volatility ?? 'immutable',
    strict: options.strict ?? true,
    build: () => (args, ctx) => impl(args, ctx).map((v) => [v]),
  };
}
