import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KvStore, KvStoreError, type KvRange } from '../../src/storage/kv-store.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'kv-test-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const k = (i: number) => Buffer.from(`k${String(i).padStart(5, '0')}`);
const v = (i: number) => Buffer.from(`v${i}`);

async function collect(kv: KvStore, range: KvRange): Promise<{ keys: string[]; batches: number[] }> {
  const keys: string[] = [];
  const batches: number[] = [];
  for await (const batch of kv.scan(range)) {
    batches.push(batch.length);
    for (const [key, value] of batch) {
      expect(value.toString()).toBe(`v${Number(key.toString().slice(1))}`);
      keys.push(key.toString());
    }
  }
  return { keys, batches };
}

describe('KvStore', () => {
  let kv: KvStore;
  let dir: string;
  const N = 2500;

  beforeAll(async () => {
    dir = tempDir();
    kv = await KvStore.open(dir);
    await kv.write(Array.from({ length: N }, (_, i) => ({ type: 'put' as const, key: k(i), value: v(i) })));
  });

  it('gets what was put, undefined for absent keys', async () => {
    expect(await kv.get(k(7))).toEqual(v(7));
    expect(await kv.get(Buffer.from('absent'))).toBeUndefined();
    await kv.put(Buffer.from([0, 0xff, 0]), Buffer.alloc(0));
    expect(await kv.get(Buffer.from([0, 0xff, 0]))).toEqual(Buffer.alloc(0));
  });

  it('getMany returns values in key order of the request, undefined for misses', async () => {
    expect(await kv.getMany([k(3), Buffer.from('nope'), k(1), k(3)])).toEqual([v(3), undefined, v(1), v(3)]);
    expect(await kv.getMany([])).toEqual([]);
  });

  it('applies a batch atomically: puts and deletes together', async () => {
    await kv.write([
      { type: 'put', key: Buffer.from('x1'), value: Buffer.from('1') },
      { type: 'del', key: Buffer.from('x1') },
      { type: 'put', key: Buffer.from('x2'), value: Buffer.from('2') },
    ], { sync: true });
    expect(await kv.getMany([Buffer.from('x1'), Buffer.from('x2')])).toEqual([undefined, Buffer.from('2')]);
    await kv.del(Buffer.from('x2'));
    expect(await kv.get(Buffer.from('x2'))).toBeUndefined();
    // a batch with an invalid op writes nothing
    await expect(kv.write([
      { type: 'put', key: Buffer.from('x3'), value: Buffer.from('3') },
      { type: 'put', key: Buffer.alloc(0), value: Buffer.from('bad') },
    ])).rejects.toThrow(KvStoreError);
    expect(await kv.get(Buffer.from('x3'))).toBeUndefined();
  });

  it('scans ranges in batches, forwards and in reverse', async () => {
    const all = await collect(kv, { gte: Buffer.from('k'), lt: Buffer.from('l') });
    expect(all.keys).toHaveLength(N);
    expect(all.keys).toEqual([...all.keys].sort());
    expect(Math.max(...all.batches)).toBeLessThanOrEqual(1001);
    expect(all.batches.length).toBeLessThan(5);

    expect((await collect(kv, { gte: k(10), lt: k(20) })).keys).toEqual(Array.from({ length: 10 }, (_, i) => k(10 + i).toString()));
    expect((await collect(kv, { gt: k(10), lte: k(20) })).keys).toEqual(Array.from({ length: 10 }, (_, i) => k(11 + i).toString()));
    expect((await collect(kv, { gte: k(10), lt: k(20), reverse: true })).keys).toEqual(Array.from({ length: 10 }, (_, i) => k(19 - i).toString()));
    expect((await collect(kv, { gte: k(0), lt: Buffer.from('l'), limit: 3, reverse: true })).keys).toEqual([k(N - 1), k(N - 2), k(N - 3)].map(String));
    expect((await collect(kv, { gte: k(0), limit: 1500 })).keys).toHaveLength(1500);
    expect((await collect(kv, { gte: k(20), lt: k(10) })).keys).toEqual([]);
    expect((await collect(kv, { lt: Buffer.alloc(0) })).keys).toEqual([]);
  });

  it('reads a scan from a snapshot and releases the iterator on break', async () => {
    const seen: string[] = [];
    for await (const batch of kv.scan({ gte: k(0), lt: k(5) })) {
      await kv.put(k(3), Buffer.from('changed'));
      for (const [key, value] of batch) seen.push(`${key}=${value}`);
    }
    expect(seen).toContain(`${k(3)}=v3`);
    await kv.put(k(3), v(3));
    for await (const batch of kv.scan({})) {
      expect(batch.length).toBeGreaterThan(0);
      break;
    }
  });

  it('closes, refuses work when closed, and reopens with the data', async () => {
    await kv.close();
    await kv.close(); // idempotent
    await expect(kv.get(k(1))).rejects.toThrow(/closed/);
    await expect(kv.write([{ type: 'del', key: k(1) }])).rejects.toThrow(KvStoreError);
    await expect(async () => { for await (const _ of kv.scan({})) void _; }).rejects.toThrow(/closed/);
    kv = await KvStore.open(dir);
    expect(await kv.get(k(N - 1))).toEqual(v(N - 1));
    expect((await collect(kv, { gte: k(0), lt: Buffer.from('l') })).keys).toHaveLength(N);
    await kv.close();
  });

  it('waits for writes in flight before closing', async () => {
    const d = tempDir();
    const store = await KvStore.open(d);
    const writes = Array.from({ length: 200 }, (_, i) => store.put(k(i), v(i)));
    await store.close();
    await Promise.all(writes);
    const again = await KvStore.open(d);
    expect((await again.getMany(Array.from({ length: 200 }, (_, i) => k(i)))).every((x) => x !== undefined)).toBe(true);
    await again.close();
  });

  it('reports RocksDB errors with the operation named', async () => {
    await expect(KvStore.open(join(tempDir(), 'missing'), { createIfMissing: false })).rejects.toThrow(/RocksDB open of .* failed: .*does not exist/);
    const d = tempDir();
    const first = await KvStore.open(d);
    await expect(KvStore.open(d)).rejects.toThrow(/RocksDB open .* failed: .*lock/i);
    await first.close();
  });
});
