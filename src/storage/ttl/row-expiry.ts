/**
 * When a STREAM row has expired (DESIGN.md section 8): its `_seq` — the Snowflake id of its last
 * write — was taken more than TTL_SECONDS ago. Every reader and writer asks this one rule, and the
 * eviction job (evict-job.ts) deletes exactly what it answers "expired" for, so a row is gone for
 * a client from the moment it expires, whether or not it has been evicted yet.
 *
 * A Snowflake id orders by its millisecond first, so the rule is one integer comparison against
 * the smallest id of the cutoff millisecond — on a decoded `_seq`, or straight on an encoded row
 * (`_seq` sits at a fixed offset), which spares the eviction scan a decode per row.
 *
 *   _seq:  | 41 bits ms since 2024-01-01 | 10 bits node | 12 bits sequence |
 *   alive  ⇔  _seq ≥ (now − ttl − epoch) << 22
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { SNOWFLAKE_EPOCH_MS } from '../../util/snowflake.js';
import { SEQ_OFFSET } from '../row-codec.js';

export class RowExpiry {
  /** The first `_seq` still alive: every id taken at or after `now - ttl`. */
  readonly firstAlive: bigint;

  constructor(
    readonly ttlSeconds: number,
    /** The moment the rule is taken at (ms since 1970): one statement, or one eviction run, uses one. */
    readonly now: number,
  ) {
    this.firstAlive = BigInt(Math.max(0, now - ttlSeconds * 1000 - SNOWFLAKE_EPOCH_MS)) << 22n;
  }

  expiredSeq(seq: bigint): boolean {
    return seq < this.firstAlive;
  }

  /** On a row as RocksDB holds it (row-codec.ts), without decoding it. */
  expiredValue(value: Buffer): boolean {
    return value.readBigInt64LE(SEQ_OFFSET) < this.firstAlive;
  }
}

/** The rule for `table` as of `now`, or null when its rows never expire (anything but a STREAM table with a TTL). */
export function rowExpiry(table: Pick<TableDefinition, 'tableType' | 'options'>, now = Date.now()): RowExpiry | null {
  const ttl = table.options.ttlSeconds;
  return table.tableType === 'STREAM' && ttl !== undefined ? new RowExpiry(ttl, now) : null;
}

/** When a row written with `seq` expires (ms since 1970): what the eviction schedule waits for. */
export function expiresAt(seq: bigint, ttlSeconds: number): number {
  return Number(seq >> 22n) + SNOWFLAKE_EPOCH_MS + ttlSeconds * 1000;
}
