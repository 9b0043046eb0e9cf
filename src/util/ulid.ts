import { fillRandom } from './random-pool.js';

/**
 * ULIDs (`ULID()`): 26 Crockford base32 characters, 48-bit ms timestamp (10 chars) then 80
 * random bits (16 chars); lexicographic order is time order.
 *
 * Monotonic as the ULID spec asks: within one millisecond the random part is incremented by one
 * (in base32 digits) instead of being redrawn. The spec gives up on overflow; we borrow the next
 * millisecond instead, as we also do when the clock goes backwards.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const MAX_TIME = 2 ** 48 - 1;

export class UlidGenerator {
  private lastMs = -1;
  /** The 16 random characters as base32 digit values. */
  private readonly random = new Uint8Array(16);
  private readonly scratch = new Uint8Array(16);

  constructor(private readonly clock: () => number = Date.now) {}

  next(): string {
    const now = this.clock();
    if (now > this.lastMs) {
      this.lastMs = now;
      this.seed();
    } else if (!this.increment()) {
      this.lastMs++;
      this.seed();
    }
    if (this.lastMs > MAX_TIME) throw new RangeError('clock is beyond the ULID range');
    let out = '';
    let ms = this.lastMs;
    for (let i = 0; i < 10; i++) {
      out = ALPHABET[ms % 32]! + out;
      ms = Math.floor(ms / 32);
    }
    for (let i = 0; i < 16; i++) out += ALPHABET[this.random[i]!]!;
    return out;
  }

  private seed(): void {
    fillRandom(this.scratch, 0, 16);
    for (let i = 0; i < 16; i++) this.random[i] = this.scratch[i]! & 31;
    this.random[0]! &= 15; // leave headroom so one millisecond rarely overflows
  }

  private increment(): boolean {
    for (let i = 15; i >= 0; i--) {
      if (this.random[i]! < 31) {
        this.random[i]!++;
        return true;
      }
      this.random[i] = 0;
    }
    return false;
  }
}

const defaultUlid = new UlidGenerator();

/** A ULID, strictly increasing within this process. */
export function ulid(): string {
  return defaultUlid.next();
}
