/**
 * Sequence counters. Like PostgreSQL, nextval is not transactional and logs ahead: a value is
 * handed out from memory and a reservation of the next RESERVE values is made durable before the
 * statement that used it is acknowledged (`settle`), so after a crash a sequence may skip values
 * but never repeats one. A clean shutdown records the exact position.
 */
import { Errors, SqlError } from '../errors/sql-error.js';
import type { KvStore } from './kv-store.js';
import { sequenceKey } from './key-layout.js';

const RESERVE = 32n;

export interface SequenceShape {
  readonly id: number;
  readonly name: string;
  readonly start: bigint;
  readonly increment: bigint;
  readonly min: bigint;
  readonly max: bigint;
}

interface Counter {
  /** Last value handed out (meaningful when isCalled). */
  last: bigint;
  isCalled: boolean;
  /** Values up to here (in the increment's direction) are covered by a durable reservation. */
  reserved: bigint;
}

export class SequenceValues {
  private readonly counters = new Map<number, Counter>();
  private readonly dirty = new Set<number>();
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly kv: KvStore) {}

  private async counter(seq: SequenceShape): Promise<Counter> {
    let c = this.counters.get(seq.id);
    if (c) return c;
    const raw = await this.kv.get(sequenceKey(seq.id));
    if (raw) {
      const rec = JSON.parse(raw.toString()) as { last: string; isCalled: boolean; reserved: string };
      // After a crash the reservation is the safe restart point; after a clean stop they are equal.
      c = { last: BigInt(rec.reserved), isCalled: rec.isCalled, reserved: BigInt(rec.reserved) };
    } else {
      c = { last: seq.start, isCalled: false, reserved: seq.start - seq.increment };
    }
    this.counters.set(seq.id, c);
    return c;
  }

  /** Loads the counter so nextval can run synchronously inside expression evaluation. */
  async prepare(seq: SequenceShape): Promise<void> {
    await this.counter(seq);
  }

  isPrepared(seqId: number): boolean {
    return this.counters.has(seqId);
  }

  nextval(seq: SequenceShape): bigint {
    const c = this.counters.get(seq.id);
    if (!c) throw Errors.internal(`sequence ${seq.name} not prepared`);
    const next = c.isCalled ? c.last + seq.increment : c.last;
    if (next > seq.max || next < seq.min) {
      const bound = seq.increment > 0n ? `maximum value of sequence "${seq.name}" (${seq.max})` : `minimum value of sequence "${seq.name}" (${seq.min})`;
      throw new SqlError('2200H', `nextval: reached ${bound}`); // sequence_generator_limit_exceeded
    }
    c.last = next;
    c.isCalled = true;
    const beyond = seq.increment > 0n ? next > c.reserved : next < c.reserved;
    if (beyond) {
      c.reserved = next + seq.increment * RESERVE;
      this.dirty.add(seq.id);
    }
    return next;
  }

  /** pg_sequence_last_value: the last value handed out, NULL before the first (needs `prepare`). */
  lastValue(seq: SequenceShape): bigint | null {
    const c = this.counters.get(seq.id);
    if (!c) throw Errors.internal(`sequence ${seq.name} not prepared`);
    return c.isCalled ? c.last : null;
  }

  setval(seq: SequenceShape, value: bigint, isCalled: boolean): bigint {
    if (value > seq.max || value < seq.min) {
      throw Errors.numericOutOfRange(`setval: value ${value} is out of bounds for sequence "${seq.name}" (${seq.min}..${seq.max})`);
    }
    const c = this.counters.get(seq.id) ?? { last: value, isCalled, reserved: value };
    c.last = value;
    c.isCalled = isCalled;
    c.reserved = value;
    this.counters.set(seq.id, c);
    this.dirty.add(seq.id);
    return value;
  }

  /** Makes every reservation handed out so far durable. Await before acknowledging a statement. */
  settle(): Promise<void> {
    if (this.dirty.size === 0) return this.writing;
    const ops = [...this.dirty].map((id) => {
      const c = this.counters.get(id)!;
      return {
        type: 'put' as const,
        key: sequenceKey(id),
        value: Buffer.from(JSON.stringify({ last: c.last.toString(), isCalled: c.isCalled, reserved: c.reserved.toString() })),
      };
    });
    this.dirty.clear();
    this.writing = this.writing.then(() => this.kv.write(ops, { sync: true }));
    return this.writing;
  }

  /** Clean shutdown: record exact positions so no values are skipped. */
  async close(): Promise<void> {
    for (const [id, c] of this.counters) {
      c.reserved = c.last;
      this.dirty.add(id);
    }
    await this.settle();
  }

  forget(seqId: number): void {
    this.counters.delete(seqId);
  }
}
