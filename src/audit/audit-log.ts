/**
 * system.audit_log's store: who did what, when, from where — logins, DDL, role and privilege
 * changes, EXECUTE AS. Each entry is one RocksDB record, `m/audit/<id, 16 digits>`, so the keys
 * sort by time; the newest `maxEntries` are also held in memory (system.* tables are read
 * synchronously) and older ones are deleted as new ones arrive: a bounded retention.
 *
 * Writes are not synced one by one: RocksDB's write-ahead log keeps them across a process crash,
 * and a login must not wait for an fsync to be recorded.
 */
import type { KvOp, KvStore } from '../storage/kv-store.js';
import { metaKey } from '../storage/key-layout.js';
import { prefixEnd } from '../storage/keycode.js';
import { decodeRecord, encodeRecord } from '../catalog/catalog-codec.js';

export const DEFAULT_AUDIT_MAX_ENTRIES = 10_000;

export type AuditAction = 'LOGIN' | 'LOGIN FAILED' | 'DDL' | 'ROLE' | 'PRIVILEGE' | 'EXECUTE AS';

export interface AuditEntry {
  readonly id: number;
  /** ISO time. */
  readonly at: string;
  /** The authenticated login (for a failed login: the name it tried). */
  readonly actor: string;
  readonly action: AuditAction;
  /** The statement's command (CREATE TABLE, GRANT, …) or, for logins, the database. */
  readonly command: string;
  /** The object or role acted on, when there is one. */
  readonly subject: string | null;
  /** The statement text with secrets masked, or why a login failed. */
  readonly details: string | null;
  readonly sourceAddress: string | null;
  readonly success: boolean;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

const PREFIX = 'audit/';

export class AuditLog {
  private readonly entries: AuditEntry[] = [];
  private nextId = 1;
  /** Writes in flight, so close() can wait for them. */
  private pending = Promise.resolve();

  private constructor(
    private readonly kv: KvStore,
    readonly maxEntries: number,
    private readonly onError: (e: unknown) => void,
  ) {}

  static async open(kv: KvStore, maxEntries = DEFAULT_AUDIT_MAX_ENTRIES, onError: (e: unknown) => void = () => {}): Promise<AuditLog> {
    const log = new AuditLog(kv, Math.max(1, maxEntries), onError);
    const prefix = metaKey(PREFIX);
    const all: AuditEntry[] = [];
    for await (const batch of kv.scan({ gte: prefix, lt: prefixEnd(prefix) })) {
      for (const [, value] of batch) all.push(decodeRecord<AuditEntry>(value));
    }
    log.nextId = (all.at(-1)?.id ?? 0) + 1;
    const excess = all.length - log.maxEntries;
    if (excess > 0) await kv.write(all.slice(0, excess).map((e) => ({ type: 'del' as const, key: keyOf(e.id) })));
    log.entries.push(...all.slice(Math.max(0, excess)));
    return log;
  }

  /** Oldest first. */
  list(): readonly AuditEntry[] {
    return this.entries;
  }

  /** Records an entry; the write finishes in the background (flush() waits for it). */
  record(entry: NewAuditEntry): AuditEntry {
    const e: AuditEntry = { id: this.nextId++, at: new Date().toISOString(), ...entry };
    this.entries.push(e);
    const ops: KvOp[] = [{ type: 'put', key: keyOf(e.id), value: encodeRecord(e) }];
    while (this.entries.length > this.maxEntries) ops.push({ type: 'del', key: keyOf(this.entries.shift()!.id) });
    const write = this.kv.write(ops).catch(this.onError);
    this.pending = Promise.all([this.pending, write]).then(() => undefined);
    return e;
  }

  /** Resolves when every recorded entry is in RocksDB. */
  flush(): Promise<void> {
    return this.pending;
  }
}

function keyOf(id: number): Buffer {
  return metaKey(PREFIX + String(id).padStart(16, '0'));
}
