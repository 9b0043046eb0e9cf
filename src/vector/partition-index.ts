/**
 * One partition's graph as the main thread knows it: which row key each hnsw label stands for, and
 * a hash of the vector the graph holds for it. The graph itself lives on the worker thread; the
 * changes a commit makes are gathered here into one batch (upserts, then deletions) and sent to it.
 *
 * Labels are never reused: a row deleted and inserted again gets a new label, and the deleted one
 * only frees its slot in the graph (hnswlib's replace-deleted). The hash tells, when the rows are
 * read again after a restart (vector-indexes.ts, catch-up), which vectors the saved graph has right.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { KeyId } from '../storage/row-store.js';

interface Entry {
  readonly label: number;
  hash: number;
}

/** The graph changes one commit (or one build batch) makes. */
export class GraphBatch {
  readonly labels: number[] = [];
  readonly vectors: Float32Array[] = [];
  readonly fresh: number[] = [];
  readonly deleted: number[] = [];

  get empty(): boolean {
    return this.labels.length === 0 && this.deleted.length === 0;
  }
}

const MAGIC = 0x4b564c31; // 'KVL1'

export class PartitionIndex {
  private readonly entries = new Map<KeyId, Entry>();
  private readonly keys = new Map<number, KeyId>();
  private nextLabel = 0;

  constructor(readonly graph: string, readonly partition: string | null) {}

  get size(): number {
    return this.entries.size;
  }

  keyOf(label: number): KeyId | undefined {
    return this.keys.get(label);
  }

  has(key: KeyId): boolean {
    return this.entries.has(key);
  }

  /** Row `key` now holds `vector` (null: no row, or nothing the index can hold). */
  apply(key: KeyId, vector: Float32Array | null, batch: GraphBatch): void {
    const e = this.entries.get(key);
    if (vector === null) {
      if (!e) return;
      this.entries.delete(key);
      this.keys.delete(e.label);
      batch.deleted.push(e.label);
      return;
    }
    const hash = vectorHash(vector);
    if (e) {
      if (e.hash === hash) return;
      e.hash = hash;
      batch.labels.push(e.label);
      batch.vectors.push(vector);
      batch.fresh.push(0);
      return;
    }
    const label = this.nextLabel++;
    this.entries.set(key, { label, hash });
    this.keys.set(label, key);
    batch.labels.push(label);
    batch.vectors.push(vector);
    batch.fresh.push(1);
  }

  /** Keys not in `seen` (rows gone while the graph was not listening) are deleted. */
  forgetUnseen(seen: ReadonlySet<KeyId>, batch: GraphBatch): void {
    for (const key of [...this.entries.keys()]) if (!seen.has(key)) this.apply(key, null, batch);
  }

  /** Writes the label file (`file`, replaced atomically): what the graph saved beside it means. */
  async save(file: string): Promise<void> {
    const parts: Buffer[] = [];
    const head = Buffer.alloc(16);
    head.writeUInt32BE(MAGIC, 0);
    head.writeUInt32BE(this.entries.size, 4);
    head.writeDoubleBE(this.nextLabel, 8);
    parts.push(head);
    for (const [key, e] of this.entries) {
      const k = Buffer.from(key, 'latin1');
      const b = Buffer.alloc(14);
      b.writeDoubleBE(e.label, 0);
      b.writeUInt32BE(e.hash >>> 0, 8);
      b.writeUInt16BE(k.length, 12);
      parts.push(b, k);
    }
    await writeFile(`${file}.tmp`, Buffer.concat(parts));
    await rename(`${file}.tmp`, file);
  }

  /** Reads a label file written by save(); throws on anything malformed. */
  async load(file: string): Promise<void> {
    const buf = await readFile(file);
    if (buf.length < 16 || buf.readUInt32BE(0) !== MAGIC) throw new Error(`${file}: not a label file`);
    const count = buf.readUInt32BE(4);
    this.nextLabel = buf.readDoubleBE(8);
    let at = 16;
    for (let i = 0; i < count; i++) {
      if (at + 14 > buf.length) throw new Error(`${file}: truncated`);
      const label = buf.readDoubleBE(at);
      const hash = buf.readUInt32BE(at + 8);
      const len = buf.readUInt16BE(at + 12);
      at += 14;
      if (at + len > buf.length) throw new Error(`${file}: truncated`);
      const key = buf.toString('latin1', at, at + len);
      at += len;
      this.entries.set(key, { label, hash });
      this.keys.set(label, key);
    }
  }
}

/** FNV-1a over the vector's bytes: tells a changed vector from the one the graph holds. */
export function vectorHash(v: Float32Array): number {
  const aligned = v.byteOffset % 4 === 0 ? v : new Float32Array(v);
  const words = new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) {
    h = Math.imul(h ^ words[i]!, 0x01000193);
  }
  return h >>> 0;
}
