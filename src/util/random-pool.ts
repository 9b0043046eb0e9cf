import { randomFillSync } from 'node:crypto';

/**
 * Cryptographic random bytes drawn from a pooled buffer: one randomFillSync per 4 KiB instead of
 * one per id, which matters when a bulk INSERT asks for an id per row.
 */
const POOL_SIZE = 4096;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

/** Copies `n` (≤ 4096) random bytes into `out` at `at`. */
export function fillRandom(out: Uint8Array, at: number, n: number): void {
  if (offset + n > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  out.set(pool.subarray(offset, offset + n), at);
  offset += n;
}

/** A random unsigned integer below 2^bits (bits ≤ 32). */
export function randomBits(bits: number): number {
  if (offset + 4 > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const v = pool.readUInt32LE(offset);
  offset += 4;
  return bits === 32 ? v : (v & ((1 << bits) - 1)) >>> 0;
}
