/**
 * A PlanNode tree as PostgreSQL's text format prints it, one output row per line:
 *
 *   Limit (actual rows=10 loops=1)           node: its name, then (with ANALYZE) its counts
 *     ->  Sort                                child: "->  " two spaces right of its parent
 *           Sort Key: val DESC                detail: under the name
 *           ->  Seq Scan on t
 *
 * WITH queries and init plans print before a node's inputs, subplans after (PostgreSQL's order).
 */
import type { PlanNode, SidePlan } from './plan-node.js';
import type { PlanStats } from './plan-stats.js';

export function renderPlan(root: PlanNode, stats: PlanStats | null): string[] {
  const lines: string[] = [];
  let sideCount = 0;
  const numbered = (s: SidePlan): string => {
    if (s.label !== 'SubPlan' && s.label !== 'InitPlan') return s.label;
    sideCount++;
    return `${s.label} ${sideCount}`;
  };
  const emit = (node: PlanNode, indent: number, arrow: boolean): void => {
    lines.push(' '.repeat(indent) + (arrow ? '->  ' : '') + node.name + countsOf(node, stats));
    const inner = indent + (arrow ? 6 : 2);
    const pad = ' '.repeat(inner);
    for (const d of node.details) lines.push(pad + d);
    const s = stats?.get(node.key);
    if (s) {
      if (s.removed > 0) lines.push(`${pad}Rows Removed by Filter: ${Math.round(s.removed / s.loops)}`);
      for (const n of s.notes) lines.push(pad + n);
    }
    const side = (p: SidePlan): void => {
      lines.push(pad + numbered(p));
      emit(p.plan, inner + 2, true);
    };
    node.sidePlans.filter((p) => p.label !== 'SubPlan').forEach(side);
    for (const c of node.children) emit(c, inner, true);
    node.sidePlans.filter((p) => p.label === 'SubPlan').forEach(side);
  };
  emit(root, 0, false);
  return lines;
}

function countsOf(node: PlanNode, stats: PlanStats | null): string {
  if (!stats) return '';
  const s = stats.get(node.key);
  if (!s || s.loops === 0) return ' (never executed)';
  return ` (actual rows=${Math.round(s.rows / s.loops)} loops=${s.loops})`;
}
