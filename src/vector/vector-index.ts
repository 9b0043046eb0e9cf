/**
 * One hnsw index: a graph per partition (one for a SHARED table, one per user for a USER table, so
 * a user's search never walks another user's vectors), kept up to date from commits, saved to
 * files beside the data, and asked for the nearest row keys of a query vector.
 *
 * States: 'building' while a build or a catch-up reads the table — commits meanwhile wait in
 * `pending` and are applied after, in order — then 'ready'. Only a ready index answers; a query
 * that finds it otherwise scans exactly. The answers are candidates: the query reads each row again
 * (deleted rows are gone, changed vectors re-ranked), so a graph lagging behind the rows can cost
 * recall, never a wrong row.
 */
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { IndexDefinition, TableDefinition, VectorOpclass } from '../catalog/table-definition.js';
import { parseRowKey } from '../storage/key-layout.js';
import { keyFromId, type KeyId } from '../storage/row-store.js';
import { tableAccess } from '../executor/table-access.js';
import type { HnswThread } from './hnsw-thread.js';
import { GraphBatch, PartitionIndex } from './partition-index.js';
import { indexable, metricOf } from './vector-metric.js';

export type VectorIndexState = 'building' | 'ready' | 'failed';

interface Meta {
  readonly generation: number;
  readonly dims: number;
  readonly opclass: VectorOpclass;
  readonly partitions: readonly { readonly file: string; readonly partition: string | null; readonly live: number }[];
}

/** At most this many rows' vectors go to the worker in one message while building. */
export const BUILD_BATCH = 256;

export class VectorIndex {
  state: VectorIndexState = 'building';
  /** Commits heard while building, applied once the table has been read. */
  pending: [KeyId, Buffer | null][] | null = [];
  private readonly partitions = new Map<string | null, PartitionIndex>();
  private generation = 0;
  /** Rows changed since the files were last written, and when the first of them came. */
  private changedSinceSave = 0;
  private dirtySince = 0;
  /** The bytes of the last saved generation's files. */
  savedBytes = 0;
  readonly opclass: VectorOpclass;
  readonly m: number;
  readonly efConstruction: number;

  constructor(
    readonly def: IndexDefinition,
    readonly tableId: number,
    readonly dims: number,
    private readonly dir: string,
    private readonly thread: HnswThread,
  ) {
    this.opclass = def.vector!.opclass;
    this.m = def.vector!.m;
    this.efConstruction = def.vector!.efConstruction;
  }

  get oid(): number {
    return this.def.oid;
  }

  /** Rows with a vector in the index, all partitions. */
  get size(): number {
    let n = 0;
    for (const p of this.partitions.values()) n += p.size;
    return n;
  }

  partition(partition: string | null): PartitionIndex | undefined {
    return this.partitions.get(partition);
  }

  /** A commit wrote these rows: applied now, or after the build when one runs. */
  hear(table: TableDefinition, rows: readonly [KeyId, Buffer | null][]): void {
    if (this.pending) {
      this.pending.push(...rows);
      return;
    }
    this.send(this.apply(table, rows));
  }

  /** The graph changes `rows` (key → row value, null when deleted) make, grouped by partition. */
  apply(table: TableDefinition, rows: readonly [KeyId, Buffer | null][], seen?: Set<KeyId>): Map<PartitionIndex, GraphBatch> {
    const access = tableAccess(table);
    const position = table.columns.findIndex((c) => c.ordinal === this.def.columns[0]);
    const batches = new Map<PartitionIndex, GraphBatch>();
    for (const [id, value] of rows) {
      const { partition } = parseRowKey(keyFromId(id), access.partitioned);
      let vector: Float32Array | null = null;
      if (value !== null && position >= 0) {
        const v = access.decode(value)[position];
        if (v instanceof Float32Array && v.length === this.dims && indexable(this.opclass, v)) vector = v;
      }
      const part = vector ? this.partitionFor(partition) : this.partitions.get(partition);
      if (!part) continue;
      seen?.add(id);
      let batch = batches.get(part);
      if (!batch) batches.set(part, (batch = new GraphBatch()));
      part.apply(id, vector, batch);
    }
    return batches;
  }

  private partitionFor(partition: string | null): PartitionIndex {
    let p = this.partitions.get(partition);
    if (!p) {
      const file = partition === null ? 'shared' : `u-${Buffer.from(partition, 'utf8').toString('hex')}`;
      p = new PartitionIndex(`${this.oid}/${file}`, partition);
      this.partitions.set(partition, p);
      // Ordered before any upsert of the new graph: the worker handles messages in order.
      this.track(this.thread.call({ op: 'create', graph: p.graph, space: metricOf(this.opclass).space, dims: this.dims, m: this.m, efConstruction: this.efConstruction }));
    }
    return p;
  }

  /** Sends the batches; resolves when the worker has applied them. */
  send(batches: ReadonlyMap<PartitionIndex, GraphBatch>): Promise<void> {
    const sent: Promise<unknown>[] = [];
    for (const [part, b] of batches) {
      if (b.empty) continue;
      if (!this.dirty) this.dirtySince = Date.now();
      this.changedSinceSave += b.labels.length + b.deleted.length;
      if (b.labels.length > 0) {
        const vectors = new Float32Array(b.labels.length * this.dims);
        b.vectors.forEach((v, i) => vectors.set(v, i * this.dims));
        sent.push(this.track(this.thread.call({
          op: 'upsert', graph: part.graph, labels: Float64Array.from(b.labels), vectors, fresh: Uint8Array.from(b.fresh),
        })));
      }
      if (b.deleted.length > 0) sent.push(this.track(this.thread.call({ op: 'delete', graph: part.graph, labels: Float64Array.from(b.deleted) })));
    }
    return Promise.all(sent).then(() => undefined);
  }

  /** A worker failure leaves the graph unknown: the index stops answering until rebuilt. */
  private track<T>(p: Promise<T>): Promise<T> {
    p.catch(() => {
      this.state = 'failed';
    });
    return p;
  }

  /** The row keys of about the `k` nearest vectors in `partition` (ef_search `ef`). */
  async nearest(partition: string | null, query: Float32Array, k: number, ef: number): Promise<KeyId[]> {
    const part = this.partitions.get(partition);
    if (!part || part.size === 0) return [];
    const r = await this.thread.call({ op: 'search', graph: part.graph, query, k, ef });
    const keys: KeyId[] = [];
    for (const label of r.labels ?? []) {
      const key = part.keyOf(label);
      if (key !== undefined) keys.push(key);
    }
    return keys;
  }

  private get home(): string {
    return `${this.dir}/${this.oid}`;
  }

  /**
   * Writes every graph and its label file under a new generation, then meta.json naming it (the
   * atomic step), then removes older generations: a crash leaves one whole generation or the one before.
   */
  async save(): Promise<void> {
    if (this.state !== 'ready') return;
    const generation = this.generation + 1;
    await mkdir(this.home, { recursive: true });
    const changed = this.changedSinceSave;
    this.changedSinceSave = 0;
    const parts = [...this.partitions.values()];
    const writes: Promise<unknown>[] = [];
    for (const p of parts) {
      const base = `${this.home}/${p.graph.split('/')[1]}.${generation}`;
      // Both in this synchronous step: the label file and the graph describe the same moment.
      writes.push(p.save(`${base}.labels`), this.thread.call({ op: 'save', graph: p.graph, file: `${base}.hnsw` }));
    }
    try {
      await Promise.all(writes);
    } catch (e) {
      this.changedSinceSave += changed;
      throw e;
    }
    const meta: Meta = {
      generation, dims: this.dims, opclass: this.opclass,
      partitions: parts.map((p) => ({ file: p.graph.split('/')[1]!, partition: p.partition, live: p.size })),
    };
    await writeFile(`${this.home}/meta.json.tmp`, JSON.stringify(meta));
    await rename(`${this.home}/meta.json.tmp`, `${this.home}/meta.json`);
    this.generation = generation;
    this.savedBytes = await this.filesBytes(generation);
    for (const f of await readdir(this.home)) {
      const g = /\.(\d+)\.(hnsw|labels)(\.tmp)?$/.exec(f);
      if (g && Number(g[1]) !== generation) await rm(`${this.home}/${f}`, { force: true });
    }
  }

  /** Opens the last saved generation; false when there is none that fits this index. */
  async load(): Promise<boolean> {
    let meta: Meta;
    try {
      meta = JSON.parse(await readFile(`${this.home}/meta.json`, 'utf8')) as Meta;
    } catch {
      return false;
    }
    if (meta.dims !== this.dims || meta.opclass !== this.opclass) return false;
    for (const entry of meta.partitions) {
      const p = new PartitionIndex(`${this.oid}/${entry.file}`, entry.partition);
      const base = `${this.home}/${entry.file}.${meta.generation}`;
      await p.load(`${base}.labels`);
      if (p.size !== entry.live) throw new Error(`${base}.labels holds ${p.size} labels, meta.json says ${entry.live}`);
      await this.thread.call({ op: 'load', graph: p.graph, space: metricOf(this.opclass).space, dims: this.dims, file: `${base}.hnsw`, live: p.size });
      this.partitions.set(entry.partition, p);
    }
    this.generation = meta.generation;
    this.savedBytes = await this.filesBytes(meta.generation);
    return true;
  }

  private async filesBytes(generation: number): Promise<number> {
    let bytes = 0;
    for (const f of await readdir(this.home)) {
      if (f.includes(`.${generation}.`) && !f.endsWith('.tmp')) bytes += (await stat(`${this.home}/${f}`)).size;
    }
    return bytes;
  }

  /** Changes wait that the files do not have. */
  get dirty(): boolean {
    return this.changedSinceSave > 0;
  }

  /**
   * Whether the periodic save should write the files now: a save rewrites every graph whole, so a
   * big index waits until a tenth of it changed or its oldest unsaved change is ten minutes old.
   */
  saveDue(now: number): boolean {
    return this.dirty && (this.changedSinceSave * 10 >= this.size || now - this.dirtySince >= 600_000);
  }

  /** Forgets every graph (a failed load, a rebuild from scratch). */
  reset(): void {
    for (const p of this.partitions.values()) void this.thread.call({ op: 'drop', graph: p.graph }).catch(() => {});
    this.partitions.clear();
  }

  /** The index is gone: graphs and files. */
  async drop(): Promise<void> {
    this.state = 'failed';
    this.pending = null;
    this.reset();
    await rm(this.home, { recursive: true, force: true });
  }

  /** Marks the end of a catch-up: labels of rows not seen are deleted. */
  forgetUnseen(seen: ReadonlySet<KeyId>): Map<PartitionIndex, GraphBatch> {
    const batches = new Map<PartitionIndex, GraphBatch>();
    for (const p of this.partitions.values()) {
      const b = new GraphBatch();
      p.forgetUnseen(seen, b);
      batches.set(p, b);
    }
    return batches;
  }
}
