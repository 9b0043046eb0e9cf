/**
 * Arrow column data read from a segment → the executor's column batch shape
 * (executor/columnar/column-vector.ts): int/float/bool columns as typed arrays with a null flag
 * per row (int4/date views of the Arrow buffer where the widths agree, widened copies for int2 and
 * float4), int8 and the 64-bit times as their BigInt64Array ('int64'), text, json and numeric as
 * their UTF-8 bytes and offsets ('utf8'), every other type as decoded `Value`s.
 */
import type * as arrow from 'apache-arrow';
import { columnKindOf, type ColumnVector } from '../../executor/columnar/column-vector.js';
import { Interval } from '../../types/interval.js';
import { KalamDataType, type ColumnType, type Value } from '../../types/kalam-type.js';
import { decodeArrayValue } from '../row-codec.js';
import { readUuidText } from '../uuid-bytes.js';

/** 1 where the slot is NULL. */
export function nullFlags(d: arrow.Data): { nulls: Uint8Array; hasNulls: boolean } {
  const nulls = new Uint8Array(d.length);
  const bitmap = d.nullBitmap;
  if (d.nullCount === 0 || bitmap === undefined || bitmap.length === 0) return { nulls, hasNulls: false };
  for (let i = 0; i < d.length; i++) {
    const b = d.offset + i;
    if ((bitmap[b >> 3]! & (1 << (b & 7))) === 0) nulls[i] = 1;
  }
  return { nulls, hasNulls: true };
}

/** The kind of column columnVectorOf and constantVector give for a type. */
export function segmentColumnKind(kalam: KalamDataType): ColumnVector['kind'] {
  switch (kalam) {
    case KalamDataType.BIGINT:
    case KalamDataType.TIME:
    case KalamDataType.TIMESTAMP:
    case KalamDataType.DATETIME:
      return 'int64';
    case KalamDataType.TEXT:
    case KalamDataType.JSON:
    case KalamDataType.DECIMAL:
      return 'utf8';
    default:
      return columnKindOf(kalam); // the kinds a mirror built from rows uses
  }
}

export function columnVectorOf(d: arrow.Data, type: ColumnType): ColumnVector {
  const n = d.length;
  const o = d.offset;
  switch (type.kalam) {
    case KalamDataType.INT:
    case KalamDataType.DATE:
      return zeroNullSlots({ kind: 'int', values: (d.values as Int32Array).subarray(o, o + n), ...nullFlags(d) });
    case KalamDataType.SMALLINT:
      return zeroNullSlots({ kind: 'int', values: Int32Array.from((d.values as Int16Array).subarray(o, o + n)), ...nullFlags(d) });
    case KalamDataType.DOUBLE:
      return zeroNullSlots({ kind: 'float', values: (d.values as Float64Array).subarray(o, o + n), ...nullFlags(d) });
    case KalamDataType.FLOAT:
      return zeroNullSlots({ kind: 'float', values: Float64Array.from((d.values as Float32Array).subarray(o, o + n)), ...nullFlags(d) });
    case KalamDataType.BOOLEAN: {
      const bits = d.values as Uint8Array;
      const values = new Uint8Array(n);
      for (let i = 0; i < n; i++) values[i] = (bits[(o + i) >> 3]! >> ((o + i) & 7)) & 1;
      return zeroNullSlots({ kind: 'bool', values, ...nullFlags(d) });
    }
    case KalamDataType.BIGINT:
    case KalamDataType.TIME:
    case KalamDataType.TIMESTAMP:
    case KalamDataType.DATETIME:
      return zeroNullSlots({ kind: 'int64', values: (d.values as BigInt64Array).subarray(o, o + n), ...nullFlags(d) });
    case KalamDataType.TEXT:
    case KalamDataType.JSON:
    case KalamDataType.DECIMAL: {
      const bytes = d.values as Uint8Array;
      return {
        kind: 'utf8',
        bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        offsets: (d.valueOffsets as Int32Array).subarray(o, o + n + 1),
        ...nullFlags(d),
      };
    }
    default:
      return { kind: 'value', values: decodeValues(d, type) };
  }
}

/**
 * A NULL slot holds whatever the writer left there; the row engine's columns hold 0 (ColumnBuilder),
 * and so do these, so a loop that reads values before flags sees no garbage. (The buffers are this
 * read's own copies, out of the IPC stream: writing them is safe.)
 */
function zeroNullSlots<T extends ColumnVector & { nulls: Uint8Array; hasNulls: boolean; values: Int32Array | Float64Array | Uint8Array | BigInt64Array }>(c: T): T {
  if (!c.hasNulls) return c;
  const zero = c.values instanceof BigInt64Array ? 0n : 0;
  for (let i = 0; i < c.nulls.length; i++) if (c.nulls[i] === 1) c.values[i] = zero as never;
  return c;
}

function decodeValues(d: arrow.Data, type: ColumnType): Value[] {
  const n = d.length;
  const o = d.offset;
  const { nulls, hasNulls } = nullFlags(d);
  const out: Value[] = new Array(n);
  const each = (f: (i: number) => Value): Value[] => {
    for (let i = 0; i < n; i++) out[i] = hasNulls && nulls[i] === 1 ? null : f(i);
    return out;
  };
  switch (type.kalam) {
    case KalamDataType.BYTES:
    case KalamDataType.ARRAY: {
      const bytes = d.values as Uint8Array;
      const off = d.valueOffsets as Int32Array;
      // slice() copies: a value must not pin the whole decoded column chunk.
      if (type.kalam === KalamDataType.BYTES) return each((i) => bytes.slice(off[o + i]!, off[o + i + 1]!));
      return each((i) => decodeArrayValue(bytes.subarray(off[o + i]!, off[o + i + 1]!)));
    }
    case KalamDataType.UUID: {
      const bytes = d.values as Uint8Array;
      return each((i) => readUuidText(bytes, (o + i) * 16));
    }
    case KalamDataType.INTERVAL: {
      const [m, dd, us] = d.children as [arrow.Data, arrow.Data, arrow.Data];
      const months = m.values as Int32Array;
      const days = dd.values as Int32Array;
      const micros = us.values as BigInt64Array;
      return each((i) => new Interval(months[m.offset + o + i]!, days[dd.offset + o + i]!, micros[us.offset + o + i]!));
    }
    case KalamDataType.EMBEDDING: {
      const child = d.children[0]!;
      const items = (child.values as Float32Array).subarray(child.offset);
      if (d.valueOffsets === undefined || d.valueOffsets === null) {
        const dim = (d.type as arrow.FixedSizeList).listSize;
        return each((i) => items.slice((o + i) * dim, (o + i + 1) * dim));
      }
      const off = d.valueOffsets as Int32Array;
      return each((i) => items.slice(off[o + i]!, off[o + i + 1]!));
    }
    default:
      throw new TypeError(`a segment column of KalamDataType 0x${(type.kalam as number).toString(16)} cannot be read`);
  }
}

/** A column of `n` copies of one value: a column added after the segment was written. */
export function constantVector(v: Value, type: ColumnType, n: number): ColumnVector {
  const nulls = new Uint8Array(n);
  if (v === null) nulls.fill(1);
  const hasNulls = v === null;
  switch (type.kalam) {
    case KalamDataType.INT:
    case KalamDataType.SMALLINT:
    case KalamDataType.DATE:
      return { kind: 'int', values: new Int32Array(n).fill(v === null ? 0 : (v as number)), nulls, hasNulls };
    case KalamDataType.DOUBLE:
    case KalamDataType.FLOAT:
      return { kind: 'float', values: new Float64Array(n).fill(v === null ? 0 : (v as number)), nulls, hasNulls };
    case KalamDataType.BOOLEAN:
      return { kind: 'bool', values: new Uint8Array(n).fill(v === true ? 1 : 0), nulls, hasNulls };
    case KalamDataType.BIGINT:
    case KalamDataType.TIME:
    case KalamDataType.TIMESTAMP:
    case KalamDataType.DATETIME:
      return { kind: 'int64', values: new BigInt64Array(n).fill(v === null ? 0n : (v as bigint)), nulls, hasNulls };
    case KalamDataType.TEXT:
    case KalamDataType.JSON:
    case KalamDataType.DECIMAL: {
      const one = Buffer.from(v === null ? '' : (v as string), 'utf8');
      const offsets = new Int32Array(n + 1);
      for (let i = 1; i <= n; i++) offsets[i] = i * one.length;
      const bytes = Buffer.alloc(n * one.length);
      for (let i = 0; i < n; i++) one.copy(bytes, i * one.length);
      return { kind: 'utf8', bytes, offsets, nulls, hasNulls };
    }
    default:
      return { kind: 'value', values: new Array<Value>(n).fill(v) };
  }
}
