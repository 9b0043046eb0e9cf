/**
 * The write of an INSERT or COPY without ON CONFLICT: rows → NOT NULL → keys → one getMany for
 * uniqueness → write set → constraints. The path a bulk load takes a million times, so it makes
 * each key's id once, checks a key's uniqueness against the write set itself (the rows before it
 * in the same call are already there, and keys in rising order need not even look) and marks the
 * slice's keys as inserts in one run sharing one duplicate reporter.
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { SqlError } from '../../errors/sql-error.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import { keyId, type KeyId } from '../../storage/row-store.js';
import type { Value } from '../../types/kalam-type.js';
import { partitionOf } from '../query/table-scan.js';
import type { SessionContext } from '../session-context.js';
import { tableAccess } from '../table-access.js';
import { checkNotNull, duplicateKey } from './row-checks.js';
import { enforceRowChanges, type RowChange } from './row-changes.js';
import { displaceExpired } from './expired-rows.js';

/** A write-set entry's Map slots, key string, Buffer and conflict bookkeeping (estimate). */
export const WRITE_ENTRY_BYTES = 240;

/** An error of one row of a write, with the row's index. */
export class RowError extends Error {
  constructor(readonly index: number, readonly error: SqlError) {
    super(error.message);
  }
}

export function atRow<T>(i: number, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw e instanceof SqlError ? new RowError(i, e) : e;
  }
}

/** Writes full rows (table layout; `_seq` and `_deleted` filled here); a duplicate key fails the row. */
export async function insertRows(ctx: SessionContext, table: TableDefinition, rows: Value[][], ectx: EvalContext): Promise<Value[][]> {
  const access = tableAccess(table);
  const partition = partitionOf(ctx, table);
  const ws = ctx.writeSet();
  const snowflake = ctx.db.snowflake;
  const n = rows.length;
  const keys = new Array<Buffer>(n);
  const ids = new Array<KeyId>(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    row[access.seqIndex] = snowflake.next();
    row[access.deletedIndex] = false;
    atRow(i, () => checkNotNull(table, row, ctx.typeContext()));
    keys[i] = access.keyOf(partition, row);
    ids[i] = keyId(keys[i]!);
  }
  const keyed = access.pkPositions.length > 0;
  const existing = keyed ? await ctx.db.rows.getMany(keys, ws, ids) : null;
  const displaced = existing ? await displaceExpired(ctx, table, partition, existing) : null;
  // The row is in the write set by the time anyone asks (COMMIT finding a concurrent insert).
  const duplicateOf = (id: KeyId): Error => duplicateKey(table, access, access.decode(ws.writes.get(id)!), ctx.typeContext());
  // Keys rising through the slice (a load in key order) cannot repeat within it; else a key
  // already in the write set here was put there by a row before it in this slice.
  let rising = true;
  for (let i = 1; i < n && rising; i++) rising = ids[i - 1]! < ids[i]!;
  const changes = new Array<RowChange>(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    const id = ids[i]!;
    if (keyed && (existing![i] || (!rising && ws.writes.get(id)))) throw new RowError(i, duplicateKey(table, access, row, ctx.typeContext()));
    const encoded = access.encode(row, row[access.seqIndex] as bigint);
    // The write set holds every row until COMMIT: a load too big for the statement's memory
    // fails with 53200 instead of taking the server's heap.
    ectx.memory?.charge(WRITE_ENTRY_BYTES + 2 * id.length + encoded.length);
    ws.putId(id, encoded);
    changes[i] = { old: null, next: row };
  }
  ws.markInserts(displaced?.size ? ids.filter((_, i) => !displaced.has(i)) : ids, duplicateOf);
  await enforceRowChanges(ctx, table, changes, ectx);
  return rows;
}
