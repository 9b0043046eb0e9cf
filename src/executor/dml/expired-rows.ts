/**
 * What writes make of STREAM rows past their TTL that eviction has not deleted yet. For a client
 * such a row is gone (row-expiry.ts), so a write treats it as PostgreSQL treats a deleted row:
 *
 *   INSERT (also ON CONFLICT, COPY) at its key   inserts: no 23505, no DO UPDATE of the old row
 *   UPDATE moving a row onto its key             succeeds
 *   a unique index value it held                 is free for a new row
 *
 * A row written over this way is never seen by the eviction job again (its key holds the new
 * row), so its index entries go in the same write set. Its key is not marked as an insert
 * (WriteSet.markInsert): should another commit reach it first, that is most likely the eviction
 * job deleting the expired row, and the writer is told to retry (40001) — a duplicate-key error
 * (23505) would name a row that neither it nor a retry can see.
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { deleteIndexEntriesOf, type ExpiredRow } from '../../storage/ttl/expired-index-entries.js';
import { rowExpiry } from '../../storage/ttl/row-expiry.js';
import type { SessionContext } from '../session-context.js';
import { tableAccess } from '../table-access.js';

const NONE: ReadonlySet<number> = new Set();

/**
 * `found` holds the rows now at keys the statement is about to write: an expired one becomes
 * undefined (absent), and its index entries are deleted. Answers the positions it emptied, whose
 * keys the caller does not mark as inserts.
 */
export async function displaceExpired(
  ctx: SessionContext, table: TableDefinition, partition: string | null, found: (Buffer | undefined)[],
): Promise<ReadonlySet<number>> {
  const expiry = rowExpiry(table);
  if (!expiry) return NONE;
  const access = tableAccess(table);
  const displaced: ExpiredRow[] = [];
  const at = new Set<number>();
  found.forEach((v, i) => {
    if (!v || !expiry.expiredValue(v)) return;
    displaced.push({ partition, row: access.decode(v) });
    found[i] = undefined;
    at.add(i);
  });
  await deleteIndexEntriesOf(ctx.db.rows, table, displaced, ctx.writeSet());
  return at;
}

/** Rows found through a unique index (ON CONFLICT's arbiters): an expired one holds no value, so it becomes undefined. */
export function forgetExpired(table: TableDefinition, found: (Buffer | undefined)[]): void {
  const expiry = rowExpiry(table);
  if (!expiry) return;
  found.forEach((v, i) => {
    if (v && expiry.expiredValue(v)) found[i] = undefined;
  });
}

/**
 * Unique-index entries found for new rows' values: an entry still naming an expired row does
 * not hold the value any more (the new row's entry replaces it), so it becomes undefined.
 */
export async function forgetEntriesOfExpired(
  ctx: SessionContext, table: TableDefinition, partition: string | null, entries: (Buffer | undefined)[],
): Promise<void> {
  const expiry = rowExpiry(table);
  if (!expiry || !entries.some((e) => e)) return;
  const access = tableAccess(table);
  const at = entries.flatMap((e, i) => (e ? [i] : []));
  const rows = await ctx.db.rows.getMany(at.map((i) => access.keyOfPkBytes(partition, entries[i]!)), ctx.writeSet());
  at.forEach((i, j) => {
    const row = rows[j];
    if (row && expiry.expiredValue(row)) entries[i] = undefined;
  });
}
