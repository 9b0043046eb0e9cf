/**
 * Snowflake ids (`SNOWFLAKE_ID()`, and every row's `_seq`): 64-bit, time-ordered.
 *
 *   0 | 41 bits: ms since 2024-01-01T00:00:00Z | 10 bits: node id | 12 bits: sequence
 *
 * Strictly increasing per generator, whatever the clock does: when the clock stands still the
 * sequence counts up; after 4096 ids in one millisecond, or when the clock goes backwards, the
 * generator borrows from the future — it keeps counting from its last timestamp (moving it
 * forward by one ms per 4096 ids) until the real clock catches up. 41 bits last until 2093.
 */
export const SNOWFLAKE_EPOCH_MS = Date.UTC(2024, 0, 1);

const SEQUENCE_BITS = 12;
const NODE_BITS = 10;
const MAX_SEQUENCE = (1 << SEQUENCE_BITS) - 1;
const MAX_NODE = (1 << NODE_BITS) - 1;
const MAX_TIMESTAMP = 2 ** 41 - 1;

export class SnowflakeGenerator {
  private lastMs = -1;
  private sequence = 0;
  private readonly node: bigint;

  constructor(
    readonly nodeId = 0,
    private readonly clock: () => number = Date.now,
  ) {
    if (!Number.isInteger(nodeId) || nodeId < 0 || nodeId > MAX_NODE) {
      throw new RangeError(`snowflake node id must be 0..${MAX_NODE}, got ${nodeId}`);
    }
    this.node = BigInt(nodeId) << BigInt(SEQUENCE_BITS);
  }

  next(): bigint {
    this.advance();
    return this.current();
  }

  /**
   * next() for `count` records of `buf` at once — record i starts at `ends[i - 1]` (0 for the
   * first), its id goes `offset` bytes in, as int64 little-endian — reading the clock once and
   * making no BigInt but the first and last ids, which it returns. A bulk load's hot loop.
   */
  stampRecords(buf: Buffer, ends: Uint32Array, count: number, offset: number): [bigint, bigint] {
    if (count === 0) throw new RangeError('no records to stamp');
    this.advance();
    const first = this.current();
    this.writeCurrent(buf, offset);
    for (let i = 1; i < count; i++) {
      this.step();
      this.writeCurrent(buf, ends[i - 1]! + offset);
    }
    this.checkRange();
    return [first, this.current()];
  }

  private current(): bigint {
    return (BigInt(this.lastMs) << 22n) | this.node | BigInt(this.sequence);
  }

  private writeCurrent(buf: Buffer, offset: number): void {
    const lo = (((this.lastMs % 1024) << 22) | (this.nodeId << SEQUENCE_BITS) | this.sequence) >>> 0;
    const hi = Math.floor(this.lastMs / 1024);
    buf[offset] = lo & 0xff;
    buf[offset + 1] = (lo >>> 8) & 0xff;
    buf[offset + 2] = (lo >>> 16) & 0xff;
    buf[offset + 3] = lo >>> 24;
    buf[offset + 4] = hi & 0xff;
    buf[offset + 5] = (hi >>> 8) & 0xff;
    buf[offset + 6] = (hi >>> 16) & 0xff;
    buf[offset + 7] = hi >>> 24;
  }

  private advance(): void {
    const now = this.clock() - SNOWFLAKE_EPOCH_MS;
    if (now > this.lastMs) {
      this.lastMs = now;
      this.sequence = 0;
    } else this.step();
    this.checkRange();
  }

  /** The next id without reading the clock: the sequence counts up, or the next millisecond is borrowed. */
  private step(): void {
    if (this.sequence < MAX_SEQUENCE) {
      this.sequence++;
    } else {
      this.lastMs++; // borrow the next millisecond
      this.sequence = 0;
    }
  }

  private checkRange(): void {
    if (this.lastMs > MAX_TIMESTAMP || this.lastMs < 0) {
      throw new RangeError('clock is outside the snowflake range (2024-01-01 to 2093)');
    }
  }
}

/** The parts of a snowflake id, e.g. to show when a row was written. */
export function parseSnowflake(id: bigint): { timestampMs: number; nodeId: number; sequence: number } {
  return {
    timestampMs: Number(id >> 22n) + SNOWFLAKE_EPOCH_MS,
    nodeId: Number((id >> 12n) & BigInt(MAX_NODE)),
    sequence: Number(id & BigInt(MAX_SEQUENCE)),
  };
}
