import { describe, expect, it } from 'vitest';
import { KalamDataType, type Value } from '../../src/types/kalam-type.js';
import { decodeRow, decodeRowHeader, decodeRowInto, encodeRow, encodeRowValues, type StoredCell } from '../../src/storage/row-codec.js';
import { KEY_TYPES, randomValue, rng } from './random-values.js';

const ALL_TYPES = [...KEY_TYPES, KalamDataType.EMBEDDING];

/** What a value reads back as: FLOAT goes through float32, -0 and NaN survive as themselves. */
function expected(v: Value, kalam: KalamDataType): Value {
  return kalam === KalamDataType.FLOAT && typeof v === 'number' ? Math.fround(v) : v;
}

describe('row codec', () => {
  it('round-trips every type, header included', () => {
    const r = rng(1);
    for (let n = 0; n < 200; n++) {
      const cells: StoredCell[] = ALL_TYPES.map((kalam, i) => ({ ordinal: i + 1, kalam, value: r() < 0.1 ? null : randomValue(r, kalam) }));
      const seq = BigInt.asIntN(64, BigInt(Math.floor(r() * 2 ** 53)) << 10n);
      const row = { seq, deleted: r() < 0.5, schemaVersion: Math.floor(r() * 300), cells };
      const back = decodeRow(encodeRow(row));
      expect(back.seq).toBe(seq);
      expect(back.deleted).toBe(row.deleted);
      expect(back.schemaVersion).toBe(row.schemaVersion);
      expect(back.cells.map((c) => c.ordinal)).toEqual(cells.map((c) => c.ordinal));
      back.cells.forEach((c, i) => {
        const want = cells[i]!;
        if (want.value === null) expect(c.value).toBeNull();
        else {
          expect(c.kalam).toBe(want.kalam);
          expect(c.value).toEqual(expected(want.value, want.kalam));
        }
      });
    }
  });

  it('keeps decimal scale, unicode text, long strings and large embeddings exactly', () => {
    const long = 'x'.repeat(42) + 'é'.repeat(1000) + '😀';
    const vec = Float32Array.from({ length: 1536 }, (_, i) => i / 7);
    const cells: StoredCell[] = [
      { ordinal: 1, kalam: KalamDataType.DECIMAL, value: '1.50' },
      { ordinal: 2, kalam: KalamDataType.TEXT, value: long },
      { ordinal: 3, kalam: KalamDataType.EMBEDDING, value: vec },
      { ordinal: 200, kalam: KalamDataType.TEXT, value: 'é'.repeat(42) }, // 84 bytes: 1-byte length fast path
      { ordinal: 20000, kalam: KalamDataType.BYTES, value: new Uint8Array(300).fill(7) },
      { ordinal: 5, kalam: KalamDataType.UUID, value: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' },
    ];
    const back = decodeRow(encodeRow({ seq: 1n, deleted: false, schemaVersion: 1, cells }));
    expect(back.cells.map((c) => c.value)).toEqual(cells.map((c) => c.value));
  });

  it('decodes into the current column order, skipping dropped and nulling added columns', () => {
    // written under version 1 with ordinals 1, 2, 3; read under a schema with 1, 3, 4 (2 dropped, 4 added)
    const buf = encodeRowValues({ seq: 77n, deleted: false, schemaVersion: 1 }, [1, 2, 3],
      [KalamDataType.INT, KalamDataType.TEXT, KalamDataType.BIGINT], [10, 'dropped', 30n]);
    const out: Value[] = ['stale', 'stale', 'stale'];
    const present = new Uint8Array(3);
    const header = decodeRowInto(buf, [1, 3, 4], out, present);
    expect(out).toEqual([10, 30n, null]);
    expect([...present]).toEqual([1, 1, 0]);
    expect(header).toEqual({ seq: 77n, deleted: false, schemaVersion: 1 });
    // any order of the requested ordinals
    const rev: Value[] = [];
    decodeRowInto(buf, [4, 3, 2, 1], rev);
    expect(rev).toEqual([null, 30n, 'dropped', 10]);
  });

  it('tells an explicit NULL from a missing column', () => {
    const buf = encodeRowValues({ seq: 1n, deleted: false, schemaVersion: 2 }, [1, 2], [KalamDataType.INT, KalamDataType.TEXT], [1, null]);
    const out: Value[] = [];
    const present = new Uint8Array(3);
    decodeRowInto(buf, [1, 2, 3], out, present);
    expect(out).toEqual([1, null, null]);
    expect([...present]).toEqual([1, 1, 0]);
  });

  it('skips every type of unrequested cell correctly', () => {
    const r = rng(5);
    const cells: StoredCell[] = ALL_TYPES.map((kalam, i) => ({ ordinal: i + 1, kalam, value: randomValue(r, kalam) }));
    const buf = encodeRow({ seq: 3n, deleted: true, schemaVersion: 9, cells });
    const out: Value[] = [];
    const last = cells.length;
    expect(decodeRowInto(buf, [last], out).deleted).toBe(true);
    expect(out).toEqual([expected(cells[last - 1]!.value, cells[last - 1]!.kalam)]);
    expect(decodeRowHeader(buf)).toEqual({ seq: 3n, deleted: true, schemaVersion: 9 });
  });

  it('rejects values of the wrong type and corrupt rows', () => {
    const enc = (kalam: KalamDataType, value: Value) => encodeRowValues({ seq: 0n, deleted: false, schemaVersion: 1 }, [1], [kalam], [value]);
    expect(() => enc(KalamDataType.TEXT, 5)).toThrow(TypeError);
    expect(() => enc(KalamDataType.EMBEDDING, new Uint8Array(4))).toThrow(TypeError);
    expect(() => enc(KalamDataType.UUID, 'nope')).toThrow(/uuid/);
    expect(() => decodeRow(Buffer.from([9, 0]))).toThrow(/format/);
    const bad = enc(KalamDataType.INT, 1);
    bad[bad.length - 5] = 0x7e; // the tag byte
    expect(() => decodeRow(bad)).toThrow(/tag/);
  });
});
