#!/usr/bin/env node
// Issue 8's "choose the index implementation by measurement": the HNSW candidates for EMBEDDING
// indexes, measured on the same random-normal vectors, against an exact Float32Array search.
// The candidates are NOT dependencies of the repository: install them in a scratch directory and
// point VECSPIKE_MODULES at it (see bench/README.md, "Vector index choice"):
//
//   mkdir -p /tmp/vecspike && cd /tmp/vecspike && echo '{"private":true}' > package.json
//   npm install hnswlib-node@3.0.0 usearch@2.26.2 hnswlib-wasm@0.8.2 closevector-hnswlib-wasm@0.1.1
//   VECSPIKE_MODULES=/tmp/vecspike node bench/vector-index-choice.mjs
//
// Environment: VECSPIKE_MODULES (/tmp/vecspike; the scratch install), VECSPIKE_N (100000 vectors),
// VECSPIKE_DIM (384), VECSPIKE_QUERIES (200; recall and latency sample), VECSPIKE_EF (40,100;
// ef_search values), VECSPIKE_M (16), VECSPIKE_EFC (64; ef_construction), VECSPIKE_USERS (100;
// USER-table partitions, row i belongs to user i % USERS), VECSPIKE_PARTITIONS_BUILT (10; how many
// of them get an index of their own), VECSPIKE_CANDIDATES (hnswlib-node,usearch,hnswlib-wasm),
// VECSPIKE_SEED (1), VECSPIKE_RESULTS (bench/results; '' prints only), VECSPIKE_TMP (os tmpdir).
//
// Each candidate runs in a child process of its own (node --expose-gc), so its RSS is its own and a
// crash of one native addon costs only its row. Everything is single-threaded: the server would
// search from one thread per query, and the machine has 2 shared cores.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { isMainThread } from 'node:worker_threads';
import { describeMachine, hostSlug } from './lib/machine.mjs';
import { exactTopK, normals, recallAtK } from './lib/vectors.mjs';

const here = fileURLToPath(import.meta.url);
const repoDir = path.dirname(path.dirname(here));
const env = process.env;
const cfg = {
  modules: env.VECSPIKE_MODULES ?? '/tmp/vecspike',
  n: Number(env.VECSPIKE_N ?? 100_000),
  dim: Number(env.VECSPIKE_DIM ?? 384),
  queries: Number(env.VECSPIKE_QUERIES ?? 200),
  efs: (env.VECSPIKE_EF ?? '40,100').split(',').map(Number),
  m: Number(env.VECSPIKE_M ?? 16),
  efc: Number(env.VECSPIKE_EFC ?? 64),
  users: Number(env.VECSPIKE_USERS ?? 100),
  partitionsBuilt: Number(env.VECSPIKE_PARTITIONS_BUILT ?? 10),
  candidates: (env.VECSPIKE_CANDIDATES ?? 'hnswlib-node,usearch,hnswlib-wasm').split(','),
  seed: Number(env.VECSPIKE_SEED ?? 1),
  tmp: env.VECSPIKE_TMP ?? os.tmpdir(),
  results: env.VECSPIKE_RESULTS ?? path.join(repoDir, 'bench', 'results'),
};
const K = 10;

// ---- data: seeded, so every child process regenerates the same vectors instead of sharing memory

const dataset = () => normals(cfg.n * cfg.dim, cfg.seed);
const queryset = () => normals(cfg.queries * cfg.dim, cfg.seed + 1_000_003);
const row = (data, i) => data.subarray(i * cfg.dim, (i + 1) * cfg.dim);
const userOf = (label) => label % cfg.users;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function latencies(fn, count) {
  const ms = [];
  for (let i = 0; i < count; i++) {
    const t = process.hrtime.bigint();
    fn(i);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((x, y) => x - y);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

function rssMiB() {
  globalThis.gc?.();
  return process.memoryUsage().rss / 2 ** 20;
}

// ---- ground truth: computed once per (n, dim, seed) and cached, it is the slow part

function groundTruth() {
  const file = path.join(cfg.tmp, `vecspike-gt-${cfg.n}-${cfg.dim}-${cfg.queries}-${cfg.users}-${cfg.seed}.json`);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  const data = dataset();
  const qs = queryset();
  const t0 = performance.now();
  const global = [];
  const lat = latencies((i) => global.push(exactTopK(data, cfg.dim, row(qs, i), K).ids), cfg.queries);
  // One query per partition built, restricted to that user's rows (what a USER table's kNN means).
  const perUser = [];
  const perUserLat = latencies((u) => perUser.push(exactTopK(data, cfg.dim, row(qs, u), K, (i) => userOf(i) === u).ids), cfg.partitionsBuilt);
  const gt = { global, perUser, exact: { ...lat, totalSeconds: (performance.now() - t0) / 1000 }, exactPerUser: perUserLat };
  fs.writeFileSync(file, JSON.stringify(gt));
  return gt;
}

// ---- candidates: one adapter each, the same questions asked of all

const req = createRequire(path.join(cfg.modules, 'package.json'));

async function hnswlibWasmLib(pkg) {
  // Both wasm packages are built for browsers only (Emscripten ENVIRONMENT=web): they refuse to
  // start in Node unless `window` exists. Their file persistence goes through IndexedDB.
  globalThis.window ??= globalThis;
  const entry = pkg === 'hnswlib-wasm' ? 'hnswlib-wasm/dist/hnswlib.js' : 'closevector-hnswlib-wasm/dist/hnswlib.mjs';
  const mod = await import(req.resolve(entry));
  return mod.loadHnswlib();
}

function hnswlibNodeAdapter() {
  const { HierarchicalNSW } = req('hnswlib-node');
  const space = { l2: 'l2', cos: 'cosine', ip: 'ip' };
  const make = (metric, dim, cap) => {
    const ix = new HierarchicalNSW(space[metric], dim);
    ix.initIndex({ maxElements: cap, m: cfg.m, efConstruction: cfg.efc, randomSeed: 100, allowReplaceDeleted: true });
    return ix;
  };
  const wrap = (ix) => ({
    // hnswlib-node takes plain arrays only (a Float32Array is refused), so each call converts.
    add: (label, v) => ix.addPoint(Array.from(v), label),
    setEf: (ef) => ix.setEf(ef),
    search: (q, k, filter) => ix.searchKnn(Array.from(q), k, filter).neighbors,
    remove: (label) => ix.markDelete(label),
    save: (file) => ix.writeIndexSync(file),
    grow: (cap) => ix.resizeIndex(cap),
    capacity: () => ix.getMaxElements(),
  });
  return {
    name: 'hnswlib-node',
    metrics: ['l2', 'cos', 'ip'],
    create: (metric, dim, cap) => wrap(make(metric, dim, cap)),
    load: (metric, dim, file) => { const ix = new HierarchicalNSW(space[metric], dim); ix.readIndexSync(file, true); return wrap(ix); },
    filtered: true,
    update: 'addPoint with an existing label replaces its vector in place',
    asyncApi: 'readIndex/writeIndex return Promises (libuv pool); add and search are synchronous',
  };
}

function usearchAdapter() {
  const { Index } = req('usearch');
  const kind = { l2: 'l2sq', cos: 'cos', ip: 'ip' };
  const config = (metric, dim, ef) => ({ dimensions: dim, metric: kind[metric], quantization: 'f32', connectivity: cfg.m, expansion_add: cfg.efc, expansion_search: ef, multi: false });
  const wrap = (ix, metric, dim, ef) => {
    let index = ix;
    return {
      add: (label, v) => index.add(BigInt(label), v, 1),
      // expansion_search is fixed at construction and not in the saved file: another value means
      // a new Index over the same file (measured as a reload).
      setEf: (newEf) => {
        if (newEf === ef) return;
        const file = path.join(cfg.tmp, `vecspike-usearch-ef-${process.pid}.bin`);
        index.save(file);
        index = new Index(config(metric, dim, newEf));
        index.load(file);
        fs.rmSync(file);
        ef = newEf;
      },
      search: (q, k, filter) => {
        if (filter) throw new Error('no filtered search in the JavaScript binding');
        return Array.from(index.search(q, k, 1).keys, Number);
      },
      remove: (label) => index.remove(BigInt(label)),
      save: (file) => index.save(file),
      grow: () => {}, // add reserves by itself
      capacity: () => index.capacity(),
    };
  };
  return {
    name: 'usearch',
    metrics: ['l2', 'cos', 'ip'],
    create: (metric, dim) => wrap(new Index(config(metric, dim, 40)), metric, dim, 40),
    load: (metric, dim, file) => { const ix = new Index(config(metric, dim, 40)); ix.load(file); return wrap(ix, metric, dim, 40); },
    filtered: false,
    update: 'remove(key) then add(key, vector); add of an existing key throws (multi=false)',
    asyncApi: 'none: add, search, save and load are all synchronous',
  };
}

async function hnswlibWasmAdapter(pkg) {
  const lib = await hnswlibWasmLib(pkg);
  const space = { l2: 'l2', cos: 'cosine', ip: 'ip' };
  const wrap = (ix) => ({
    // replaceDeleted=true fails an update of a live label at full capacity; false updates it.
    add: (label, v) => ix.addPoints([v], [label], false),
    setEf: (ef) => ix.setEfSearch(ef),
    search: (q, k, filter) => ix.searchKnn(q, k, filter).neighbors,
    remove: (label) => ix.markDelete(label),
    save: null, // writeIndex needs IndexedDB (IDBFS) and aborts the module in Node
    grow: (cap) => ix.resizeIndex(cap),
    capacity: () => ix.getMaxElements(),
  });
  return {
    name: pkg,
    metrics: ['l2', 'cos', 'ip'],
    create: (metric, dim, cap) => { const ix = new lib.HierarchicalNSW(space[metric], dim, ''); ix.initIndex(cap, cfg.m, cfg.efc, 100); return wrap(ix); },
    load: null,
    filtered: true,
    update: 'addPoints with an existing label replaces its vector (throws at full capacity even so)',
    asyncApi: 'none in Node (the async calls are IndexedDB persistence)',
  };
}

async function adapterFor(name) {
  if (name === 'hnswlib-node') return hnswlibNodeAdapter();
  if (name === 'usearch') return usearchAdapter();
  if (name === 'hnswlib-wasm' || name === 'closevector-hnswlib-wasm') return hnswlibWasmAdapter(name);
  throw new Error(`unknown candidate ${name}`);
}

// ---- the questions

/** Feature probes on a tiny index: what the server needs besides speed. */
function probeFeatures(ad) {
  const out = {};
  const dim = 8;
  const vecs = normals(200 * dim, 7);
  const v = (i) => vecs.subarray(i * dim, (i + 1) * dim);
  const tryIt = (name, fn) => { try { out[name] = fn(); } catch (e) { out[name] = `no (${String(e.message ?? e).slice(0, 80)})`; } };
  for (const metric of ['l2', 'cos', 'ip']) {
    tryIt(`metric ${metric}`, () => { const ix = ad.create(metric, dim, 100); for (let i = 0; i < 50; i++) ix.add(i, v(i)); return ix.search(v(3), 1)[0] === 3 || metric === 'ip' ? 'yes' : 'wrong answer'; });
  }
  const ix = ad.create('l2', dim, 100);
  for (let i = 0; i < 100; i++) ix.add(i, v(i));
  ix.setEf(100);
  tryIt('delete', () => { ix.remove(5); return ix.search(v(5), 3).includes(5) ? 'still returned' : 'yes (marked, not returned)'; });
  tryIt('grow past capacity', () => { ix.grow(200); for (let i = 100; i < 120; i++) ix.add(i, v(i)); return `yes (capacity now ${ix.capacity()})`; });
  // After the grow, so the index has a free slot: the wasm builds refuse any add at full capacity.
  tryIt('update', () => {
    if (ad.name === 'usearch') { ix.remove(6); ix.add(6, v(150)); } else ix.add(6, v(150));
    return ix.search(v(150), 1)[0] === 6 ? `yes: ${ad.update}` : 'wrong answer';
  });
  tryIt('filtered search', () => {
    if (!ad.filtered) throw new Error('no filter argument in the JavaScript binding');
    const got = ix.search(v(10), 5, (label) => label % 2 === 0);
    return got.every((l) => l % 2 === 0) && got.length === 5 ? 'yes (JS callback per candidate)' : 'wrong answer';
  });
  tryIt('save, load, add after load', () => {
    if (!ix.save) throw new Error('writeIndex needs IndexedDB; aborts under Node');
    const file = path.join(cfg.tmp, `vecspike-probe-${process.pid}.bin`);
    ix.save(file);
    const back = ad.load('l2', dim, file);
    back.grow(300);
    back.add(250, v(199));
    back.setEf(100);
    const ok = back.search(v(199), 1)[0] === 250 && back.search(v(20), 1)[0] === 20 && !back.search(v(5), 3).includes(5);
    fs.rmSync(file);
    return ok ? 'yes (deletes survive the round trip)' : 'wrong answer';
  });
  out['async API'] = ad.asyncApi;
  return out;
}

async function workerProbe(name) {
  // Whether the index can live in a worker_threads Worker, which is how a synchronous search would
  // be kept off the server's event loop.
  const { Worker } = await import('node:worker_threads');
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    import(workerData.self).then(async (m) => {
      const ad = await m.adapterFor(workerData.name);
      const ix = ad.create('l2', 4, 10);
      ix.add(7, new Float32Array([1, 2, 3, 4]));
      parentPort.postMessage(ix.search(new Float32Array([1, 2, 3, 4]), 1)[0] === 7 ? 'yes' : 'wrong answer');
    }).catch((e) => parentPort.postMessage('no (' + e.message + ')'));`;
  return new Promise((resolve) => {
    const w = new Worker(code, { eval: true, workerData: { self: here, name }, env: { ...process.env, VECSPIKE_CHILD: '' } });
    w.once('message', (m) => { resolve(m); void w.terminate(); });
    w.once('error', (e) => resolve(`no (${e.message})`));
  });
}

async function runCandidate(name) {
  const gt = groundTruth();
  const ad = await adapterFor(name);
  const result = { name };
  result.features = probeFeatures(ad);
  result.features['works in a worker thread'] = await workerProbe(name);

  const data = dataset();
  const qs = queryset();
  const rss0 = rssMiB();
  let t = performance.now();
  let ix = ad.create('l2', cfg.dim, cfg.n);
  for (let i = 0; i < cfg.n; i++) ix.add(i, row(data, i));
  result.buildSeconds = (performance.now() - t) / 1000;
  result.indexRssMiB = rssMiB() - rss0;

  if (ix.save) {
    const file = path.join(cfg.tmp, `vecspike-${name}-${process.pid}.bin`);
    t = performance.now();
    ix.save(file);
    result.saveSeconds = (performance.now() - t) / 1000;
    result.fileMiB = fs.statSync(file).size / 2 ** 20;
    ix = null;
    globalThis.gc?.();
    t = performance.now();
    ix = ad.load('l2', cfg.dim, file);
    result.loadSeconds = (performance.now() - t) / 1000;
    fs.rmSync(file);
  }

  result.search = [];
  for (const ef of cfg.efs) {
    ix.setEf(ef);
    for (let i = 0; i < 20; i++) ix.search(row(qs, i % cfg.queries), K); // warm-up
    const found = [];
    const lat = latencies((i) => found.push(ix.search(row(qs, i), K)), cfg.queries);
    result.search.push({ ef, ...lat, recall: recallAtK(found, gt.global, K) });
  }

  // USER tables: the kNN of one user must see only that user's rows.
  ix.setEf(cfg.efs[0]);
  if (ad.filtered) {
    const found = [];
    const lat = latencies((u) => found.push(ix.search(row(qs, u), K, (label) => userOf(label) === u)), cfg.partitionsBuilt);
    result.filtered = { ...lat, recall: recallAtK(found, gt.perUser, K) };
  }
  ix = null;
  globalThis.gc?.();
  const perUser = Math.ceil(cfg.n / cfg.users);
  const rss1 = rssMiB();
  t = performance.now();
  const parts = [];
  for (let u = 0; u < cfg.partitionsBuilt; u++) {
    const p = ad.create('l2', cfg.dim, perUser);
    for (let i = u; i < cfg.n; i += cfg.users) p.add(i, row(data, i));
    p.setEf(cfg.efs[0]);
    parts.push(p);
  }
  const buildSeconds = (performance.now() - t) / 1000;
  const rssPer = (rssMiB() - rss1) / cfg.partitionsBuilt;
  const found = [];
  for (let u = 0; u < cfg.partitionsBuilt; u++) parts[u].search(row(qs, u), K); // warm-up
  const lat = latencies((u) => found.push(parts[u].search(row(qs, u), K)), cfg.partitionsBuilt);
  result.partitioned = { perUser, buildSecondsEach: buildSeconds / cfg.partitionsBuilt, rssMiBEach: rssPer, ...lat, recall: recallAtK(found, gt.perUser, K) };
  return result;
}

// ---- report

const f = (x, d = 2) => (x === undefined ? '—' : x.toFixed(d));

function markdown(machine, gt, results, load) {
  const lines = [];
  lines.push(`# Vector index choice: ${cfg.n.toLocaleString('en')} × ${cfg.dim}-d random-normal vectors, L2`, '');
  lines.push(`${new Date().toISOString()} on ${machine.hostname}: ${machine.nproc} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.node}.`);
  lines.push(`Load average before the run: ${load[0]}; after: ${load[1]}. M=${cfg.m}, ef_construction=${cfg.efc}, top-${K}, ${cfg.queries} queries, single thread, seed ${cfg.seed}.`, '');
  lines.push('| candidate | build s | index RSS MiB | file MiB | save s | load s | ' + cfg.efs.map((ef) => `ef ${ef} p50 / p99 ms | recall@10`).join(' | ') + ' |');
  lines.push('|---|---|---|---|---|---|' + cfg.efs.map(() => '---|---|').join(''));
  lines.push(`| exact Float32Array scan | 0 | 0 | — | — | — | ${f(gt.exact.p50)} / ${f(gt.exact.p99)} | 1.000 |` + cfg.efs.slice(1).map(() => ' | |').join(''));
  for (const r of results) {
    if (r.error) { lines.push(`| ${r.name} | failed: ${r.error} |`); continue; }
    lines.push(`| ${r.name} | ${f(r.buildSeconds, 1)} | ${f(r.indexRssMiB, 0)} | ${f(r.fileMiB, 1)} | ${f(r.saveSeconds)} | ${f(r.loadSeconds)} | ` +
      r.search.map((s) => `${f(s.p50, 3)} / ${f(s.p99, 3)} | ${f(s.recall, 3)}`).join(' | ') + ' |');
  }
  const perUser = Math.ceil(cfg.n / cfg.users);
  lines.push('', `## USER tables: ${cfg.users} users × ${perUser} rows (row i belongs to user i % ${cfg.users}), ef ${cfg.efs[0]}, ${cfg.partitionsBuilt} users queried`, '');
  lines.push('| candidate | filtered search on the shared index p50 / p99 ms | recall@10 | per-user index p50 / p99 ms | recall@10 | build s per user | RSS MiB per user |');
  lines.push('|---|---|---|---|---|---|---|');
  lines.push(`| exact scan of the user's rows | ${f(gt.exactPerUser.p50)} / ${f(gt.exactPerUser.p99)} | 1.000 | | | | |`);
  for (const r of results) {
    if (r.error) continue;
    const fl = r.filtered;
    const p = r.partitioned;
    lines.push(`| ${r.name} | ${fl ? `${f(fl.p50, 3)} / ${f(fl.p99, 3)}` : 'not offered'} | ${fl ? f(fl.recall, 3) : '—'} | ${f(p.p50, 3)} / ${f(p.p99, 3)} | ${f(p.recall, 3)} | ${f(p.buildSecondsEach, 2)} | ${f(p.rssMiBEach, 1)} |`);
  }
  lines.push('', '## Features', '');
  const names = results.filter((r) => !r.error);
  const keys = [...new Set(names.flatMap((r) => Object.keys(r.features)))];
  lines.push('| feature | ' + names.map((r) => r.name).join(' | ') + ' |');
  lines.push('|---|' + names.map(() => '---|').join(''));
  for (const k of keys) lines.push(`| ${k} | ` + names.map((r) => String(r.features[k] ?? '—').replace(/\|/g, '/')).join(' | ') + ' |');
  return lines.join('\n') + '\n';
}

export { adapterFor };

async function main() {
  if (env.VECSPIKE_CHILD) {
    const r = await runCandidate(env.VECSPIKE_CHILD);
    process.stdout.write(`\nRESULT ${JSON.stringify(r)}\n`);
    return;
  }
  const load = [os.loadavg()[0].toFixed(2)];
  process.stderr.write(`exact ground truth for ${cfg.n} × ${cfg.dim} (cached in ${cfg.tmp})…\n`);
  const gt = groundTruth();
  const results = [];
  for (const name of cfg.candidates) {
    process.stderr.write(`${name}…\n`);
    const child = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', here], {
      env: { ...env, VECSPIKE_CHILD: name }, encoding: 'utf8', maxBuffer: 1 << 26,
    });
    const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (line) results.push(JSON.parse(line.slice(7)));
    else results.push({ name, error: (child.stderr.trim().split('\n').find((l) => /Error|Abort/.test(l)) ?? `exit ${child.status}`).slice(0, 120) });
    process.stderr.write(JSON.stringify(results.at(-1)) + '\n');
  }
  load.push(os.loadavg()[0].toFixed(2));
  const md = markdown(describeMachine(), gt, results, load);
  process.stdout.write(md);
  if (cfg.results) {
    const shape = `${cfg.n === 100_000 ? '' : `-n${cfg.n}`}${cfg.m === 16 && cfg.efc === 64 ? '' : `-m${cfg.m}-efc${cfg.efc}`}`;
    const file = path.join(cfg.results, `${new Date().toISOString().slice(0, 10)}-${hostSlug(os.hostname())}-vector-index-choice${shape}.md`);
    fs.writeFileSync(file, md);
    process.stderr.write(`wrote ${file}\n`);
  }
}

// The worker probe imports this file for its adapters; only the process started as a script runs.
if (isMainThread && process.argv[1] === here) await main();
