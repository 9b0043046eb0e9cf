/**
 * One subquery of an expression, planned, and how it runs. Expressions are synchronous
 * (BoundExpr.eval) while reading storage is not (RowSource.run), so nothing a subquery needs from
 * storage may be read while a row is evaluated. Everything is read before the enclosing query
 * evaluates its first row:
 *
 *   uncorrelated      an init plan: run (asynchronously) once per statement execution, before
 *                     the rows; `rows()` returns the memoised result. An error is memoised too
 *                     and raised where the value is first used, so `CASE WHEN false THEN
 *                     (SELECT 1/0) END` succeeds, as PostgreSQL evaluates init plans lazily.
 *   outer levels only  (references a query further out, not the enclosing row): run once per run
 *                     of the enclosing query, which is itself a correlated subquery.
 *   correlated        its base rows are fetched once, ahead (`prefetch`: table scans and point
 *                     lookups do not depend on outer rows, see pk-point-lookup.ts); then per row
 *                     of the enclosing query it re-runs synchronously (`runSync`) over them, with
 *                     that row pushed on EvalContext.outerRows.
 *
 *   SELECT name FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.id)
 *     statement start: fetch emp's rows into the memo          (async, once)
 *     per dept row d:  emp rows → WHERE e.dept_id = d.id → any?  (sync, outerRows = [d])
 *
 * Fetching once also gives every evaluation the same snapshot, which DML needs: in
 * `UPDATE t SET x = (SELECT max(x) FROM t)` the subquery sees the table as the statement found it.
 */
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import type { SubqueryColumn, SubqueryHandle } from '../../binder/expr/subquery-boundary.js';
import { SqlError } from '../../errors/sql-error.js';
import type { Value } from '../../types/kalam-type.js';
import type { SessionContext } from '../session-context.js';
import type { RowSource } from '../query/select-source.js';
import { internal, memoOf } from './subquery-memo.js';

type Outcome = { readonly rows: Value[][] } | { readonly error: SqlError };

export class Subplan implements SubqueryHandle {
  constructor(
    readonly source: RowSource,
    /** Reads the enclosing query's row: runs per row. */
    readonly perRow: boolean,
    /** Reads rows further out: an init plan must be redone per run of the enclosing query. */
    readonly usesOuterLevels: boolean,
  ) {}

  get columns(): readonly SubqueryColumn[] {
    return this.source.columns;
  }

  rows(row: readonly Value[], ectx: EvalContext): readonly (readonly Value[])[] {
    if (this.perRow) {
      ectx.checkCancel();
      const run = () => this.source.runSync({ ...ectx, outerRows: [row, ...(ectx.outerRows ?? [])] });
      return ectx.memory ? ectx.memory.transient(run) : run();
    }
    const done = memoOf(ectx).get(this) as Outcome | undefined;
    if (done === undefined) throw internal('an init plan was read before it ran');
    if ('error' in done) throw done.error;
    return done.rows;
  }

  /** Before an asynchronous run of the enclosing query. */
  async prepare(ctx: SessionContext, ectx: EvalContext): Promise<void> {
    if (this.perRow) return this.source.prefetch(ctx, ectx);
    if (this.isDone(ectx)) return;
    memoOf(ectx).set(this, await outcome(() => this.source.run(ctx, asInitPlan(ectx))));
  }

  /** Before the enclosing query runs synchronously: its inputs, for every run to come. */
  async prefetch(ctx: SessionContext, ectx: EvalContext): Promise<void> {
    if (this.perRow || this.usesOuterLevels) return this.source.prefetch(ctx, ectx);
    return this.prepare(ctx, ectx);
  }

  /** At the start of each synchronous run of the enclosing query. */
  prepareSync(ectx: EvalContext): void {
    if (this.perRow || this.isDone(ectx)) return;
    const memo = memoOf(ectx);
    try {
      memo.set(this, { rows: this.source.runSync(asInitPlan(ectx)) });
    } catch (e) {
      memo.set(this, { error: deferrable(e) });
    }
  }

  private isDone(ectx: EvalContext): boolean {
    return !this.usesOuterLevels && memoOf(ectx).has(this);
  }
}

/**
 * The context an init plan runs in. Its names were bound one level below the enclosing query, so
 * `levelsUp` n reads outerRows[n - 1]; level 1 (the enclosing row) it never reads — that would make
 * it per-row — but the levels beyond must line up: a placeholder takes the enclosing row's place.
 */
function asInitPlan(ectx: EvalContext): EvalContext {
  return { ...ectx, outerRows: [NO_ROW, ...(ectx.outerRows ?? [])] };
}

const NO_ROW: readonly Value[] = Object.freeze([]);

async function outcome(run: () => Promise<Value[][]>): Promise<Outcome> {
  try {
    return { rows: await run() };
  } catch (e) {
    return { error: deferrable(e) };
  }
}

/** SQL errors wait for the value's first use; cancellation and bugs do not wait. */
function deferrable(e: unknown): SqlError {
  if (e instanceof SqlError && e.code !== '57014' && e.code !== 'XX000') return e;
  throw e;
}
