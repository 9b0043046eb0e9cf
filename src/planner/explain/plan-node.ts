/**
 * What EXPLAIN prints for one operator: PostgreSQL's node name (`Seq Scan on t`), its detail
 * lines (`Filter: (grp = 3)`), its inputs, and the plans it runs on the side (`CTE x`,
 * `SubPlan 1`). Each operator builds its node when it is bound, so the tree shows what runs.
 *
 *   Limit
 *     ->  Sort                      Sort Key: val DESC
 *           ->  Seq Scan on t       Filter: (grp = 3)
 *
 * `key` identifies the operator for EXPLAIN ANALYZE's counters (plan-stats.ts): a copy made
 * to add a detail (a WHERE applied to a scan's rows) keeps the key, so the counts stay its own.
 */
export interface PlanNode {
  readonly name: string;
  readonly details: readonly string[];
  readonly children: readonly PlanNode[];
  /** Plans run beside this node: WITH queries, subqueries in its expressions. */
  readonly sidePlans: readonly SidePlan[];
  readonly key: object;
}

export interface SidePlan {
  /** 'CTE x', 'SubPlan', 'InitPlan' (numbered when printed). */
  readonly label: string;
  readonly plan: PlanNode;
}

export const PlanNode = Object.freeze({
  /** `key`: when the operator's counters were made before its inputs' plans were known. */
  create(name: string, details: readonly string[] = [], children: readonly PlanNode[] = [], key: object = {}): PlanNode {
    return Object.freeze({ name, details, children, sidePlans: [], key });
  },
  withDetails(node: PlanNode, details: readonly string[]): PlanNode {
    if (details.length === 0) return node;
    return Object.freeze({ ...node, details: [...node.details, ...details] });
  },
  withSidePlans(node: PlanNode, sidePlans: readonly SidePlan[]): PlanNode {
    if (sidePlans.length === 0) return node;
    return Object.freeze({ ...node, sidePlans: [...sidePlans, ...node.sidePlans] });
  },
});
