/**
 * One column of a table mirror (table-mirror.ts): the values of every row, by row position.
 *
 * Fixed-width types the engine computes on (int2/int4/date, float4/float8, boolean) live in typed
 * arrays with a null flag per row, so aggregates and filters loop over machine numbers; every
 * other type (bigint, text, numeric, timestamps, arrays, …) keeps its `Value` as decoded, in a
 * plain array, so reading it back allocates nothing.
 *
 * Columns read from Parquet segments (executor/columnar/cold-mirror.ts) have two more kinds, which
 * hold ten million rows in a fraction of what boxed values take: 'int64' (int8, timestamp,
 * timestamptz, time: the stored 64-bit integers) and 'utf8' (text, json, numeric: the UTF-8 bytes
 * and offsets, a string made only when a value is read).
 */
import { KalamDataType, type Value } from '../../types/kalam-type.js';
import { SLOT_BYTES, valueBytes } from '../memory/value-size.js';

export type ColumnVector = NumberColumn | BooleanColumn | Int64Column | Utf8Column | ValueColumn;

export interface NumberColumn {
  readonly kind: 'int' | 'float';
  readonly values: Int32Array | Float64Array;
  /** 1 where the row's value is NULL. */
  readonly nulls: Uint8Array;
  readonly hasNulls: boolean;
}

export interface BooleanColumn {
  readonly kind: 'bool';
  readonly values: Uint8Array;
  readonly nulls: Uint8Array;
  readonly hasNulls: boolean;
}

/** bigint-valued types as stored: a bigint is made per value read, never held. */
export interface Int64Column {
  readonly kind: 'int64';
  readonly values: BigInt64Array;
  readonly nulls: Uint8Array;
  readonly hasNulls: boolean;
}

/** String-valued types as UTF-8: value i is `bytes[offsets[i] .. offsets[i + 1])`. */
export interface Utf8Column {
  readonly kind: 'utf8';
  readonly bytes: Buffer;
  /** count + 1 entries. */
  readonly offsets: Int32Array;
  readonly nulls: Uint8Array;
  readonly hasNulls: boolean;
}

export interface ValueColumn {
  readonly kind: 'value';
  readonly values: readonly Value[];
}

/** The value at `row`, as the row engine represents it. */
export function valueAt(col: ColumnVector, row: number): Value {
  switch (col.kind) {
    case 'value':
      return col.values[row]!;
    case 'bool':
      return col.nulls[row] === 1 ? null : col.values[row] === 1;
    case 'utf8':
      return col.nulls[row] === 1 ? null : col.bytes.toString('utf8', col.offsets[row]!, col.offsets[row + 1]!);
    default:
      return col.nulls[row] === 1 ? null : col.values[row]!;
  }
}

/** The kinds a mirror built from rows uses (ColumnBuilder); segments add 'int64' and 'utf8'. */
type Kind = 'int' | 'float' | 'bool' | 'value';

export function columnKindOf(kalam: KalamDataType): Kind {
  switch (kalam) {
    case KalamDataType.INT:
    case KalamDataType.SMALLINT:
    case KalamDataType.DATE:
      return 'int';
    case KalamDataType.DOUBLE:
    case KalamDataType.FLOAT:
      return 'float';
    case KalamDataType.BOOLEAN:
      return 'bool';
    default:
      return 'value';
  }
}

/** Appends values one row at a time; `finish` hands out the column. */
export class ColumnBuilder {
  private length = 0;
  private nums: Int32Array | Float64Array | Uint8Array;
  private nulls: Uint8Array;
  private anyNull = false;
  private readonly values: Value[] = [];
  /** Heap bytes of what was appended (estimate, memory/value-size.ts). */
  bytes = 0;

  constructor(readonly kind: Kind, capacity = 1024) {
    this.nums = kind === 'int' ? new Int32Array(capacity) : kind === 'float' ? new Float64Array(capacity) : new Uint8Array(kind === 'bool' ? capacity : 0);
    this.nulls = new Uint8Array(kind === 'value' ? 0 : capacity);
  }

  append(v: Value): void {
    if (this.kind === 'value') {
      this.values.push(v);
      this.bytes += SLOT_BYTES + (v === null || typeof v === 'number' || typeof v === 'boolean' ? 0 : valueBytes(v));
      return;
    }
    if (this.length === this.nums.length) this.grow();
    if (v === null) {
      this.nulls[this.length] = 1;
      this.anyNull = true;
    } else if (this.kind === 'bool') this.nums[this.length] = v ? 1 : 0;
    else this.nums[this.length] = v as number;
    this.length++;
    this.bytes += this.nums.BYTES_PER_ELEMENT + 1;
  }

  private grow(): void {
    const size = Math.max(1024, this.nums.length * 2);
    const nums = this.kind === 'int' ? new Int32Array(size) : this.kind === 'float' ? new Float64Array(size) : new Uint8Array(size);
    nums.set(this.nums);
    const nulls = new Uint8Array(size);
    nulls.set(this.nulls);
    this.nums = nums;
    this.nulls = nulls;
  }

  finish(): ColumnVector {
    switch (this.kind) {
      case 'value':
        return { kind: 'value', values: this.values };
      case 'bool':
        return { kind: 'bool', values: this.nums.subarray(0, this.length) as Uint8Array, nulls: this.nulls.subarray(0, this.length), hasNulls: this.anyNull };
      default:
        return {
          kind: this.kind,
          values: this.nums.subarray(0, this.length) as Int32Array | Float64Array,
          nulls: this.nulls.subarray(0, this.length),
          hasNulls: this.anyNull,
        };
    }
  }
}
