/**
 * EXPLAIN nodes for the FROM clause's operators, named as PostgreSQL names the same operator:
 *
 *   SELECT … FROM t WHERE id = 42          Index Scan using t_pkey on t   Index Cond: (id = 42)
 *   SELECT … FROM t WHERE grp = 3          Seq Scan on t                  Filter: (grp = 3)
 *   FROM a JOIN b ON a.id = b.a_id         Nested Loop                    Join Filter: (a.id = b.a_id)
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import type { Node } from '../../binder/ast.js';
import type { PointLookup } from '../pk-point-lookup.js';
import { deparse } from './deparse-expr.js';
import { PlanNode } from './plan-node.js';

function relationName(name: string, alias: string): string {
  return alias && alias !== name ? `${name} ${alias}` : name;
}

/** `(a = 1)`, `((a = 1) AND (b > 2))`: conjuncts as PostgreSQL prints a qual list. */
export function qualText(conjuncts: readonly Node[]): string | null {
  if (conjuncts.length === 0) return null;
  const parts = conjuncts.map((c) => deparse(c));
  return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
}

export function tableReadNode(table: TableDefinition, alias: string, lookup: PointLookup | null, filter: readonly Node[]): PlanNode {
  const on = relationName(table.name, alias);
  const f = qualText(filter);
  const filterLine = f ? [`Filter: ${f}`] : [];
  if (!lookup) return PlanNode.create(`Seq Scan on ${on}`, filterLine);
  const conds = lookup.pinned.map((p) => `(${p.column} = ${deparse(p.value)})`);
  const cond = conds.length === 1 ? conds[0]! : `(${conds.join(' AND ')})`;
  return PlanNode.create(`Index Scan using ${table.name}_pkey on ${on}`, [`Index Cond: ${cond}`, ...filterLine]);
}

export function virtualScanNode(name: string, alias: string | undefined): PlanNode {
  return PlanNode.create(`Function Scan on ${relationName(name, alias ?? name)}`);
}

export function subqueryScanNode(alias: string, child: PlanNode): PlanNode {
  return PlanNode.create(`Subquery Scan on ${alias}`, [], [child]);
}

export function functionScanNode(fn: string, alias: string): PlanNode {
  return PlanNode.create(`Function Scan on ${relationName(fn, alias)}`);
}

const JOIN_NAMES: Readonly<Record<string, string>> = {
  JOIN_INNER: 'Nested Loop',
  JOIN_LEFT: 'Nested Loop Left Join',
  JOIN_RIGHT: 'Nested Loop Right Join',
  JOIN_FULL: 'Nested Loop Full Join',
};

const HASH_JOIN_NAMES: Readonly<Record<string, string>> = {
  JOIN_INNER: 'Hash Join',
  JOIN_LEFT: 'Hash Left Join',
  JOIN_RIGHT: 'Hash Right Join',
  JOIN_FULL: 'Hash Full Join',
};

/** A join that buckets the right input by its equality keys (hash-join-keys.ts). */
export function hashJoinNode(joinType: string, cond: string | null, left: PlanNode, right: PlanNode): PlanNode {
  return PlanNode.create(HASH_JOIN_NAMES[joinType] ?? 'Hash Join', cond ? [`Hash Cond: ${cond}`] : [], [left, PlanNode.create('Hash', [], [right])]);
}

export function nestedLoopNode(joinType: string, filter: string | null, left: PlanNode, right: PlanNode): PlanNode {
  return PlanNode.create(JOIN_NAMES[joinType] ?? 'Nested Loop', filter ? [`Join Filter: ${filter}`] : [], [left, right]);
}
