import { describe, expect, it } from 'vitest';
import { KalamDataType, type Value } from '../../src/types/kalam-type.js';
import { decodeKey, encodeKey, encodeKeyValue, hasPrefix, KeyWriter, prefixEnd } from '../../src/storage/keycode.js';
import { KEY_TYPES, randomValue, rng } from './random-values.js';

const sign = (n: number | bigint): number => (n > 0 ? 1 : n < 0 ? -1 : 0);

/** Decimal text → [class, scaled BigInt] for a reference comparison independent of the encoder. */
function decimalRank(s: string): [number, bigint, number] {
  if (s === 'NaN') return [3, 0n, 0];
  if (s === 'Infinity') return [2, 0n, 0];
  if (s === '-Infinity') return [0, 0n, 0];
  const neg = s.startsWith('-');
  const [ip, fp = ''] = s.replace(/^[+-]/, '').split('.');
  return [1, (neg ? -1n : 1n) * BigInt((ip || '0') + fp), fp.length];
}

function compareDecimal(a: string, b: string): number {
  const [ca, va, sa] = decimalRank(a);
  const [cb, vb, sb] = decimalRank(b);
  if (ca !== cb) return sign(ca - cb);
  const scale = Math.max(sa, sb);
  return sign(va * 10n ** BigInt(scale - sa) - vb * 10n ** BigInt(scale - sb));
}

function compareFloat(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
  return a < b ? -1 : a > b ? 1 : 0; // -0 == 0 as in PostgreSQL
}

/** The reference order: PostgreSQL's order for each type, NULLs last. */
function compareValue(a: Value, b: Value, kalam: KalamDataType): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  switch (kalam) {
    case KalamDataType.BOOLEAN: return Number(a) - Number(b);
    case KalamDataType.DOUBLE:
    case KalamDataType.FLOAT: return compareFloat(a as number, b as number);
    case KalamDataType.TEXT:
    case KalamDataType.JSON: return sign(Buffer.compare(Buffer.from(a as string), Buffer.from(b as string)));
    case KalamDataType.BYTES: return sign(Buffer.compare(a as Uint8Array, b as Uint8Array));
    case KalamDataType.UUID: return a < b ? -1 : a > b ? 1 : 0;
    case KalamDataType.DECIMAL: return compareDecimal(a as string, b as string);
    default: return sign((a as number | bigint) > (b as number | bigint) ? 1 : (a as number | bigint) < (b as number | bigint) ? -1 : 0);
  }
}

function compareRow(a: readonly Value[], b: readonly Value[], kalams: readonly KalamDataType[]): number {
  for (let i = 0; i < kalams.length; i++) {
    const c = compareValue(a[i]!, b[i]!, kalams[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

function checkOrder(rows: Value[][], kalams: readonly KalamDataType[]): void {
  const keys = rows.map((row) => encodeKey(row, kalams));
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < rows.length; j++) {
      const want = compareRow(rows[i]!, rows[j]!, kalams);
      const got = sign(Buffer.compare(keys[i]!, keys[j]!));
      if (want !== got) {
        throw new Error(`order mismatch for ${JSON.stringify(rows[i], big)} vs ${JSON.stringify(rows[j], big)}: reference ${want}, bytes ${got}`);
      }
    }
  }
  // and the two sorts agree
  const byRef = rows.map((_, i) => i).sort((x, y) => compareRow(rows[x]!, rows[y]!, kalams) || x - y);
  const byBytes = rows.map((_, i) => i).sort((x, y) => Buffer.compare(keys[x]!, keys[y]!) || x - y);
  expect(byBytes.map((i) => keys[i]!.toString('hex'))).toEqual(byRef.map((i) => keys[i]!.toString('hex')));
}

const big = (_: string, v: unknown): unknown => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? [...v] : v);

describe('keycode order', () => {
  for (const kalam of KEY_TYPES) {
    it(`orders type 0x${kalam.toString(16)} like PostgreSQL`, () => {
      const r = rng(kalam * 7919);
      const rows = Array.from({ length: 250 }, () => [r() < 0.05 ? null : randomValue(r, kalam)]);
      checkOrder(rows, [kalam]);
    });
  }

  it('orders composite keys column by column (prefixes included)', () => {
    const kalams = [KalamDataType.TEXT, KalamDataType.INT, KalamDataType.BYTES, KalamDataType.DECIMAL];
    const r = rng(42);
    const rows = Array.from({ length: 300 }, () => kalams.map((k) => (r() < 0.05 ? null : randomValue(r, k))));
    // strings that are prefixes of each other, followed by a second column
    rows.push(['ab', 1, new Uint8Array([1]), '1'], ['ab\u0000', 0, new Uint8Array(), '0'], ['a', 2147483647, new Uint8Array([0]), '-1']);
    checkOrder(rows, kalams);
  });
});

describe('keycode round trip', () => {
  for (const kalam of KEY_TYPES) {
    it(`decodes what it encodes, type 0x${kalam.toString(16)}`, () => {
      const r = rng(kalam);
      for (let i = 0; i < 200; i++) {
        const v = randomValue(r, kalam);
        const row: Value[] = [v, null, 7];
        const kalams = [kalam, kalam, KalamDataType.INT];
        const [back, nul, seven] = decodeKey(encodeKey(row, kalams), kalams);
        expect(nul).toBeNull();
        expect(seven).toBe(7);
        if (kalam === KalamDataType.DECIMAL) expect(compareDecimal(back as string, v as string)).toBe(0);
        else if (typeof v === 'number' && Object.is(v, -0)) expect(back).toBe(0);
        else expect(back).toEqual(v);
      }
    });
  }

  it('normalises decimals: equal values, one key', () => {
    const k = (s: string) => encodeKey([s], [KalamDataType.DECIMAL]).toString('hex');
    expect(k('1.50')).toBe(k('1.5'));
    expect(k('-0')).toBe(k('0.000'));
    expect(k('100')).toBe(k('1e2'));
    expect(decodeKey(encodeKey(['0012.500'], [KalamDataType.DECIMAL]), [KalamDataType.DECIMAL])).toEqual(['12.5']);
    expect(decodeKey(encodeKey(['-0.0012'], [KalamDataType.DECIMAL]), [KalamDataType.DECIMAL])).toEqual(['-0.0012']);
    expect(decodeKey(encodeKey(['1200'], [KalamDataType.DECIMAL]), [KalamDataType.DECIMAL])).toEqual(['1200']);
  });

  it('documents its bytes: INT 5, TEXT ab', () => {
    expect(encodeKey([5, 'ab'], [KalamDataType.INT, KalamDataType.TEXT]).toString('hex')).toBe('0180000005' + '016162' + '0000');
    expect(encodeKey(['12.5'], [KalamDataType.DECIMAL]).toString('hex')).toBe('01' + '04' + '80000002' + '0d33' + '00');
  });

  it('rejects what cannot be a key', () => {
    expect(() => encodeKey([new Float32Array(3)], [KalamDataType.EMBEDDING])).toThrow(/EMBEDDING/);
    expect(() => encodeKey(['x'], [KalamDataType.INT])).toThrow(TypeError);
    expect(() => encodeKey([40000], [KalamDataType.SMALLINT])).toThrow(RangeError);
    expect(() => encodeKey(['not-a-uuid'], [KalamDataType.UUID])).toThrow(/uuid/);
    expect(() => encodeKey(['1.2.3'], [KalamDataType.DECIMAL])).toThrow(/numeric/);
    expect(() => encodeKey([1], [])).toThrow();
    expect(() => decodeKey(Buffer.from([0x01, 0x80]), [KalamDataType.INT])).toThrow();
  });

  it('lets callers append to one writer', () => {
    const w = new KeyWriter();
    encodeKeyValue(w, 1n, KalamDataType.BIGINT);
    encodeKeyValue(w, 'x', KalamDataType.TEXT);
    expect(w.finish()).toEqual(encodeKey([1n, 'x'], [KalamDataType.BIGINT, KalamDataType.TEXT]));
  });
});

describe('prefixEnd', () => {
  it('is the smallest key above every key with the prefix', () => {
    expect(prefixEnd(Buffer.from([1, 2, 3]))).toEqual(Buffer.from([1, 2, 4]));
    expect(prefixEnd(Buffer.from([1, 0xff, 0xff]))).toEqual(Buffer.from([2]));
    expect(() => prefixEnd(Buffer.from([0xff]))).toThrow(RangeError);
    expect(() => prefixEnd(Buffer.alloc(0))).toThrow(RangeError);
    const r = rng(9);
    for (let i = 0; i < 500; i++) {
      const prefix = Buffer.from(Array.from({ length: 1 + Math.floor(r() * 4) }, () => (r() < 0.3 ? 0xff : Math.floor(r() * 256))));
      if (prefix.every((b) => b === 0xff)) continue;
      const key = Buffer.concat([prefix, Buffer.from(Array.from({ length: Math.floor(r() * 4) }, () => (r() < 0.5 ? 0xff : 0)))]);
      const end = prefixEnd(prefix);
      expect(hasPrefix(key, prefix)).toBe(true);
      expect(Buffer.compare(key, end)).toBe(-1);
      expect(hasPrefix(end, prefix)).toBe(false);
    }
  });
});
