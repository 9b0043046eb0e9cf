/**
 * What the row store asks of the cold tier (segments, cold-store.ts): every read of a row key
 * that the hot tier (a transaction's writes, in-flight commits, RocksDB) does not answer falls
 * through to it, and a delete of a row whose older version may live in a segment must leave a
 * tombstone instead of removing the key.
 */
export interface ColdSource {
  /**
   * Whether deletes of `tableId`'s rows must leave tombstones: the table has segments, or a flush
   * is about to write its first. Once true for a table it stays true until the table is dropped.
   */
  holds(tableId: number): boolean;
  /** The value of a tombstone written now (`_deleted` set, a fresh `_seq`, no cells). */
  tombstone(): Buffer;
  /** The live values segments hold for `keys` (undefined: none, or a tombstone hides it). */
  get(keys: readonly Buffer[]): Promise<(Buffer | undefined)[]>;
  /**
   * The segments' live rows with keys in [gte, lt), from the segments listed at this call: the
   * caller takes its RocksDB snapshot first, so a flush that drops hot rows after listing their
   * segment can never hide a row from both.
   */
  view(gte: Buffer, lt: Buffer): ColdView;
}

export interface ColdView {
  rows(): AsyncGenerator<[Buffer, Buffer][]>;
  /** The view's segments may go (a compaction waits for this to delete the files it replaced). */
  release(): void;
}

/** Byte 1 of an encoded row is its flags; bit 0 is `_deleted` (row-codec.ts). */
export function isTombstone(value: Buffer): boolean {
  return (value[1]! & 1) === 1;
}
