/**
 * JobStore: every job record, in RocksDB under `j/` and in memory. Each change is written
 * (synced: a job id handed to a client, or a job marked running, must survive a power loss)
 * before the in-memory copy changes, as the schema store does.
 */
import { decodeRecord, encodeRecord } from '../catalog/catalog-codec.js';
import { jobKey, jobPrefix } from '../storage/key-layout.js';
import { prefixEnd } from '../storage/keycode.js';
import type { KvStore } from '../storage/kv-store.js';
import { isFinished, type JobRecord } from './job-record.js';

function byAge(a: JobRecord, b: JobRecord): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export class JobStore {
  private readonly jobs = new Map<string, JobRecord>();

  private constructor(private readonly kv: KvStore) {}

  static async open(kv: KvStore): Promise<JobStore> {
    const store = new JobStore(kv);
    const prefix = jobPrefix();
    for await (const batch of kv.scan({ gte: prefix, lt: prefixEnd(prefix) })) {
      for (const [, value] of batch) {
        const job = decodeRecord<JobRecord>(value);
        store.jobs.set(job.id, job);
      }
    }
    return store;
  }

  get(id: string): JobRecord | undefined {
    return this.jobs.get(id);
  }

  /** Oldest first. */
  list(): JobRecord[] {
    return [...this.jobs.values()].sort(byAge);
  }

  async put(job: JobRecord): Promise<void> {
    await this.kv.put(jobKey(job.id), encodeRecord(job), { sync: true });
    this.jobs.set(job.id, job);
  }

  get finishedCount(): number {
    let n = 0;
    for (const j of this.jobs.values()) if (isFinished(j.status)) n++;
    return n;
  }

  /** Forgets all but the `keep` newest finished jobs: history must not grow without end. */
  async prune(keep: number): Promise<void> {
    const finished = this.list().filter((j) => isFinished(j.status));
    const old = finished.slice(0, Math.max(0, finished.length - keep));
    if (old.length === 0) return;
    await this.kv.write(old.map((j) => ({ type: 'del' as const, key: jobKey(j.id) })));
    for (const j of old) this.jobs.delete(j.id);
  }
}
