/**
 * ORDER BY e <-> q LIMIT k (also <=>, <#>) over one table with an hnsw index on e for that
 * operator: the index names candidate rows, nearest first, and the rest of the SELECT (WHERE, the
 * exact distance, the sort, LIMIT) runs over those rows as it would over all of them. So an answer
 * holds only rows the statement can see, with their true distances — the index decides which rows
 * are looked at, nothing else.
 *
 * Candidates are the index's k nearest in the session's partition (its walk keeps a candidate
 * list of `max(k, hnsw.ef_search)`, pgvector's recall dial), read again from the row store (a row
 * deleted since is gone, one changed by this transaction re-ranked), plus the rows the
 * transaction itself wrote and has not committed (the index hears only commits). When the WHERE
 * leaves fewer than k, the search widens; when that would mean most of the partition, or the
 * index holds fewer rows than asked for (rows with a NULL vector are not in it), the query scans
 * exactly instead. The exact scan also answers when the index is not ready (building, catching up
 * after a restart), when `enable_indexscan` is off, and for a partition of fewer than
 * SMALL_PARTITION vectors unless `enable_seqscan` is off — as PostgreSQL's planner would choose.
 */
import type { IndexDefinition, TableDefinition } from '../../catalog/table-definition.js';
import { bodyOf, stringList, type Node } from '../../binder/ast.js';
import type { BoundExpr, EvalContext } from '../../binder/expr/bound-expr.js';
import type { Bound } from '../../binder/expr/compile.js';
import { PlanNode } from '../../planner/explain/plan-node.js';
import { deparse } from '../../planner/explain/deparse-expr.js';
import { keyFromId, keyId, type KeyId } from '../../storage/row-store.js';
import type { Value } from '../../types/kalam-type.js';
import { opclassOfOperator } from '../../vector/vector-metric.js';
import type { SessionContext } from '../session-context.js';
import { tableAccess } from '../table-access.js';
import { aliveFilter, partitionOf } from './table-scan.js';

/** Below this many vectors in the partition an exact scan is as cheap, and exact. */
export const SMALL_PARTITION = 1000;
/** The widest search before scanning exactly instead: this share of the partition. */
const WIDEST_SHARE = 0.25;

export interface VectorScan {
  /** What EXPLAIN prints in place of the table's scan (and of the Sort above it). */
  readonly plan: PlanNode;
  /** The candidate rows that pass WHERE, or null: scan exactly. */
  produce(ctx: SessionContext, ectx: EvalContext, k: number): Promise<Value[][] | null>;
}

export interface VectorScanInput {
  readonly table: TableDefinition;
  readonly alias: string;
  /** The ORDER BY item as written, resolved through an output column's alias. */
  readonly sortNode: Node;
  readonly sortExpr: BoundExpr;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
  readonly where: BoundExpr | null;
  /** The table scan's plan: its Filter line and its counters are kept. */
  readonly scanPlan: PlanNode;
}

function isOn(ctx: SessionContext, name: string): boolean {
  return ctx.settings.get(name) === 'on';
}

/** An expression that reads no column and no subquery: the same value for every row. */
function rowFree(node: Node): boolean {
  const text = JSON.stringify(node);
  return !text.includes('"ColumnRef"') && !text.includes('"SubLink"');
}

export function planVectorScan(ctx: SessionContext, input: VectorScanInput): VectorScan | null {
  const { table } = input;
  if (input.descending || input.nullsFirst || !isOn(ctx, 'enable_indexscan')) return null;
  const distance = (input.sortExpr as Bound).distance;
  if (!distance || !('A_Expr' in input.sortNode)) return null;
  const raw = bodyOf<{ lexpr?: Node; rexpr?: Node; name?: Node[] }>(input.sortNode);
  if (!raw.lexpr || !raw.rexpr || stringList(raw.name ?? []).at(-1) !== distance.op) return null;
  // One side the indexed column, the other the query vector.
  const leftColumn = distance.left.columnIndex !== undefined && 'ColumnRef' in raw.lexpr && rowFree(raw.rexpr);
  const rightColumn = distance.right.columnIndex !== undefined && 'ColumnRef' in raw.rexpr && rowFree(raw.lexpr);
  if (!leftColumn && !rightColumn) return null;
  const column = leftColumn ? distance.left : distance.right;
  const query = leftColumn ? distance.right : distance.left;
  const col = table.columns[column.columnIndex!];
  const opclass = opclassOfOperator(distance.op);
  const def = (table.indexes ?? []).find((i) => i.method === 'hnsw' && i.vector?.opclass === opclass && i.columns[0] === col?.ordinal);
  if (!def) return null;
  // The plan's choice goes by the whole table, as PostgreSQL's would; each run checks its partition.
  const vi = ctx.db.vectors.ready(def.oid);
  if (vi && vi.size < SMALL_PARTITION && isOn(ctx, 'enable_seqscan')) return null;

  const on = input.alias && input.alias !== table.name ? `${table.name} ${input.alias}` : table.name;
  const filter = input.scanPlan.details.filter((d) => d.startsWith('Filter: '));
  const order = `(${deparse(leftColumn ? raw.lexpr : raw.rexpr)} ${distance.op} ${queryText(leftColumn ? raw.rexpr : raw.lexpr)})`;
  const plan = PlanNode.create(`Index Scan using ${def.name} on ${on}`, [`Order By: ${order}`, ...filter], [], input.scanPlan.key);
  return { plan, produce: (ctx2, ectx, k) => candidates(ctx2, ectx, k, { table, def, query, where: input.where, key: plan.key }) };
}

/** The query vector as PostgreSQL prints it in Order By: a literal with its type, `'[1,2,3]'::vector`. */
function queryText(node: Node): string {
  const text = deparse(node);
  return 'A_Const' in node && text.startsWith("'") ? `${text}::vector` : text;
}

interface Search {
  readonly table: TableDefinition;
  readonly def: IndexDefinition;
  readonly query: BoundExpr;
  readonly where: BoundExpr | null;
  readonly key: object;
}

async function candidates(ctx: SessionContext, ectx: EvalContext, k: number, s: Search): Promise<Value[][] | null> {
  const vi = ctx.db.vectors.ready(s.def.oid);
  if (!vi || !isOn(ctx, 'enable_indexscan')) return null;
  const partition = partitionOf(ctx, s.table);
  const size = vi.partition(partition)?.size ?? 0;
  if (size < SMALL_PARTITION && isOn(ctx, 'enable_seqscan')) return null;
  const q = s.query.eval([], ectx);
  if (!(q instanceof Float32Array) || q.length !== vi.dims) return null; // the exact path gives the error, if any
  const ef = Number(ctx.settings.get('hnsw.ef_search'));
  const access = tableAccess(s.table);
  const alive = aliveFilter(s.table);
  const ws = ctx.pendingWrites();
  const [lo, hi] = access.partitionRange(partition).map((b) => keyId(b));
  const unwritten = (id: KeyId): boolean => !ws || !ws.writes.has(id);
  // Rows the transaction wrote come from its write set, the others as the store has them now.
  const own: KeyId[] = [];
  if (ws) for (const [id, v] of ws.writes) if (v !== null && id >= lo! && id < hi!) own.push(id);
  // The graph holds every committed vector as it is now (commits reach it in order, before any
  // later search), so its nearest k are the true candidates; ef_search only widens its walk.
  let n = k;
  for (;;) {
    ctx.checkCancel();
    const found = await vi.nearest(partition, q, n, Math.max(ef, n));
    const ids = found.filter(unwritten);
    const ordered = [...ids, ...own];
    const values = await ctx.db.rows.getMany(ordered.map(keyFromId), ws, ordered);
    const rows: Value[][] = [];
    let read = 0;
    // Only the graph's rows count towards k: the transaction's own rows are extra candidates.
    let fromGraph = 0;
    values.forEach((buf, i) => {
      if (!buf) return;
      const row = access.decode(buf);
      if (alive && !alive(row)) return;
      read++;
      if (s.where && s.where.eval(row, ectx) !== true) return;
      ectx.memory?.chargeRow(row);
      rows.push(row);
      if (i < ids.length) fromGraph++;
    });
    ectx.stats?.count(s.key, read);
    ectx.stats?.filtered(s.key, read - rows.length);
    if (fromGraph >= k) return rows;
    // Fewer than asked for: the index has no more (rows without a vector are not in it) or the
    // WHERE removed them; a wider search, or the exact scan when that would read most of the partition.
    if (found.length < n || n >= size) return null;
    n *= 4;
    if (n > size * WIDEST_SHARE) return null;
  }
}
