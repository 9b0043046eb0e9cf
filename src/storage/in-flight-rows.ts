/**
 * Commits acknowledged (in the commit log) but not yet in RocksDB, as readers must see them: the
 * newest committed value of each key, null for a delete.
 *
 * An ordinary commit's writes are copied key by key into one map. A bulk commit (a COPY of a
 * million rows) is kept whole as its write set's own map: copying it in and deleting it out again
 * cost three hash-map operations per row on a map of a million keys. Readers look in the map of
 * ordinary commits first, then in the bulk maps newest first; so that this order is also the
 * commit order, a bulk commit takes over (removes) the entries of ordinary commits it overwrites.
 */
import type { KeyId } from './row-store.js';

export type Writes = ReadonlyMap<KeyId, Buffer | null>;

export class InFlightRows {
  private readonly single = new Map<KeyId, Buffer | null>();
  /** Oldest first. */
  private readonly bulk: Writes[] = [];

  get(id: KeyId): Buffer | null | undefined {
    const v = this.single.get(id);
    if (v !== undefined || this.bulk.length === 0) return v;
    for (let i = this.bulk.length - 1; i >= 0; i--) {
      const b = this.bulk[i]!.get(id);
      if (b !== undefined) return b;
    }
    return undefined;
  }

  has(id: KeyId): boolean {
    return this.get(id) !== undefined;
  }

  /** Makes a commit visible; the function returned withdraws it (its log write failed). */
  publish(writes: Writes, bulk: boolean): () => void {
    if (!bulk) {
      for (const [id, value] of writes) this.single.set(id, value);
      return () => {
        for (const [id, value] of writes) if (this.single.get(id) === value) this.single.delete(id);
      };
    }
    const displaced: [KeyId, Buffer | null][] = [];
    for (const [id, old] of this.single) {
      if (writes.has(id)) displaced.push([id, old]);
    }
    for (const [id] of displaced) this.single.delete(id);
    this.bulk.push(writes);
    return () => {
      const i = this.bulk.indexOf(writes);
      if (i >= 0) this.bulk.splice(i, 1);
      for (const [id, old] of displaced) if (!this.single.has(id)) this.single.set(id, old);
    };
  }

  /**
   * RocksDB now holds `writes`: they leave, and `landed` is told of each entry no later commit
   * has overwritten (the row cache takes those).
   */
  landed(writes: Writes, landed: (id: KeyId, value: Buffer | null) => void): void {
    const i = this.bulk.indexOf(writes);
    if (i < 0) {
      for (const [id, value] of writes) {
        if (this.single.get(id) !== value) continue; // a later commit of the same key owns it now
        this.single.delete(id);
        landed(id, value);
      }
      return;
    }
    this.bulk.splice(i, 1);
    const newer = this.bulk.slice(i);
    for (const [id, value] of writes) {
      if (this.single.size > 0 && this.single.has(id)) continue;
      if (newer.length > 0 && newer.some((w) => w.has(id))) continue;
      landed(id, value);
    }
  }

  /** Every in-flight entry with lo ≤ key < hi into `into`, later commits over earlier ones. */
  overlay(lo: KeyId, hi: KeyId, into: Map<KeyId, Buffer | null>): void {
    for (const w of this.bulk) for (const [k, v] of w) if (k >= lo && k < hi) into.set(k, v);
    for (const [k, v] of this.single) if (k >= lo && k < hi) into.set(k, v);
  }
}
