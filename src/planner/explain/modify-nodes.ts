/**
 * EXPLAIN's node for INSERT, UPDATE and DELETE (PostgreSQL's ModifyTable): `Update on t` over the
 * operator that finds the rows, with the statement's subqueries beside it.
 */
import { PlanNode, type SidePlan } from './plan-node.js';

export function modifyTableNode(
  verb: 'Insert' | 'Update' | 'Delete',
  table: string,
  alias: string,
  source: PlanNode,
  subplans: readonly SidePlan[],
  details: readonly string[] = [],
): PlanNode {
  const on = alias && alias !== table ? `${table} ${alias}` : table;
  return PlanNode.withSidePlans(PlanNode.create(`${verb} on ${on}`, details, [source]), subplans);
}
