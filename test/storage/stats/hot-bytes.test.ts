/**
 * HotBytes over a real RocksDB: committed bytes count at once (RocksDB's own estimate sees only its
 * files), move into the file estimate once RocksDB flushes and compacts them — counted once, not
 * twice — and KvStore's approximateSize/compactRange/intProperty behave as HotBytes assumes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KvStore, type KvOp } from '../../../src/storage/kv-store.js';
import { indexAllPrefix, rowKey, tablePrefix } from '../../../src/storage/key-layout.js';
import { prefixEnd } from '../../../src/storage/keycode.js';
import { keyId, type KeyId } from '../../../src/storage/row-store.js';
import { HotBytes } from '../../../src/storage/stats/hot-bytes.js';

let dir: string;
let kv: KvStore;
let hot: HotBytes;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hot-bytes-'));
  kv = await KvStore.open(dir, { writeBufferSize: 64 * 1024 * 1024 });
  hot = new HotBytes(kv, () => [tablePrefix(1), tablePrefix(2), indexAllPrefix(9)]);
  await hot.refresh();
});

afterAll(async () => {
  hot.close();
  await kv.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Rows of table `tableId`, written to RocksDB and told to HotBytes as one commit. */
async function commit(tableId: number, from: number, n: number): Promise<number> {
  const writes = new Map<KeyId, Buffer | null>();
  const ops: KvOp[] = [];
  let bytes = 0;
  for (let i = from; i < from + n; i++) {
    const key = rowKey(tableId, null, Buffer.from(`k${String(i).padStart(8, '0')}`));
    const value = Buffer.from(`value ${i} ${'x'.repeat(i % 50)}`);
    writes.set(keyId(key), value);
    ops.push({ type: 'put', key, value });
    bytes += key.length + value.length;
  }
  hot.committed(writes);
  await kv.write(ops);
  return bytes;
}

describe('HotBytes', () => {
  it('counts committed rows at once, per table', async () => {
    const bytes = await commit(1, 0, 2000);
    expect(hot.tableBytes(1)).toBe(bytes);
    expect(hot.tableBytes(2)).toBe(0);
    expect(await kv.approximateSize(tablePrefix(1), prefixEnd(tablePrefix(1)))).toBe(0); // still in the memtable
    expect(hot.totalBytes()).toBeGreaterThanOrEqual(bytes);
  });

  it('takes RocksDB\'s file estimate once the rows are in its files, without counting them twice', async () => {
    await commit(2, 0, 500);
    await kv.compactRange(Buffer.from([0]), Buffer.from([0xff]));
    expect(kv.intProperty('rocksdb.total-sst-files-size')).toBeGreaterThan(0);
    await hot.refresh();
    const files1 = await kv.approximateSize(tablePrefix(1), prefixEnd(tablePrefix(1)));
    expect(files1).toBeGreaterThan(0);
    expect(hot.tableBytes(1)).toBe(files1);
    expect(hot.tableBytes(2)).toBe(await kv.approximateSize(tablePrefix(2), prefixEnd(tablePrefix(2))));
    const more = await commit(1, 2000, 100);
    expect(hot.tableBytes(1)).toBe(files1 + more);
  });

  it('notices a flush on its own within a tick', async () => {
    const before = kv.intProperty('rocksdb.total-sst-files-size');
    await commit(2, 500, 1000);
    await kv.compactRange(tablePrefix(2), prefixEnd(tablePrefix(2)));
    expect(kv.intProperty('rocksdb.total-sst-files-size')).not.toBe(before);
    await new Promise((r) => setTimeout(r, 1300));
    await hot.refresh(); // waits for the tick's refresh if one runs
    expect(hot.tableBytes(2)).toBe(await kv.approximateSize(tablePrefix(2), prefixEnd(tablePrefix(2))));
  });

  it('counts index entries by the index\'s storage id and forgets a dropped table', async () => {
    const key = Buffer.concat([indexAllPrefix(9), Buffer.from('entry')]);
    hot.committed(new Map([[keyId(key), Buffer.alloc(0)]]));
    expect(hot.indexBytes(9)).toBe(key.length);
    hot.tableDropped(1);
    expect(hot.tableBytes(1)).toBe(0);
  });

  it('unknown properties read NaN', () => {
    expect(kv.intProperty('rocksdb.no-such-property')).toBeNaN();
  });
});
