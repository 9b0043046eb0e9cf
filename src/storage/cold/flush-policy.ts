/**
 * FLUSH_POLICY 'rows:N,interval:S' (DESIGN.md section 8): a table's flush is queued once N rows
 * were written since its last one, or S seconds after it when anything was written since. The
 * row store tells this scheduler of every commit (counting is all it does there); a one-second
 * timer looks at the intervals. A flush already waiting to start is reused, never queued twice.
 */
import type { KeyId, RowStoreListener } from '../row-store.js';
import { isRowKey, tableIdOf } from '../row-cache.js';
import { FLUSH_JOB, submitTableJob } from './flush-job.js';
import type { FlushDeps } from './flush.js';

const TICK_MS = 1000;

interface TableState {
  /** Rows written since the last flush was queued. */
  written: number;
  lastFlush: number;
}

export class FlushScheduler implements RowStoreListener {
  private readonly tables = new Map<number, TableState>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly deps: FlushDeps, private readonly onError: (e: unknown) => void) {
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  private state(tableId: number): TableState {
    let s = this.tables.get(tableId);
    if (!s) this.tables.set(tableId, (s = { written: 0, lastFlush: Date.now() }));
    return s;
  }

  committed(writes: ReadonlyMap<KeyId, Buffer | null>): void {
    let table = -1;
    let n = 0;
    for (const id of writes.keys()) {
      if (!isRowKey(id)) continue;
      const t = tableIdOf(id);
      if (t !== table) {
        if (n > 0) this.wrote(table, n);
        table = t;
        n = 0;
      }
      n++;
    }
    if (n > 0) this.wrote(table, n);
  }

  private wrote(tableId: number, n: number): void {
    const policy = this.deps.schema.tableById(tableId)?.options.flushPolicy;
    if (!policy) return;
    const s = this.state(tableId);
    s.written += n;
    if (policy.rows !== undefined && s.written >= policy.rows) this.flush(tableId, s);
  }

  private tick(): void {
    const now = Date.now();
    for (const [tableId, s] of this.tables) {
      const policy = this.deps.schema.tableById(tableId)?.options.flushPolicy;
      if (!policy) this.tables.delete(tableId);
      else if (policy.intervalSeconds !== undefined && s.written > 0 && now - s.lastFlush >= policy.intervalSeconds * 1000) this.flush(tableId, s);
    }
  }

  private flush(tableId: number, s: TableState): void {
    const def = this.deps.schema.tableById(tableId);
    if (!def || def.tableType === 'STREAM') return;
    s.written = 0;
    s.lastFlush = Date.now();
    submitTableJob(this.deps, FLUSH_JOB, def).catch((e: unknown) => this.onError(e));
  }

  withdrawn(): void {}

  tableDropped(tableId: number): void {
    this.tables.delete(tableId);
  }

  /** A bulk load: as many rows as the policy's threshold, for all this scheduler knows. */
  rowsLoaded(tableId: number): void {
    const policy = this.deps.schema.tableById(tableId)?.options.flushPolicy;
    if (policy?.rows !== undefined) this.wrote(tableId, policy.rows);
  }

  close(): void {
    clearInterval(this.timer);
  }
}
