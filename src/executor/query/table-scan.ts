/**
 * Reading a table's rows for the session: its partition (the acting user's, for USER and STREAM
 * tables), through the row store (own writes, in-flight commits, RocksDB), minus STREAM rows past
 * their TTL. Two shapes: a primary-key point lookup (one key, no iteration — the OLTP short path)
 * and a partition scan in key order.
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import type { Value } from '../../types/kalam-type.js';
import { rowExpiry } from '../../storage/ttl/row-expiry.js';
import type { SessionContext } from '../session-context.js';
import { tableAccess } from '../table-access.js';
import type { QueryMemory } from '../memory/query-memory.js';
import { snapshotRows, type MirrorSnapshot } from '../columnar/table-mirror.js';

export function partitionOf(ctx: SessionContext, table: TableDefinition): string | null {
  return table.tableType === 'USER' || table.tableType === 'STREAM' ? ctx.user.id : null;
}

/** Keeps the rows a client may see, or null when all of them: a STREAM row past its TTL is gone (row-expiry.ts). */
export function aliveFilter(table: TableDefinition): ((row: readonly Value[]) => boolean) | null {
  const expiry = rowExpiry(table);
  if (!expiry) return null;
  const seqIndex = tableAccess(table).seqIndex;
  return (row) => !expiry.expiredSeq(row[seqIndex] as bigint);
}

/** Rows for the given primary keys (each in key order); missing keys are skipped. */
export async function lookupRows(
  ctx: SessionContext, table: TableDefinition, keys: readonly (readonly Value[])[], memory?: QueryMemory,
): Promise<Value[][]> {
  const access = tableAccess(table);
  const partition = partitionOf(ctx, table);
  const raw = await ctx.db.rows.getMany(keys.map((k) => access.keyOfPk(partition, k)), ctx.pendingWrites());
  const alive = aliveFilter(table);
  const out: Value[][] = [];
  for (const buf of raw) {
    if (!buf) continue;
    const row = access.decode(buf);
    if (alive && !alive(row)) continue;
    memory?.chargeRow(row);
    out.push(row);
  }
  return out;
}

/**
 * The session's partition of `table` as its column mirror shows it (null: not mirrored), with the
 * row slots in `slots` readable (null: all; a flushed table's mirror reads only those).
 */
export function mirrorSnapshot(ctx: SessionContext, table: TableDefinition, slots: readonly number[] | null = null): Promise<MirrorSnapshot | null> {
  const access = tableAccess(table);
  const [gte, lt] = access.partitionRange(partitionOf(ctx, table));
  return ctx.db.mirrors.snapshot(table, access, gte, lt, ctx.pendingWrites(), slots);
}

/**
 * Every visible row of the partition, in primary-key order, in batches: each row charged to
 * `memory` as it is decoded, so a scan too big to hold stops before it is held.
 */
export async function* scanRows(ctx: SessionContext, table: TableDefinition, memory?: QueryMemory): AsyncGenerator<Value[][]> {
  const access = tableAccess(table);
  const [gte, lt] = access.partitionRange(partitionOf(ctx, table));
  const alive = aliveFilter(table);
  const snap = await mirrorSnapshot(ctx, table);
  if (snap) {
    for (const batch of snapshotRows(snap)) {
      ctx.checkCancel();
      const rows = alive ? batch.filter(alive) : batch;
      if (memory) for (const row of rows) memory.chargeRow(row);
      if (rows.length > 0) yield rows;
    }
    return;
  }
  for await (const batch of ctx.db.rows.scan(gte, lt, ctx.pendingWrites())) {
    ctx.checkCancel();
    const rows: Value[][] = [];
    for (const [, v] of batch) {
      const row = access.decode(v);
      if (alive && !alive(row)) continue;
      memory?.chargeRow(row);
      rows.push(row);
    }
    if (rows.length > 0) yield rows;
  }
}
