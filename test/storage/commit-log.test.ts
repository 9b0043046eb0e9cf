import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CommitLog, decodeRecord, encodeRecord } from '../../src/storage/commit-log.js';
import { KvStore, type KvOp } from '../../src/storage/kv-store.js';
import { RowStore } from '../../src/storage/row-store.js';
import { runAndKill } from './fixtures/run-and-kill.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'commit-log-test-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const put = (k: string, v: string): KvOp => ({ type: 'put', key: Buffer.from(k), value: Buffer.from(v) });
const del = (k: string): KvOp => ({ type: 'del', key: Buffer.from(k) });
const text = (b: Buffer | undefined) => b?.toString();

async function withStore<T>(dir: string, run: (kv: KvStore, log: CommitLog) => Promise<T>, rotateBytes?: number): Promise<T> {
  const kv = await KvStore.open(join(dir, 'rocksdb'));
  try {
    const log = await CommitLog.open(join(dir, 'commit-log'), kv, rotateBytes ? { rotateBytes } : {});
    try {
      return await run(kv, log);
    } finally {
      log.close();
    }
  } finally {
    await kv.close();
  }
}

const logFiles = (dir: string) => readdirSync(join(dir, 'commit-log')).sort();

describe('commit log records', () => {
  it('round-trip puts, deletes, empty and binary values', () => {
    const ops = [put('k1', 'v1'), del('k2'), put('k3', ''), { type: 'put', key: Buffer.from([0, 255, 10]), value: Buffer.from([1, 2, 3]) } as KvOp];
    const rec = encodeRecord(42, ops);
    const back = decodeRecord(rec, 0)!;
    expect(back.lsn).toBe(42);
    expect(back.end).toBe(rec.length);
    expect(back.ops).toEqual(ops);
  });

  it('appendWrites logs write sets as the same record as their ops, and hands back those ops', async () => {
    const dir = tempDir();
    const ops = [put('k1', 'v1'), del('k2'), { type: 'put', key: Buffer.from([0, 255, 10]), value: Buffer.from([1, 2, 3]) } as KvOp];
    const writes = [
      new Map<string, Buffer | null>([['k1', Buffer.from('v1')], ['k2', null]]),
      new Map<string, Buffer | null>([[Buffer.from([0, 255, 10]).toString('latin1'), Buffer.from([1, 2, 3])]]),
    ];
    await withStore(dir, async (_kv, log) => {
      const { lsn, ops: back } = log.appendWrites(writes);
      expect(back).toEqual(ops);
      const file = readFileSync(join(dir, 'commit-log', logFiles(dir)[0]!));
      expect(file.equals(encodeRecord(lsn, ops))).toBe(true);
    });
  });

  it('reject a record cut short or with a flipped bit', () => {
    const rec = encodeRecord(7, [put('key', 'value')]);
    for (let cut = 0; cut < rec.length; cut++) expect(decodeRecord(rec.subarray(0, cut), 0)).toBeNull();
    for (let i = 0; i < rec.length; i++) {
      const bad = Buffer.from(rec);
      bad[i]! ^= 0x04;
      expect(decodeRecord(bad, 0), `bit flipped in byte ${i}`).toBeNull();
    }
  });
});

describe('CommitLog', () => {
  it('replays, at the next open, records RocksDB never got, and nothing twice', async () => {
    const dir = tempDir();
    await withStore(dir, async (kv, log) => {
      log.append([put('a', '1'), put('b', '1')]);
      const second = log.append([put('a', '2'), del('b')]);
      // RocksDB got the first record and the second one, with its marker: replay must skip both.
      await kv.write([put('a', '1'), put('b', '1'), put('a', '2'), del('b'), log.appliedMarker(second)]);
      log.append([put('c', '3')]);
      log.append([put('a', '4')]);
      expect(await kv.get(Buffer.from('c'))).toBeUndefined();
    });
    // Something outside the log changed "a" after record 2 was applied: replaying record 2
    // again would undo it; replay starts after the marker, so record 4 decides.
    await withStore(dir, async (kv, log) => {
      expect(log.replay).toEqual({ records: 2, damagedFiles: [] });
      expect(text(await kv.get(Buffer.from('a')))).toBe('4');
      expect(await kv.get(Buffer.from('b'))).toBeUndefined();
      expect(text(await kv.get(Buffer.from('c')))).toBe('3');
      // The old file is gone; LSNs continue above the replayed ones.
      expect(logFiles(dir)).toEqual(['0000000000000005.log']);
      expect(log.append([put('d', '5')])).toBe(5);
    });
    await withStore(dir, async (kv, log) => {
      expect(log.replay.records).toBe(1);
      expect(text(await kv.get(Buffer.from('d')))).toBe('5');
    });
  });

  it('stops at a torn last record, which was never acknowledged', async () => {
    const dir = tempDir();
    let file = '';
    await withStore(dir, async (_kv, log) => {
      log.append([put('x', '1')]);
      log.append([put('y', '2')]);
      file = join(dir, 'commit-log', logFiles(dir)[0]!);
    });
    const size = readFileSync(file).length;
    truncateSync(file, size - 3);
    await withStore(dir, async (kv, log) => {
      expect(log.replay).toEqual({ records: 1, damagedFiles: [] });
      expect(text(await kv.get(Buffer.from('x')))).toBe('1');
      expect(await kv.get(Buffer.from('y'))).toBeUndefined();
    });
  });

  it('sets aside the files after a damaged one instead of applying them out of order', async () => {
    const dir = tempDir();
    await withStore(dir, async (_kv, log) => {
      for (let i = 0; i < 6; i++) log.append([put(`k${i}`, 'x'.repeat(100))]);
    }, 200); // about two records per file
    const files = logFiles(dir);
    expect(files.length).toBeGreaterThanOrEqual(3);
    appendFileSync(join(dir, 'commit-log', files[0]!), Buffer.from('garbage that is not a record'));
    await withStore(dir, async (kv, log) => {
      expect(log.replay.records).toBe(2);
      expect(log.replay.damagedFiles).toEqual(files.slice(1).map((f) => `${f}.damaged`));
      expect(await kv.get(Buffer.from('k2'))).toBeUndefined();
    });
  });

  it('deletes rotated files once RocksDB has them', async () => {
    const dir = tempDir();
    await withStore(dir, async (kv, log) => {
      let last = 0;
      for (let i = 0; i < 10; i++) last = log.append([put(`k${i}`, 'x'.repeat(100))]);
      expect(logFiles(dir).length).toBeGreaterThanOrEqual(4);
      await log.applied(3, kv); // only files ending at or below record 3 may go
      expect(logFiles(dir)[0]).toBe('0000000000000003.log');
      await log.applied(last, kv);
      expect(logFiles(dir)).toEqual([`${(last + 1).toString(16).padStart(16, '0')}.log`]);
    }, 200);
  });

  it('refuses to append after a write it could not undo', async () => {
    const dir = tempDir();
    await withStore(dir, async (_kv, log) => {
      log.close();
      expect(() => log.append([put('a', '1')])).toThrow();
      expect(() => log.append([put('a', '1')])).toThrow();
    });
  });
});

describe('RowStore over the commit log', () => {
  it('acknowledges before RocksDB has the rows, serves them meanwhile, and settles', async () => {
    const dir = tempDir();
    await withStore(dir, async (kv, log) => {
      const rows = new RowStore(kv, log);
      const ws = rows.begin();
      ws.put(Buffer.from('r1'), Buffer.from('one'));
      await rows.commit(ws);
      expect(text(await rows.get(Buffer.from('r1')))).toBe('one');
      await rows.settle();
      expect(text(await kv.get(Buffer.from('r1')))).toBe('one');
      const del2 = rows.begin();
      del2.delete(Buffer.from('r1'));
      await rows.commit(del2);
      expect(await rows.get(Buffer.from('r1'))).toBeUndefined();
      await rows.close();
      expect(await kv.get(Buffer.from('r1'))).toBeUndefined();
    });
  });
});

describe('commit log durability', () => {
  for (const mode of ['log', 'rows'] as const) {
    it(`keeps every acknowledged commit across SIGKILL (${mode === 'log' ? 'nothing applied to RocksDB' : 'RowStore applying behind'})`, async () => {
      const dir = tempDir();
      const acked = await runAndKill('commit-crash-writer.ts', [dir, mode], 3000);
      expect(acked).toBeGreaterThanOrEqual(2999);
      await withStore(dir, async (kv, log) => {
        if (mode === 'log') expect(log.replay.records).toBeGreaterThanOrEqual(acked + 1);
        expect(log.replay.damagedFiles).toEqual([]);
        const keys = Array.from({ length: acked + 1 }, (_, i) => Buffer.from(`b${String(i).padStart(8, '0')}`));
        const values = await kv.getMany(keys);
        expect(values.flatMap((v, i) => (text(v) === String(i) ? [] : [i]))).toEqual([]);
        // every commit is all-or-nothing, acknowledged or not
        let a = 0;
        let b = 0;
        for await (const batch of kv.scan({ lt: Buffer.from('m') })) for (const [k] of batch) (k[0] === 0x61 ? a++ : b++);
        expect(a).toBe(b);
      });
      // The replay is done once: the log files it read are gone.
      expect(logFiles(dir)).toHaveLength(1);
    });
  }
});
