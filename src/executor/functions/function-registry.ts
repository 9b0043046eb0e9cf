/**
 * The scalar function library: name → overloads. The binder picks an overload the way PostgreSQL
 * does (exact argument matches first, then implicit casts, untyped literals preferring text) and
 * coerces the arguments to its parameter types; the overload's `build` runs once per call site,
 * when the argument types are known, and returns the per-row implementation.
 *
 * Other parts (system/ for catalog functions) add theirs with `registerFunction`.
 */
import type { ColumnType, Value } from '../../types/kalam-type.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import type { Volatility } from '../../binder/expr/compile.js';

/** A parameter type, or 'any' for polymorphic-by-value functions (concat, pg_typeof). */
export type ParamType = ColumnType | 'any';

export type FunctionImpl = (args: readonly Value[], ctx: EvalContext) => Value;

export interface FunctionOverload {
  readonly params: readonly ParamType[];
  /** Further arguments, each of this type (concat's VARIADIC "any"). */
  readonly variadic?: ParamType;
  readonly result: ColumnType | ((argTypes: readonly ColumnType[]) => ColumnType);
  readonly volatility: Volatility;
  /** NULL in any argument → NULL without calling (PostgreSQL's STRICT). Default true. */
  readonly strict?: boolean;
  /** Parameter names, for calls with named arguments (`make_interval(days => 3)`). */
  readonly argNames?: readonly string[];
  /** Defaults of the last parameters, for calls that leave them out. */
  readonly defaults?: readonly Value[];
  /** Called once per call site with the argument types after coercion. */
  readonly build: (argTypes: readonly ColumnType[]) => FunctionImpl;
}

const REGISTRY = new Map<string, FunctionOverload[]>();

export function registerFunction(name: string, ...overloads: FunctionOverload[]): void {
  const key = name.toLowerCase();
  const list = REGISTRY.get(key) ?? [];
  list.push(...overloads);
  REGISTRY.set(key, list);
}

export function lookupFunction(name: string): readonly FunctionOverload[] | undefined {
  return REGISTRY.get(name.toLowerCase());
}

/** An overload whose implementation does not depend on the argument types. */
export function overload(
  params: readonly ParamType[], result: ColumnType, impl: FunctionImpl,
  options: {
    volatility?: Volatility; strict?: boolean; variadic?: ParamType; argNames?: readonly string[]; defaults?: readonly Value[];
  } = {},
): FunctionOverload {
  return {
    params, result, volatility: options.volatility ?? 'immutable', strict: options.strict ?? true,
    variadic: options.variadic, argNames: options.argNames, defaults: options.defaults, build: () => impl,
  };
}
