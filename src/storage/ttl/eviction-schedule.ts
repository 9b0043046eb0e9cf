/**
 * When the server evicts (evict-job.ts): each STREAM table is looked at every
 * min(TTL_SECONDS, interval) — `--stream-eviction-interval`, 60 s by default — and an eviction job
 * is queued only when a row may have expired since the last one:
 *
 *   last run left its oldest live row at _seq s   → next due when s expires (s's time + TTL)
 *   last run left keys to concurrent writers       → next due one period later
 *   no row in RocksDB at all                       → nothing queued; looked at again a period later
 *
 * so an idle table costs a key lookup per period and no entry in system.jobs. A table never has
 * two eviction jobs queued or running: the runner runs a table's jobs one at a time, and nothing
 * is queued while one of its evictions is unfinished. Reads never wait for any of this — they
 * hide expired rows themselves — so the schedule only bounds how long dead rows take space.
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { tablePrefix } from '../key-layout.js';
import { prefixEnd } from '../keycode.js';
import { expiresAt, rowExpiry } from './row-expiry.js';
import { STREAM_EVICTION, submitEviction, type EvictionDeps, type EvictionResult } from './evict-job.js';

export const DEFAULT_EVICTION_INTERVAL_SECONDS = 60;
/** The timer's step: a table's period is whole seconds (TTL_SECONDS), so a second is fine enough. */
const TICK_MS = 1000;

export class EvictionSchedule {
  private timer: NodeJS.Timeout | null = null;
  /** Per table id: the earliest time (ms) worth looking at it again. */
  private readonly due = new Map<number, number>();
  /** Tables being looked at or submitted right now (the checks below await). */
  private readonly busy = new Set<number>();
  private ticking: Promise<string[]> | null = null;

  constructor(
    private readonly deps: EvictionDeps,
    /** The longest a table waits between looks (ms); its TTL, when shorter, is used instead. */
    private readonly intervalMs: number,
    private readonly onError: (e: unknown) => void = () => undefined,
  ) {}

  /** Starts the timer (unref'd: it never keeps the process alive). */
  start(): void {
    if (this.timer || this.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.tick().catch(this.onError);
    }, Math.min(TICK_MS, this.intervalMs));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking?.catch(() => undefined);
  }

  /** Queues an eviction for every STREAM table that is due; answers the new jobs' ids. Ticks never overlap. */
  tick(now = Date.now()): Promise<string[]> {
    this.ticking ??= this.queueDue(now).finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async queueDue(now: number): Promise<string[]> {
    const ids: string[] = [];
    // Also those of an earlier run of the server, resumed at start.
    const unfinished = new Set(this.deps.jobs.unfinished(STREAM_EVICTION).map((j) => j.table?.id));
    for (const table of this.deps.schema.listTables()) {
      const expiry = rowExpiry(table, now);
      if (!expiry || this.busy.has(table.id) || unfinished.has(table.id) || (this.due.get(table.id) ?? 0) > now) continue;
      const period = Math.min(expiry.ttlSeconds * 1000, this.intervalMs);
      this.busy.add(table.id);
      try {
        if (!(await this.hasRows(table))) {
          this.due.set(table.id, now + period);
          this.busy.delete(table.id);
          continue;
        }
        const started = Date.now();
        const id = await submitEviction(this.deps, table, (r) => this.due.set(table.id, this.nextDue(r, started, period, expiry.ttlSeconds)));
        ids.push(id);
        // Until the job reports, the table is busy; a job that fails or is killed is retried a period later.
        void this.deps.jobs.whenFinished(id).then((job) => {
          if (job.status !== 'completed') this.due.set(table.id, Date.now() + period);
          this.busy.delete(table.id);
        });
      } catch (e) {
        this.busy.delete(table.id);
        this.due.set(table.id, now + period);
        this.onError(e);
      }
    }
    return ids;
  }

  private nextDue(r: EvictionResult, started: number, period: number, ttlSeconds: number): number {
    const soonest = started + period;
    if (r.contended > 0 || r.oldestAlive === null) return soonest;
    return Math.max(soonest, expiresAt(r.oldestAlive, ttlSeconds));
  }

  /**
   * Whether RocksDB holds any row of the table. A row not there yet was committed a moment ago,
   * so it is all but certainly fresh; at worst it is evicted a period late.
   */
  private async hasRows(table: TableDefinition): Promise<boolean> {
    const p = tablePrefix(table.id);
    for await (const batch of this.deps.rows.kv.scan({ gte: p, lt: prefixEnd(p), limit: 1 })) if (batch.length > 0) return true;
    return false;
  }
}
