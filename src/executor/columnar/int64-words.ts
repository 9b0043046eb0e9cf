/**
 * An 'int64' column's values (column-vector.ts) read as pairs of 32-bit words — low word first,
 * the layout of a BigInt64Array on a little-endian machine — so kernels compare, rank and add
 * them without making a bigint per value (reading the BigInt64Array itself allocates one each).
 *
 *   value = high × 2³² + (low as unsigned)        high: signed, low: unsigned
 *
 * Where the platform is big-endian, `wordsOf` answers null and callers read bigints.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const TWO_32 = 4294967296;

/** The values' words: value i is (words[2i + 1], words[2i]); null on a big-endian platform. */
export function wordsOf(values: BigInt64Array): Int32Array | null {
  return LITTLE_ENDIAN ? new Int32Array(values.buffer, values.byteOffset, values.length * 2) : null;
}

/** A constant as the words it is compared with. */
export interface Words {
  readonly hi: number;
  readonly lo: number;
}

export function splitWords(x: bigint): Words {
  return { hi: Number(BigInt.asIntN(32, x >> 32n)), lo: Number(BigInt.asUintN(32, x)) };
}

/** Value p of `words` compared with (hi, lo): -1, 0 or 1. */
export function compareWords(words: Int32Array, p: number, hi: number, lo: number): number {
  const h = words[2 * p + 1]!;
  if (h !== hi) return h < hi ? -1 : 1;
  const l = words[2 * p]! >>> 0;
  return l < lo ? -1 : l > lo ? 1 : 0;
}

/** Value p as a bigint (made once, for a result). */
export function bigintAt(words: Int32Array, p: number): bigint {
  return (BigInt(words[2 * p + 1]!) << 32n) | BigInt(words[2 * p]! >>> 0);
}

/** Value p as the nearest double: one rounding of the exact sum, so Number(value) exactly. */
export function doubleAt(words: Int32Array, p: number): number {
  return words[2 * p + 1]! * TWO_32 + (words[2 * p]! >>> 0);
}

/**
 * An exact sum of int64 values: high and low words summed apart in doubles (each stays exact for
 * 2²¹ values), folded into a bigint before they could round.
 */
export class WordSum {
  private hi = 0;
  private lo = 0;
  private n = 0;
  private big = 0n;

  add(words: Int32Array, p: number): void {
    this.hi += words[2 * p + 1]!;
    this.lo += words[2 * p]! >>> 0;
    if (++this.n === 1 << 21) this.fold();
  }

  private fold(): void {
    this.big += (BigInt(this.hi) << 32n) + BigInt(this.lo);
    this.hi = 0;
    this.lo = 0;
    this.n = 0;
  }

  total(): bigint {
    this.fold();
    return this.big;
  }
}
