import { describe, expect, it } from 'vitest';
import { encodeRowValues } from '../../../src/storage/row-codec.js';
import { expiresAt, rowExpiry, RowExpiry } from '../../../src/storage/ttl/row-expiry.js';
import { SnowflakeGenerator } from '../../../src/util/snowflake.js';
import type { TableOptions } from '../../../src/catalog/table-definition.js';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);

function seqAt(ms: number): bigint {
  const g = new SnowflakeGenerator(3, () => ms);
  g.next();
  return g.next(); // sequence 1: the bits below the millisecond must not matter
}

describe('RowExpiry', () => {
  it('keeps a row written exactly TTL ago and expires one a millisecond older', () => {
    const e = new RowExpiry(60, NOW);
    expect(e.expiredSeq(seqAt(NOW - 60_000))).toBe(false);
    expect(e.expiredSeq(seqAt(NOW - 60_001))).toBe(true);
    expect(e.expiredSeq(seqAt(NOW))).toBe(false);
  });

  it('reads _seq straight from an encoded row', () => {
    const e = new RowExpiry(1, NOW);
    const row = (seq: bigint) => encodeRowValues({ seq, deleted: false, schemaVersion: 1 }, [], [], []);
    expect(e.expiredValue(row(seqAt(NOW - 1001)))).toBe(true);
    expect(e.expiredValue(row(seqAt(NOW - 999)))).toBe(false);
  });

  it('applies only to STREAM tables with a TTL', () => {
    const opts = (ttlSeconds?: number): TableOptions => ({ storageId: 'local', ttlSeconds });
    expect(rowExpiry({ tableType: 'STREAM', options: opts(5) }, NOW)?.ttlSeconds).toBe(5);
    expect(rowExpiry({ tableType: 'STREAM', options: opts() }, NOW)).toBeNull();
    expect(rowExpiry({ tableType: 'USER', options: opts() }, NOW)).toBeNull();
  });

  it('tells when a row expires', () => {
    expect(expiresAt(seqAt(NOW), 30)).toBe(NOW + 30_000);
  });
});
