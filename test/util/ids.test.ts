import { describe, expect, it } from 'vitest';
import {
  parseSnowflake, randomUuid, SNOWFLAKE_EPOCH_MS, SnowflakeGenerator, ulid, UlidGenerator, uuidV7, UuidV7Generator,
} from '../../src/util/ids.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const N = 100_000;

function expectStrictlyIncreasing<T>(xs: readonly T[]): void {
  for (let i = 1; i < xs.length; i++) {
    if (!(xs[i - 1]! < xs[i]!)) throw new Error(`not increasing at ${i}: ${String(xs[i - 1])} then ${String(xs[i])}`);
  }
  expect(new Set(xs).size).toBe(xs.length);
}

/** A clock that stands still, jumps back, then moves on. */
function unrulyClock(): () => number {
  const base = Date.UTC(2025, 5, 1);
  let calls = 0;
  return () => {
    calls++;
    if (calls < 20_000) return base; // >4096 ids in one ms
    if (calls < 40_000) return base - 5_000; // clock set back 5 s
    return base + Math.floor(calls / 1000);
  };
}

describe('SnowflakeGenerator', () => {
  it('packs timestamp, node and sequence', () => {
    const t = Date.UTC(2025, 0, 2, 3, 4, 5, 6);
    const id = new SnowflakeGenerator(513, () => t).next();
    expect(id).toBe((BigInt(t - SNOWFLAKE_EPOCH_MS) << 22n) | (513n << 12n));
    expect(parseSnowflake(id)).toEqual({ timestampMs: t, nodeId: 513, sequence: 0 });
    expect(id > 0n && id < 2n ** 63n).toBe(true);
  });

  it('is strictly increasing over 100k ids, real clock', () => {
    const g = new SnowflakeGenerator(1);
    expectStrictlyIncreasing(Array.from({ length: N }, () => g.next()));
  });

  it('stays increasing when the clock stands still or goes back (borrows from the future)', () => {
    const g = new SnowflakeGenerator(0, unrulyClock());
    const ids = Array.from({ length: N }, () => g.next());
    expectStrictlyIncreasing(ids);
    expect(parseSnowflake(ids[4096]!).sequence).toBe(0);
    expect(parseSnowflake(ids[4096]!).timestampMs).toBe(Date.UTC(2025, 5, 1) + 1);
  });

  it('rejects a bad node id and clocks outside its range', () => {
    expect(() => new SnowflakeGenerator(1024)).toThrow(RangeError);
    expect(() => new SnowflakeGenerator(0, () => Date.UTC(2023, 0, 1)).next()).toThrow(RangeError);
  });
});

describe('uuidV7', () => {
  it('is RFC 9562 version 7, lower-case canonical, with the current time', () => {
    const before = Date.now();
    const u = uuidV7();
    expect(u).toMatch(UUID);
    expect(u[14]).toBe('7');
    expect('89ab').toContain(u[19]);
    const ms = parseInt(u.slice(0, 8) + u.slice(9, 13), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('is strictly increasing and unique over 100k ids', () => {
    const ids = Array.from({ length: N }, () => uuidV7());
    expect(ids.every((u) => UUID.test(u) && u[14] === '7')).toBe(true);
    expectStrictlyIncreasing(ids);
  });

  it('stays increasing with an unruly clock', () => {
    const g = new UuidV7Generator(unrulyClock());
    const ids = Array.from({ length: N }, () => g.next());
    expect(ids.every((u) => UUID.test(u) && u[14] === '7' && '89ab'.includes(u[19]!))).toBe(true);
    expectStrictlyIncreasing(ids);
  });
});

describe('ulid', () => {
  it('is 26 Crockford base32 characters with the time first', () => {
    const t = Date.now();
    const u = ulid();
    expect(u).toMatch(ULID);
    const decoded = [...u.slice(0, 10)].reduce((acc, c) => acc * 32 + '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.indexOf(c), 0);
    expect(decoded).toBeGreaterThanOrEqual(t);
    expect(decoded).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('is strictly increasing and unique over 100k ids', () => {
    const ids = Array.from({ length: N }, () => ulid());
    expect(ids.every((u) => ULID.test(u))).toBe(true);
    expectStrictlyIncreasing(ids);
  });

  it('stays increasing with an unruly clock', () => {
    const g = new UlidGenerator(unrulyClock());
    expectStrictlyIncreasing(Array.from({ length: N }, () => g.next()));
  });
});

describe('randomUuid', () => {
  it('is version 4 and unique', () => {
    const ids = Array.from({ length: 10_000 }, () => randomUuid());
    expect(ids.every((u) => UUID.test(u) && u[14] === '4' && '89ab'.includes(u[19]!))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
