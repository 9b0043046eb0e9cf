/**
 * One-off benchmark (not a test): row codec and key encoding.
 * Runs on the compiled output, where tsc has inlined the KalamDataType const enum (under
 * vite-node every `KalamDataType.X` is a property lookup and the figures come out ~2× slower):
 *   npm run build && node test/storage/bench/row-codec-bench.mjs
 */
import { decodeRow, decodeRowInto, encodeRowValues } from '../../../dist/storage/row-codec.js';
import { encodeKey } from '../../../dist/storage/keycode.js';

const BIGINT = 3, TEXT = 6, INT = 2, DOUBLE = 4, TIMESTAMP = 7;
const ordinals = [1, 2, 3, 4, 5];
const kalams = [BIGINT, TEXT, INT, DOUBLE, TIMESTAMP];
const values = [1234567890123n, 'hello world, a short message', 42, 3.14159, 1_700_000_000_000_000n];
const header = { seq: 123456789012345n, deleted: false, schemaVersion: 3 };
const out = new Array(5);
const N = 1_000_000;

function time(label, fn) {
  for (let i = 0; i < N / 10; i++) fn(i); // warm up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) fn(i);
  const ns = Number(process.hrtime.bigint() - t0) / N;
  console.log(`${label.padEnd(36)} ${(ns / 1000).toFixed(3)} µs/op  (${Math.round(1e9 / ns).toLocaleString()} ops/s)`);
}

const buf = encodeRowValues(header, ordinals, kalams, values);
console.log(`5-column row: ${buf.length} bytes`);
time('encodeRowValues', () => encodeRowValues(header, ordinals, kalams, values));
time('decodeRowInto, 5 of 5 columns', () => decodeRowInto(buf, ordinals, out));
time('decodeRowInto, 2 of 5 columns', () => decodeRowInto(buf, [1, 4], out));
time('decodeRow (cell objects)', () => decodeRow(buf));
time('encode + decodeRowInto', () => decodeRowInto(encodeRowValues(header, ordinals, kalams, values), ordinals, out));
time('encodeKey BIGINT', (i) => encodeKey([BigInt(i)], [BIGINT]));
time('encodeKey (TEXT, INT)', (i) => encodeKey(['user-name', i], [TEXT, INT]));
