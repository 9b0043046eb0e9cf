#!/usr/bin/env node
/**
 * Which Parquet library the cold tier uses, by measurement (issue 5, DESIGN.md "Execution model").
 *
 *   npm run bench:parquet                 1M rows, 3 runs per cell (median kept)
 *   BENCH_ROWS=200000 BENCH_RUNS=1 ...    quick look
 *
 * Rows: id bigint, grp int, val double, ts timestamp (µs), name text — the issue's analytic shape.
 * Each library writes the rows from column arrays and reads them back into column arrays:
 *
 *   parquet-wasm   Arrow vectors built straight from typed arrays and UTF-8 offset buffers,
 *                  Arrow IPC into WebAssembly, writeParquet; readParquet → IPC → apache-arrow.
 *                  Read is reported twice: as Arrow buffers (typed arrays + offsets), and with
 *                  the text column decoded into JS strings (what a row of `Value`s needs).
 *   hyparquet      hyparquet-writer from typed arrays and a string array; hyparquet's parquetRead
 *                  with columnar chunks (strings are decoded by the library). hyparquet-writer
 *                  ships no zstd compressor, so its zstd cells are n/a.
 *
 * hyparquet is not a dependency of the project (it lost): run
 * `npm install --no-save hyparquet hyparquet-writer hyparquet-compressors` first, or its rows
 * say "not installed". Results go to bench/results/<date>-<host>-parquet.{md,json}.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import * as arrow from 'apache-arrow';
import * as pw from 'parquet-wasm';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ROW_GROUP = 128 * 1024;
const here = dirname(fileURLToPath(import.meta.url));

function dataset(n) {
  const id = new BigInt64Array(n);
  const grp = new Int32Array(n);
  const val = new Float64Array(n);
  const ts = new BigInt64Array(n);
  const name = new Array(n);
  const t0 = 1_700_000_000_000_000n;
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
  for (let i = 0; i < n; i++) {
    id[i] = BigInt(i + 1);
    grp[i] = i % 1000;
    val[i] = Math.round(rand() * 1e6) / 100;
    ts[i] = t0 + BigInt(i) * 1_000_000n + BigInt(Math.floor(rand() * 1000));
    name[i] = `name-${(i * 7919) % 100_000}`;
  }
  return { id, grp, val, ts, name };
}

/** Offsets and bytes of a string column, written directly (no vectorFromArray). */
function utf8Buffers(strings) {
  const offsets = new Int32Array(strings.length + 1);
  let bytes = Buffer.allocUnsafe(strings.length * 16);
  let pos = 0;
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i];
    if (pos + s.length * 3 > bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(bytes.length * 2, pos + s.length * 3));
      bytes.copy(grown, 0, 0, pos);
      bytes = grown;
    }
    pos += bytes.write(s, pos, 'utf8');
    offsets[i + 1] = pos;
  }
  return { offsets, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, pos) };
}

function arrowTable(d, from, to) {
  const n = to - from;
  const text = utf8Buffers(d.name.slice(from, to));
  const cols = {
    id: arrow.makeData({ type: new arrow.Int64(), length: n, data: d.id.subarray(from, to) }),
    grp: arrow.makeData({ type: new arrow.Int32(), length: n, data: d.grp.subarray(from, to) }),
    val: arrow.makeData({ type: new arrow.Float64(), length: n, data: d.val.subarray(from, to) }),
    ts: arrow.makeData({ type: new arrow.TimestampMicrosecond(), length: n, data: d.ts.subarray(from, to) }),
    name: arrow.makeData({ type: new arrow.Utf8(), length: n, valueOffsets: text.offsets, data: text.bytes }),
  };
  const fields = Object.entries(cols).map(([k, v]) => new arrow.Field(k, v.type, false));
  const schema = new arrow.Schema(fields);
  return new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(fields), length: n, children: Object.values(cols) }));
}

/**
 * `tuned`: what the segment writer does — no dictionary and DELTA_BINARY_PACKED for the 64-bit
 * integer columns (keys, timestamps, _seq are nearly always distinct: a dictionary of a whole row
 * group is pure overhead), defaults elsewhere.
 */
function wasmWrite(d, codec, tuned) {
  const batches = [];
  for (let from = 0; from < ROWS; from += ROW_GROUP) batches.push(arrowTable(d, from, Math.min(ROWS, from + ROW_GROUP)));
  const ipc = arrow.tableToIPC(new arrow.Table(batches), 'stream');
  // Each builder call consumes the builder and returns a new one: always reassign.
  let props = new pw.WriterPropertiesBuilder()
    .setCompression(codec === 'zstd' ? pw.Compression.ZSTD : pw.Compression.SNAPPY)
    .setMaxRowGroupSize(ROW_GROUP)
    .setStatisticsEnabled(pw.EnabledStatistics.Chunk);
  if (tuned) {
    for (const c of ['id', 'ts']) props = props.setColumnDictionaryEnabled(c, false).setColumnEncoding(c, pw.Encoding.DELTA_BINARY_PACKED);
  }
  return pw.writeParquet(pw.Table.fromIPCStream(ipc), props.build());
}

function wasmRead(bytes, decodeStrings) {
  const t = arrow.tableFromIPC(pw.readParquet(bytes, { batchSize: ROW_GROUP }).intoIPCStream());
  let rows = 0;
  let check = 0;
  for (const b of t.batches) {
    rows += b.numRows;
    const id = b.getChildAt(0).data[0].values;
    const val = b.getChildAt(2).data[0].values;
    check += val[0] + Number(id[0]);
    if (decodeStrings) {
      const name = b.getChildAt(4).data[0];
      const buf = Buffer.from(name.values.buffer, name.values.byteOffset, name.values.byteLength);
      const off = name.valueOffsets;
      const out = new Array(b.numRows);
      for (let i = 0; i < b.numRows; i++) out[i] = buf.toString('utf8', off[i], off[i + 1]);
      check += out[out.length - 1].length;
    }
  }
  return { rows, check };
}

async function loadHyparquet() {
  try {
    const [reader, writer, compressors] = await Promise.all([
      import('hyparquet'), import('hyparquet-writer'), import('hyparquet-compressors'),
    ]);
    return { reader, writer, compressors: compressors.compressors };
  } catch {
    return null;
  }
}

function hyWrite(hy, d) {
  return new Uint8Array(hy.writer.parquetWriteBuffer({
    columnData: [
      { name: 'id', data: d.id },
      { name: 'grp', data: d.grp },
      { name: 'val', data: d.val },
      { name: 'ts', data: d.ts },
      { name: 'name', data: d.name },
    ],
    schema: [
      { name: 'root', num_children: 5 },
      { name: 'id', type: 'INT64', repetition_type: 'REQUIRED' },
      { name: 'grp', type: 'INT32', repetition_type: 'REQUIRED' },
      { name: 'val', type: 'DOUBLE', repetition_type: 'REQUIRED' },
      { name: 'ts', type: 'INT64', repetition_type: 'REQUIRED', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' } },
      { name: 'name', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
    ],
    codec: 'SNAPPY',
    rowGroupSize: ROW_GROUP,
    statistics: true,
  }));
}

async function hyRead(hy, bytes) {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  let rows = 0;
  let check = 0;
  await hy.reader.parquetRead({
    file,
    compressors: hy.compressors,
    parsers: { timestampFromMicroseconds: (v) => v },
    onChunk: (chunk) => {
      if (chunk.columnName === 'id') rows += chunk.rowEnd - chunk.rowStart;
      if (chunk.columnName === 'val') check += chunk.columnData[0];
    },
  });
  return { rows, check };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timed(fn) {
  const times = [];
  let result;
  for (let r = 0; r < RUNS; r++) {
    globalThis.gc?.();
    const t = performance.now();
    result = await fn();
    times.push((performance.now() - t) / 1000);
  }
  return { seconds: median(times), result };
  // (the first of the runs includes compiling the WebAssembly module and warming V8: the median drops it)
}

const rate = (s) => Math.round(ROWS / s);
const fmt = (n) => (n === null ? 'n/a' : n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : `${(n / 1e3).toFixed(0)}k`);

async function main() {
  const d = dataset(ROWS);
  const hy = await loadHyparquet();
  const results = [];
  for (const codec of ['zstd', 'snappy']) for (const tuned of [false, true]) {
    const w = await timed(() => wasmWrite(d, codec, tuned));
    const bytes = w.result;
    const r = await timed(() => wasmRead(bytes, false));
    const rs = await timed(() => wasmRead(bytes, true));
    if (r.result.rows !== ROWS) throw new Error(`parquet-wasm read ${r.result.rows} rows`);
    let hyReadOfWasm = null;
    if (hy && !tuned) {
      const h = await timed(() => hyRead(hy, bytes));
      if (h.result.rows !== ROWS) throw new Error(`hyparquet read ${h.result.rows} rows`);
      hyReadOfWasm = rate(h.seconds);
    }
    results.push({ library: `parquet-wasm 0.8.0${tuned ? ', delta int64' : ''}`, codec, writeRowsPerSec: rate(w.seconds),
      readRowsPerSec: rate(r.seconds), readWithStringsRowsPerSec: rate(rs.seconds), bytes: bytes.length,
      hyparquetReadsThisFileRowsPerSec: hyReadOfWasm });
    if (hy && tuned) {
      if (codec === 'zstd') {
        results.push({ library: 'hyparquet-writer + hyparquet', codec, writeRowsPerSec: null, readRowsPerSec: null,
          readWithStringsRowsPerSec: null, bytes: null, note: 'hyparquet-writer ships no zstd compressor' });
        continue;
      }
      const hw = await timed(() => hyWrite(hy, d));
      const hr = await timed(() => hyRead(hy, hw.result));
      if (hr.result.rows !== ROWS) throw new Error(`hyparquet read ${hr.result.rows} rows`);
      const wasmReadsHy = await timed(() => wasmRead(hw.result, true));
      results.push({ library: 'hyparquet-writer + hyparquet', codec, writeRowsPerSec: rate(hw.seconds),
        readRowsPerSec: rate(hr.seconds), readWithStringsRowsPerSec: rate(hr.seconds), bytes: hw.result.length,
        parquetWasmReadsThisFileRowsPerSec: rate(wasmReadsHy.seconds) });
    }
  }
  if (!hy) results.push({ library: 'hyparquet', note: 'not installed (npm install --no-save hyparquet hyparquet-writer hyparquet-compressors)' });

  const lines = [
    `# Parquet libraries: ${ROWS.toLocaleString('en')} rows × 5 columns (id int64, grp int32, val float64, ts timestamp µs, name utf8)`,
    '',
    `Host ${hostname()}, Node ${process.version}, median of ${RUNS} runs, row groups of ${ROW_GROUP} rows, statistics on.`,
    '',
    '| library | codec | write rows/s | read rows/s (column buffers) | read rows/s (strings decoded) | file size |',
    '|---|---|---|---|---|---|',
    ...results.filter((x) => 'codec' in x).map((x) =>
      `| ${x.library} | ${x.codec} | ${fmt(x.writeRowsPerSec)} | ${fmt(x.readRowsPerSec)} | ${fmt(x.readWithStringsRowsPerSec)} | ${x.bytes === null ? 'n/a' : `${(x.bytes / 1048576).toFixed(1)} MiB`} |`),
    '',
    ...results.filter((x) => x.hyparquetReadsThisFileRowsPerSec).map((x) =>
      `- hyparquet reads parquet-wasm's ${x.codec} file at ${fmt(x.hyparquetReadsThisFileRowsPerSec)} rows/s.`),
    ...results.filter((x) => x.parquetWasmReadsThisFileRowsPerSec).map((x) =>
      `- parquet-wasm reads hyparquet-writer's ${x.codec} file at ${fmt(x.parquetWasmReadsThisFileRowsPerSec)} rows/s (strings decoded).`),
    ...results.filter((x) => x.note).map((x) => `- ${x.library}${x.codec ? ` ${x.codec}` : ''}: ${x.note}.`),
    '',
  ];
  const text = lines.join('\n');
  process.stdout.write(text);
  const dir = join(here, 'results');
  mkdirSync(dir, { recursive: true });
  const stem = `${new Date().toISOString().slice(0, 10)}-${hostname()}-parquet`;
  writeFileSync(join(dir, `${stem}.md`), text);
  writeFileSync(join(dir, `${stem}.json`), JSON.stringify({ rows: ROWS, runs: RUNS, rowGroup: ROW_GROUP, node: process.version, results }, null, 2) + '\n');
  process.stdout.write(`\nwrote bench/results/${stem}.md and .json\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
