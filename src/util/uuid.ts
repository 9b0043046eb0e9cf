import { randomUUID } from 'node:crypto';
import { fillRandom, randomBits } from './random-pool.js';

/**
 * UUIDs: version 4 (`gen_random_uuid()`) and version 7 (`UUID_V7()`, RFC 9562), both as
 * lower-case canonical text, the `Value` form of KalamDataType.UUID.
 *
 * Version 7 layout: 48-bit Unix ms | ver 0111 | 12-bit rand_a | var 10 | 62-bit rand_b.
 * Monotonicity (RFC 9562 section 6.2, method 2, "monotonic random"): within one millisecond the
 * 74 random bits are treated as one counter and incremented by a random step, so ids stay
 * unguessable and strictly increasing; the counter is seeded with its top bit clear so it has
 * room to grow. On overflow, or when the clock goes backwards, the timestamp is advanced by one
 * ms (borrowed from the future), as for snowflakes.
 */
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function randomUuid(): string {
  return randomUUID();
}

export class UuidV7Generator {
  private lastMs = -1;
  /** rand_a (12 bits) then rand_b (62 bits) as bytes 6..15 with version and variant bits masked out. */
  private readonly bytes = new Uint8Array(16);

  constructor(private readonly clock: () => number = Date.now) {}

  next(): string {
    const b = this.bytes;
    const now = this.clock();
    if (now > this.lastMs) {
      this.lastMs = now;
      this.seed();
    } else if (!this.increment()) {
      this.lastMs++;
      this.seed();
    }
    let ms = this.lastMs;
    for (let i = 5; i >= 0; i--) {
      b[i] = ms % 256;
      ms = Math.floor(ms / 256);
    }
    return formatUuidBytes(b);
  }

  private seed(): void {
    const b = this.bytes;
    fillRandom(b, 6, 10);
    b[6] = 0x70 | (b[6]! & 0x07); // version 7; top counter bit clear
    b[8] = 0x80 | (b[8]! & 0x3f); // variant 10
  }

  /** Adds a random step of 1..2^16 to the 74-bit counter; false on overflow. */
  private increment(): boolean {
    const b = this.bytes;
    let carry = randomBits(16) + 1;
    for (let i = 15; i >= 6 && carry > 0; i--) {
      if (i === 8) {
        const v = (b[8]! & 0x3f) + carry; // 6 counter bits under the variant
        b[8] = 0x80 | (v & 0x3f);
        carry = v >> 6;
      } else if (i === 7) {
        const v = b[7]! + carry;
        b[7] = v & 0xff;
        carry = v >> 8;
      } else if (i === 6) {
        const v = (b[6]! & 0x0f) + carry; // 4 counter bits under the version
        if (v > 0x0f) return false;
        b[6] = 0x70 | v;
        carry = 0;
      } else {
        const v = b[i]! + carry;
        b[i] = v & 0xff;
        carry = v >> 8;
      }
    }
    return true;
  }
}

export function formatUuidBytes(b: Uint8Array): string {
  const h = HEX;
  return (
    h[b[0]!]! + h[b[1]!]! + h[b[2]!]! + h[b[3]!]! + '-' + h[b[4]!]! + h[b[5]!]! + '-' +
    h[b[6]!]! + h[b[7]!]! + '-' + h[b[8]!]! + h[b[9]!]! + '-' +
    h[b[10]!]! + h[b[11]!]! + h[b[12]!]! + h[b[13]!]! + h[b[14]!]! + h[b[15]!]!
  );
}

const defaultV7 = new UuidV7Generator();

/** A version 7 UUID, strictly increasing within this process. */
export function uuidV7(): string {
  return defaultV7.next();
}
