/**
 * What currval and lastval read. The counters are shared by every session (storage/sequence-values.ts),
 * but PostgreSQL keeps "the value most recently obtained by nextval" per backend: another session's
 * nextval does not move this session's currval, and lastval names the sequence this session used last.
 */
import { SqlError } from '../errors/sql-error.js';

interface Named {
  readonly id: number;
  readonly name: string;
}

export class SessionSequences {
  private readonly values = new Map<number, bigint>();
  private lastUsed: number | null = null;

  /** nextval handed this session `value`. */
  obtained(seq: Named, value: bigint): void {
    this.values.set(seq.id, value);
    this.lastUsed = seq.id;
  }

  /** setval(…, is_called true) defines currval too, as in PostgreSQL; it does not change lastval's sequence. */
  set(seq: Named, value: bigint): void {
    this.values.set(seq.id, value);
  }

  currval(seq: Named): bigint {
    const v = this.values.get(seq.id);
    if (v === undefined) throw notYetDefined(`currval of sequence "${seq.name}" is not yet defined in this session`);
    return v;
  }

  /** lastval(): 55000 before any nextval, or once the sequence it used is dropped (`exists`). */
  lastval(exists: (id: number) => boolean): bigint {
    if (this.lastUsed === null || !exists(this.lastUsed)) throw notYetDefined('lastval is not yet defined in this session');
    return this.values.get(this.lastUsed)!;
  }
}

function notYetDefined(message: string): SqlError {
  return new SqlError('55000', message); // object_not_in_prerequisite_state
}
