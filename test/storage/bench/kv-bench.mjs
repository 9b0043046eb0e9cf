/**
 * One-off benchmark (not a test): KvStore get / getMany / write / scan over 200k rows.
 *   npm run build && node test/storage/bench/kv-bench.mjs
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KvStore } from '../../../dist/storage/kv-store.js';

const ROWS = 200_000;
const dir = mkdtempSync(join(tmpdir(), 'kv-bench-'));
const kv = await KvStore.open(dir);
const key = (i) => {
  const k = Buffer.allocUnsafe(9);
  k[0] = 0x72;
  k.writeUInt32BE(7, 1);
  k.writeUInt32BE(i, 5);
  return k;
};
const value = Buffer.alloc(80, 0x61);

async function timed(label, ops, fn) {
  const t0 = process.hrtime.bigint();
  await fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${label.padEnd(44)} ${Math.round(ops / s).toLocaleString().padStart(10)} /s   ${((s / ops) * 1e6).toFixed(1)} µs each`);
}

await timed('write, batches of 1000 puts', ROWS, async () => {
  for (let i = 0; i < ROWS; i += 1000) {
    await kv.write(Array.from({ length: 1000 }, (_, j) => ({ type: 'put', key: key(i + j), value })));
  }
});
await timed('write, one put per batch, one at a time', 5000, async () => {
  for (let i = 0; i < 5000; i++) await kv.put(key(i), value);
});
await timed('write, one put per batch, 64 in flight', 20000, async () => {
  for (let i = 0; i < 20000; i += 64) await Promise.all(Array.from({ length: 64 }, (_, j) => kv.put(key(i + j), value)));
});
const rnd = () => Math.floor(Math.random() * ROWS);
await timed('get, one at a time', 20000, async () => {
  for (let i = 0; i < 20000; i++) await kv.get(key(rnd()));
});
for (const inflight of [8, 64]) {
  await timed(`get, ${inflight} in flight`, 64000, async () => {
    for (let i = 0; i < 64000; i += inflight) await Promise.all(Array.from({ length: inflight }, () => kv.get(key(rnd()))));
  });
}
for (const size of [16, 64, 1000]) {
  await timed(`getMany of ${size}, one at a time (keys/s)`, 64000, async () => {
    for (let i = 0; i < 64000; i += size) await kv.getMany(Array.from({ length: size }, () => key(rnd())));
  });
}
await timed('getMany of 64, 4 in flight (keys/s)', 64000, async () => {
  for (let i = 0; i < 64000; i += 256) await Promise.all(Array.from({ length: 4 }, () => kv.getMany(Array.from({ length: 64 }, () => key(rnd())))));
});
for (let round = 0; round < 2; round++) {
  await timed('scan all (KvStore.scan, batches)', ROWS, async () => {
    let n = 0;
    for await (const batch of kv.scan({ gte: key(0), lt: key(ROWS) })) n += batch.length;
    if (n !== ROWS) throw new Error(`scanned ${n}`);
  });
}
await kv.close();

// For comparison: abstract-leveldown's iterator.next(), one callback per entry.
const require = createRequire(import.meta.url);
const db = require('rocksdb')(dir);
await new Promise((r, j) => db.open((e) => (e ? j(e) : r())));
await timed('scan all (abstract-leveldown next() per row)', ROWS, async () => {
  const it = db.iterator({ gte: key(0), lt: key(ROWS) });
  let n = 0;
  await new Promise((resolve, reject) => {
    const step = () => it.next((err, k) => {
      if (err) return reject(err);
      if (k === undefined) return it.end(resolve);
      n++;
      step();
    });
    step();
  });
  if (n !== ROWS) throw new Error(`scanned ${n}`);
});
await new Promise((r) => db.close(r));
rmSync(dir, { recursive: true, force: true });
