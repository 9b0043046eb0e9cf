/**
 * A statement bound and planned once, run many times (the extended protocol's prepared
 * statement, and the simple protocol's one-shot plan alike).
 */
import type { ColumnType, Value } from '../types/kalam-type.js';
import type { SessionContext } from './session-context.js';
import type { PlanNode } from '../planner/explain/plan-node.js';
import type { PlanStats } from '../planner/explain/plan-stats.js';

export interface OutputColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly tableOid: number;
  readonly attnum: number;
  /** An untyped literal (NULL, 'x') in a SELECT list: UNION and VALUES give it the others' type. */
  readonly untyped?: boolean;
}

export interface StatementResult {
  /** CommandComplete tag: 'SELECT 3', 'INSERT 0 1', 'CREATE TABLE' … */
  readonly tag: string;
  readonly rows?: Value[][];
}

export interface PreparedStatement {
  /** Result columns, or null when the statement returns no rows (NoData). */
  readonly columns: readonly OutputColumn[] | null;
  /** Types of $1..$n, every one resolved. */
  readonly paramTypes: readonly ColumnType[];
  /** SchemaStore.version at planning: a different version means plan again. */
  readonly catalogVersion: number;
  /** Transaction-control statements run even in a failed transaction block (ROLLBACK, COMMIT). */
  readonly allowedInFailedBlock?: boolean;
  /** `stats`: EXPLAIN ANALYZE's counters, handed to the operators through EvalContext. */
  execute(ctx: SessionContext, params: readonly Value[], stats?: PlanStats): Promise<StatementResult>;
  /** The operator tree EXPLAIN prints; absent for statements EXPLAIN does not take. */
  readonly plan?: PlanNode;
}
