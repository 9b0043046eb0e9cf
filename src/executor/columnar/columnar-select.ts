/**
 * The column path of a SELECT over one table, or over an inner hash join whose left input is a
 * table: the table's mirror is narrowed by WHERE, then grouped over its columns (or streamed into
 * the aggregation), cut to the top-N candidates, or probed against the join's hash table — and
 * only what is left becomes rows for the rest of the SELECT pipeline (query/select-source.ts).
 * Returns null when the table cannot be read this way (not mirrored: too big for the budget; a
 * STREAM table with a TTL); the caller then reads rows as before.
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import type { BoundExpr, EvalContext } from '../../binder/expr/bound-expr.js';
import type { Value } from '../../types/kalam-type.js';
import type { SessionContext } from '../session-context.js';
import { mirrorSnapshot } from '../query/table-scan.js';
import type { Aggregator, ColumnarAggregation } from '../query/aggregation.js';
import type { HashJoinShape } from '../query/from-clause.js';
import { probeJoin } from './join-probe.js';
import { aggregateColumns } from './aggregate.js';
import { filterPositions } from './filter.js';
import { livePositions, readInto, rowsAt } from './positions.js';
import type { MirrorSnapshot } from './table-mirror.js';
import { topCandidates } from './top-candidates.js';
import { applyNumberTests, type NumberPredicate } from './number-predicate.js';

export interface ColumnarTopN {
  /** Row slot of the first sort key. */
  readonly slot: number;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
  /** LIMIT + OFFSET, or null when there is no bound (LIMIT NULL/ALL). */
  count(ectx: EvalContext): number | null;
}

export interface ColumnarSelect {
  /** The table scanned: the FROM clause's one table, or the left input of `join`. */
  readonly table: TableDefinition;
  /** FROM is an inner hash join probed from `table`'s mirror (join-probe.ts). */
  readonly join: HashJoinShape | null;
  /** For a grouped SELECT: its grouping fed row by row, when `grouping` (the kernels) cannot run. */
  readonly aggregator: ((ectx: EvalContext) => Aggregator) | null;
  readonly where: BoundExpr | null;
  /** The slots WHERE reads (filter.ts), null for all. */
  readonly whereColumns: readonly number[] | null;
  /** The slots the whole SELECT reads (the rest of a scratch row is never looked at), null for all. */
  readonly readColumns: readonly number[] | null;
  /** WHERE's number comparisons, run over the typed arrays first (number-predicate.ts). */
  readonly numberTests: NumberPredicate | null;
  readonly grouping: () => ColumnarAggregation | null;
  readonly topN: ColumnarTopN | null;
  /** EXPLAIN ANALYZE's key of the table's scan node. */
  readonly scanKey: object;
  /** Rows WHERE filters between turns of the event loop (few when it runs a subquery per row). */
  readonly slice: number;
}

export interface ColumnarRows {
  readonly rows: Value[][];
  /** WHERE was applied; `grouped`: so was GROUP BY/HAVING. */
  readonly grouped: boolean;
  /** Only top-N candidates were kept (top-candidates.ts). */
  readonly pruned: boolean;
}

export async function runColumnar(plan: ColumnarSelect, ctx: SessionContext, ectx: EvalContext): Promise<ColumnarRows | null> {
  const { table } = plan;
  if (table.tableType === 'STREAM' && table.options.ttlSeconds !== undefined) return null;
  const width = table.columns.length + 2;
  const snap = await mirrorSnapshot(ctx, table, plan.readColumns?.filter((c) => c < width) ?? null);
  if (!snap) return null;
  if (plan.join) return joinRows(plan, plan.join, snap, ctx, ectx);
  let positions = livePositions(snap);
  const scanned = positions.length;
  if (plan.numberTests) positions = applyNumberTests(snap, positions, plan.numberTests.tests, ectx);
  if (plan.where && !plan.numberTests?.complete) {
    const parts: Int32Array[] = [];
    for (let from = 0; from < positions.length; from += plan.slice) {
      if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      ctx.checkCancel();
      parts.push(filterPositions(snap, positions.subarray(from, from + plan.slice), plan.where, plan.whereColumns, ectx));
    }
    positions = concat(parts);
  }
  if (ectx.stats) {
    ectx.stats.count(plan.scanKey, scanned);
    if (plan.where) ectx.stats.filtered(plan.scanKey, scanned - positions.length);
  }
  const grouping = plan.grouping();
  if (grouping) return { rows: grouping.finish(aggregateColumns(snap, positions, grouping, ectx), ectx), grouped: true, pruned: false };
  if (plan.aggregator) {
    const agg = plan.aggregator(ectx);
    const scratch: Value[] = new Array<Value>(snap.width).fill(null);
    for (let k = 0; k < positions.length; k++) {
      if (k > 0 && k % plan.slice === 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        ctx.checkCancel();
      }
      agg.add(readInto(snap, positions[k]!, scratch, plan.readColumns));
    }
    return { rows: agg.finish(), grouped: true, pruned: false };
  }
  let pruned = false;
  const k = plan.topN?.count(ectx) ?? null;
  if (plan.topN && k !== null) {
    const candidates = topCandidates(snap, positions, plan.topN.slot, plan.topN.desc, plan.topN.nullsFirst, k);
    if (candidates) {
      positions = candidates;
      pruned = true;
    }
  }
  const rows = rowsAt(snap, positions, 0, positions.length, plan.readColumns);
  ectx.memory?.chargeRows(rows);
  return { rows, grouped: false, pruned };
}

/** The join's pairs, filtered by WHERE, grouped or kept as rows. */
async function joinRows(plan: ColumnarSelect, join: HashJoinShape, snap: MirrorSnapshot, ctx: SessionContext, ectx: EvalContext): Promise<ColumnarRows> {
  const agg = plan.aggregator?.(ectx) ?? null;
  const rows: Value[][] = [];
  const { where } = plan;
  let removed = 0;
  const leftColumns = plan.readColumns?.filter((c) => c < join.leftWidth) ?? null;
  await probeJoin(join, snap, leftColumns, ctx, ectx, plan.slice, (row) => {
    if (where && where.eval(row, ectx) !== true) {
      removed++;
      return;
    }
    if (agg) agg.add(row);
    else {
      const copy = row.slice();
      ectx.memory?.chargeRow(copy);
      rows.push(copy);
    }
  });
  if (where) ectx.stats?.filtered(join.joinKey, removed);
  return { rows: agg ? agg.finish() : rows, grouped: agg !== null, pruned: false };
}

function concat(parts: readonly Int32Array[]): Int32Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
