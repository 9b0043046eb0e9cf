/**
 * The subqueries met while binding one query's expressions (its WHERE, select list, HAVING,
 * ORDER BY, JOIN … ON; or one DML statement's), planned in the order met. The query calls
 * `prepare` (or `prefetch` / `prepareSync`) at the points subplan.ts describes.
 */
import type { ParamSlots, EvalContext } from '../../binder/expr/bound-expr.js';
import type { SubqueryBoundary, SubqueryHandle, SubqueryPlanner } from '../../binder/expr/subquery-boundary.js';
import type { PgNode } from '../../sql/statement.js';
import type { SessionContext } from '../session-context.js';
import { prepareSelectSource } from '../query/select-source.js';
import { Subplan } from './subplan.js';
import type { SidePlan } from '../../planner/explain/plan-node.js';

export class SubplanList implements SubqueryPlanner {
  private readonly plans: Subplan[] = [];

  constructor(
    private readonly ctx: SessionContext,
    private readonly params: ParamSlots,
  ) {}

  plan(select: PgNode, boundary: SubqueryBoundary): SubqueryHandle {
    const source = prepareSelectSource(this.ctx, select, this.params, boundary);
    const plan = new Subplan(source, boundary.usesEnclosingRow, boundary.usesOuterLevels);
    this.plans.push(plan);
    return plan;
  }

  /** EXPLAIN: each subquery's plan, `SubPlan` when it runs per row, else `InitPlan`. */
  sidePlans(): SidePlan[] {
    return this.plans.map((p) => ({ label: p.perRow ? 'SubPlan' : 'InitPlan', plan: p.source.plan }));
  }

  get count(): number {
    return this.plans.length;
  }

  /** Forgets the plans after the first `count`: their binding was abandoned. */
  truncate(count: number): void {
    this.plans.length = count;
  }

  /** Some subquery runs once per row: evaluating rows is long work, worth yielding in. */
  get perRow(): boolean {
    return this.plans.some((p) => p.perRow);
  }

  async prepare(ctx: SessionContext, ectx: EvalContext): Promise<void> {
    for (const p of this.plans) await p.prepare(ctx, ectx);
  }

  async prefetch(ctx: SessionContext, ectx: EvalContext): Promise<void> {
    for (const p of this.plans) await p.prefetch(ctx, ectx);
  }

  prepareSync(ectx: EvalContext): void {
    for (const p of this.plans) p.prepareSync(ectx);
  }
}
