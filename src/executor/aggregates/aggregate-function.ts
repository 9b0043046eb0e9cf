/**
 * An aggregate's transition machinery, as PostgreSQL defines one: an initial state, a step per
 * input row, a final function. The AggregateAccumulator (aggregate-accumulator.ts) wraps it with
 * FILTER, DISTINCT, ORDER BY and NULL skipping, so implementations only see rows that count.
 */
import type { ColumnType, Value } from '../../types/kalam-type.js';

export interface AggregateFunction<S = unknown> {
  readonly name: string;
  readonly resultType: ColumnType;
  /** Rows whose arguments hold a NULL are skipped (every built-in except count(*) and string_agg's delimiter). */
  readonly strict: boolean;
  init(): S;
  step(state: S, args: readonly Value[]): S;
  final(state: S): Value;
}

/** The overload of an aggregate for given argument types, and the types to coerce the arguments to. */
export interface ResolvedAggregate {
  readonly fn: AggregateFunction;
  readonly paramTypes: readonly ColumnType[];
}

export interface AggregateDefinition {
  readonly name: string;
  /**
   * What an untyped argument ('1', NULL) resolves to, as PostgreSQL's func_select_candidate
   * decides: the category's preferred type when every overload is of one category (stddev →
   * double precision), 'ambiguous' (42725) when they span categories (sum: numbers and
   * interval). Default: text.
   */
  readonly unknownArgument?: ColumnType | 'ambiguous';
  /** null when no overload accepts these (already unknown-resolved) argument types. */
  resolve(argTypes: readonly ColumnType[]): ResolvedAggregate | null;
}
