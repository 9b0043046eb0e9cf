import { describe, expect, it } from 'vitest';
import { PlanNode } from '../../src/planner/explain/plan-node.js';
import { PlanStats } from '../../src/planner/explain/plan-stats.js';
import { renderPlan } from '../../src/planner/explain/render-plan.js';

describe('renderPlan', () => {
  const scan = PlanNode.create('Seq Scan on t', ['Filter: (grp = 3)']);
  const sort = PlanNode.create('Sort', ['Sort Key: val DESC'], [scan]);
  const limit = PlanNode.create('Limit', [], [sort]);

  it("indents children as PostgreSQL's text format does", () => {
    expect(renderPlan(limit, null)).toEqual([
      'Limit',
      '  ->  Sort',
      '        Sort Key: val DESC',
      '        ->  Seq Scan on t',
      '              Filter: (grp = 3)',
    ]);
  });

  it('prints counts, averaged per loop, and filtered rows under ANALYZE', () => {
    const stats = new PlanStats();
    stats.count(scan.key, 100);
    stats.filtered(scan.key, 90);
    stats.count(sort.key, 10);
    stats.note(sort.key, 'Sort Method: quicksort');
    expect(renderPlan(limit, stats)).toEqual([
      'Limit (never executed)',
      '  ->  Sort (actual rows=10 loops=1)',
      '        Sort Key: val DESC',
      '        Sort Method: quicksort',
      '        ->  Seq Scan on t (actual rows=10 loops=1)',
      '              Filter: (grp = 3)',
      '              Rows Removed by Filter: 90',
    ]);
  });

  it('prints WITH queries before the inputs and subplans after', () => {
    const cte = PlanNode.withSidePlans(PlanNode.create('CTE Scan on x', [], [PlanNode.create('Result')]), [
      { label: 'CTE x', plan: PlanNode.create('Seq Scan on t') },
      { label: 'SubPlan', plan: PlanNode.create('Seq Scan on u') },
    ]);
    expect(renderPlan(cte, null)).toEqual([
      'CTE Scan on x',
      '  CTE x',
      '    ->  Seq Scan on t',
      '  ->  Result',
      '  SubPlan 1',
      '    ->  Seq Scan on u',
    ]);
  });
});
