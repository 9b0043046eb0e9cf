/**
 * Every hnsw index of the database (vector-index.ts), and what keeps them true:
 *   - a RowStoreListener: each commit's rows reach the indexes of their table in the step that
 *     makes the commit visible (so a search that starts after a commit sees it);
 *   - builds (CREATE INDEX) and catch-ups (at start, after a bulk load or a withdrawn commit):
 *     read the table — hot rows and segments alike — into the graphs, commits meanwhile held and
 *     applied after. A catch-up starts from the saved files, so it only sends what changed;
 *   - saves: after a build, when a tenth of an index changed or its oldest unsaved change is ten
 *     minutes old (checked every minute), and at shutdown. After a crash the
 *     files are whatever the last save left, and the start-up catch-up (a 'vector_index' job in
 *     system.jobs) brings them level with the rows before the index answers again.
 */
import { readdir, rm } from 'node:fs/promises';
import type { IndexDefinition, TableDefinition } from '../catalog/table-definition.js';
import type { SchemaStore } from '../catalog/schema-store.js';
import type { JobKind } from '../jobs/job-kind.js';
import type { JobRunner } from '../jobs/job-runner.js';
import { tablePrefix } from '../storage/key-layout.js';
import { prefixEnd } from '../storage/keycode.js';
import { isRowKey, tableIdOf } from '../storage/row-cache.js';
import { keyId, type KeyId, type RowStore, type RowStoreListener } from '../storage/row-store.js';
import { HnswThread } from './hnsw-thread.js';
import { BUILD_BATCH, VectorIndex } from './vector-index.js';

const SAVE_EVERY_MS = 60_000;
/** Build batches in flight to the worker at once: it builds while the next batch is decoded. */
const IN_FLIGHT = 4;

export const vectorIndexJobKind: JobKind = {
  name: 'vector_index',
  prefix: 'VI',
  // A catch-up cut off by a crash has nothing to undo: every start reads the table again.
  recover: async () => ({ outcome: 'rolled-back', reason: 'the index is brought up to date by a new catch-up at start' }),
};

/** Between build batches: may throw to stop (a cancelled statement or job). */
export type BuildCheck = () => void | Promise<void>;

export class VectorIndexes implements RowStoreListener {
  private readonly thread = new HnswThread();
  private readonly byOid = new Map<number, VectorIndex>();
  private readonly byTable = new Map<number, VectorIndex[]>();
  private readonly catchingUp = new Map<VectorIndex, { again: boolean }>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly schema: SchemaStore,
    private readonly rows: RowStore,
    private readonly jobs: JobRunner,
    private readonly onError: (e: unknown) => void,
  ) {}

  /** The index with this oid, when it is ready to answer. */
  ready(oid: number): VectorIndex | undefined {
    const vi = this.byOid.get(oid);
    return vi?.state === 'ready' && !this.thread.broken ? vi : undefined;
  }

  /** The bytes of the index's files as last saved (pg_relation_size), 0 before the first save. */
  savedBytes(oid: number): number {
    return this.byOid.get(oid)?.savedBytes ?? 0;
  }

  /** At start: every hnsw index opens from its files and catches up with the rows, as a job. */
  async open(): Promise<void> {
    for (const table of this.schema.listTables()) {
      for (const def of table.indexes ?? []) {
        if (def.method !== 'hnsw') continue;
        const vi = this.register(table, def);
        this.catchUp(vi, true);
      }
    }
    // Files of indexes the catalog does not hold: a build cut off before its CREATE INDEX committed.
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      if (!this.byOid.has(Number(name))) await rm(`${this.dir}/${name}`, { recursive: true, force: true });
    }
    this.timer = setInterval(() => void this.saveDirty(), SAVE_EVERY_MS);
    this.timer.unref();
  }

  /** CREATE INDEX: reads the table into a new index; it answers once this resolves. */
  async build(table: TableDefinition, def: IndexDefinition, check: BuildCheck): Promise<void> {
    const vi = this.register(table, def);
    try {
      await this.fill(vi, table.id, check, null);
      await vi.save();
    } catch (e) {
      await this.drop(def.oid);
      throw e;
    }
  }

  /** DROP INDEX (at commit), ROLLBACK of CREATE INDEX, the column or table gone. */
  async drop(oid: number): Promise<void> {
    const vi = this.byOid.get(oid);
    if (!vi) return;
    this.byOid.delete(oid);
    const list = (this.byTable.get(vi.tableId) ?? []).filter((x) => x !== vi);
    if (list.length > 0) this.byTable.set(vi.tableId, list);
    else this.byTable.delete(vi.tableId);
    await vi.drop();
  }

  private register(table: TableDefinition, def: IndexDefinition): VectorIndex {
    const column = table.columns.find((c) => c.ordinal === def.columns[0]);
    const dims = column?.type.typmod ?? -1;
    const vi = new VectorIndex(def, table.id, dims, this.dir, this.thread);
    this.byOid.set(def.oid, vi);
    this.byTable.set(table.id, [...(this.byTable.get(table.id) ?? []), vi]);
    return vi;
  }

  /**
   * Reads every row of the table into the index (`seen` set: a catch-up, which also deletes the
   * labels of rows no longer there), then the commits heard meanwhile; the index is then ready.
   */
  private async fill(vi: VectorIndex, tableId: number, check: BuildCheck, seen: Set<KeyId> | null): Promise<void> {
    vi.state = 'building';
    vi.pending ??= [];
    const p = tablePrefix(tableId);
    const inFlight: Promise<void>[] = [];
    const tableNow = (): TableDefinition => {
      const table = this.schema.tableById(tableId);
      if (!table) throw new Error('the table was dropped');
      return table;
    };
    const send = async (rows: [KeyId, Buffer | null][]): Promise<void> => {
      inFlight.push(vi.send(vi.apply(tableNow(), rows, seen ?? undefined)));
      if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
      await check();
    };
    let rows: [KeyId, Buffer | null][] = [];
    for await (const batch of this.rows.scan(p, prefixEnd(p))) {
      for (const [key, value] of batch) {
        rows.push([keyId(key), value]);
        if (rows.length >= BUILD_BATCH) {
          await send(rows);
          rows = [];
        }
      }
    }
    if (rows.length > 0) await send(rows);
    await Promise.all(inFlight);
    if (seen) await vi.send(vi.forgetUnseen(seen));
    for (;;) {
      const heard = vi.pending!.splice(0);
      if (heard.length === 0) break;
      await vi.send(vi.apply(tableNow(), heard));
    }
    vi.pending = null;
    if (vi.state === 'building') vi.state = 'ready';
  }

  /** Reads the table again into the index, as a job (`fromFiles`: first open the saved files). */
  private catchUp(vi: VectorIndex, fromFiles: boolean): void {
    const running = this.catchingUp.get(vi);
    if (running) {
      running.again = true;
      return;
    }
    const table = this.schema.tableById(vi.tableId);
    if (!table) return; // dropped: tableDropped() removes the index
    const mark = { again: false };
    this.catchingUp.set(vi, mark);
    vi.state = 'building';
    vi.pending ??= [];
    void this.jobs.submit('vector_index', { table: { id: table.id, namespace: table.namespace, name: table.name }, params: { index: vi.def.name } }, async (ctx) => {
      let fromScratch = !fromFiles;
      if (fromFiles) {
        try {
          fromScratch = !(await vi.load());
        } catch (e) {
          this.onError(new Error(`vector index ${vi.def.name}: its files could not be read, rebuilding: ${e instanceof Error ? e.message : String(e)}`));
          fromScratch = true;
        }
      }
      if (fromScratch) vi.reset();
      ctx.progress(fromScratch ? 'building' : 'catching up');
      let n = 0;
      await this.fill(vi, vi.tableId, async () => {
        n += BUILD_BATCH;
        ctx.progress(fromScratch ? 'building' : 'catching up', { rows: n });
        await ctx.pause();
      }, new Set());
      await vi.save();
      return { rows: vi.size, bytes: 0 };
    }).then((id) => this.jobs.whenFinished(id)).then((job) => {
      this.catchingUp.delete(vi);
      if (job.status !== 'completed' && this.byOid.get(vi.oid) === vi && !this.closed) {
        vi.state = 'failed';
        this.onError(new Error(`vector index ${vi.def.name}: ${job.status}${job.error ? `: ${job.error}` : ''}; queries run exact`));
      } else if (mark.again && !this.closed) {
        this.catchUp(vi, false);
      }
    }, (e: unknown) => {
      this.catchingUp.delete(vi);
      vi.state = 'failed';
      this.onError(e);
    });
  }

  committed(writes: ReadonlyMap<KeyId, Buffer | null>): void {
    if (this.byTable.size === 0) return;
    let byTable: Map<number, [KeyId, Buffer | null][]> | null = null;
    for (const [id, value] of writes) {
      if (!isRowKey(id)) continue;
      const t = tableIdOf(id);
      if (!this.byTable.has(t)) continue;
      byTable ??= new Map();
      let rows = byTable.get(t);
      if (!rows) byTable.set(t, (rows = []));
      rows.push([id, value]);
    }
    if (!byTable) return;
    for (const [tableId, rows] of byTable) {
      const table = this.schema.tableById(tableId);
      if (!table) continue;
      for (const vi of this.byTable.get(tableId) ?? []) {
        if (vi.state === 'failed') continue;
        vi.hear(table, rows);
      }
    }
  }

  /** A commit made visible was taken back: what the graphs heard of it may be wrong. */
  withdrawn(): void {
    for (const vi of this.byOid.values()) this.catchUp(vi, false);
  }

  tableDropped(tableId: number): void {
    for (const vi of this.byTable.get(tableId) ?? []) void this.drop(vi.oid).catch(this.onError);
  }

  /** A bulk load's rows are not heard one by one: the table is read again. */
  rowsLoaded(tableId: number): void {
    for (const vi of this.byTable.get(tableId) ?? []) this.catchUp(vi, false);
  }

  /** `all`: every index with unsaved changes (shutdown); else those whose save is due. */
  private async saveDirty(all = false): Promise<void> {
    const now = Date.now();
    for (const vi of this.byOid.values()) {
      if (!(all ? vi.dirty : vi.saveDue(now)) || vi.state !== 'ready') continue;
      try {
        await vi.save();
      } catch (e) {
        this.onError(e);
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.saveDirty(true);
    await this.thread.close();
  }
}
