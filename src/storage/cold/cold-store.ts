/**
 * ColdStore: the segments of every table, by scope (a SHARED table, or one user's partition of a
 * USER table), as the row store reads them (ColdSource) and flush and compaction change them.
 *
 * Which scopes exist is kept in RocksDB (`m/cold/<tableId>/<partition>` → the scope's directory),
 * written before a scope's first flush begins: from then on deletes of the table's rows leave
 * tombstones, and after a restart the store finds the scope's directory where it was made even if
 * the table was renamed since. Each directory's manifest lists its segments; it is the commit
 * point of a flush or compaction, so at open anything a crash left unlisted (a segment written but
 * not yet listed, a compaction's output not yet swapped in, temporary files) is deleted — the rows
 * it held are still where they were before.
 */
import { mkdir, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { SchemaStore } from '../../catalog/schema-store.js';
import type { TableDefinition } from '../../catalog/table-definition.js';
import type { StoragePaths } from '../storage-paths.js';
import type { KvStore } from '../kv-store.js';
import { metaKey, rowPrefix } from '../key-layout.js';
import { prefixEnd } from '../keycode.js';
import { encodeRow } from '../row-codec.js';
import type { SnowflakeGenerator } from '../../util/snowflake.js';
import { loadManifest } from '../segments/manifest-recovery.js';
import { readManifest, writeManifest, withSegments, type Manifest, type ManifestEntry } from '../segments/manifest.js';
import { openSegment } from '../segments/segment-reader.js';
import { ColdSegment } from './cold-segment.js';
import { isTombstone, type ColdSource, type ColdView } from './cold-source.js';
import { findKey, GroupCache } from './group-entries.js';
import { groupsOverlapping, scopeRows } from './scope-rows.js';

export const DEFAULT_COLD_CACHE_MEMORY = 128 * 1024 * 1024;

export interface ColdScope {
  readonly tableId: number;
  readonly partition: string | null;
  /** The row-key prefix of the scope's rows, and its end. */
  readonly prefix: Buffer;
  readonly end: Buffer;
  readonly dir: string;
  manifest: Manifest;
  /** In manifest order (older first). Replaced whole on every change, never changed in place. */
  segments: readonly ColdSegment[];
}

const REGISTRY = metaKey('cold/');

function registryKey(tableId: number, partition: string | null): Buffer {
  const part = partition === null ? '-' : `u${Buffer.from(partition, 'utf8').toString('hex')}`;
  return metaKey(`cold/${tableId}/${part}`);
}

/** The table's own record (`m/cold/<tableId>`): written before its first flush reads a row. */
function tableKey(tableId: number): Buffer {
  return metaKey(`cold/${tableId}`);
}

interface RegistryRecord {
  readonly tableId: number;
  readonly partition: string | null;
  readonly dir: string;
}

type StoredRecord = RegistryRecord | { readonly tableId: number; readonly dir?: undefined };

export class ColdStore implements ColdSource {
  /** By table: its scopes, in prefix order. */
  private readonly byTable = new Map<number, ColdScope[]>();
  readonly groups: GroupCache;

  private constructor(
    private readonly kv: KvStore,
    private readonly schema: SchemaStore,
    private readonly paths: StoragePaths,
    private readonly snowflake: SnowflakeGenerator,
    private readonly onError: (e: unknown) => void,
    cacheBytes: number,
  ) {
    this.groups = new GroupCache(cacheBytes);
  }

  static async open(
    kv: KvStore, schema: SchemaStore, paths: StoragePaths, snowflake: SnowflakeGenerator,
    onError: (e: unknown) => void = () => {}, cacheBytes = DEFAULT_COLD_CACHE_MEMORY,
  ): Promise<ColdStore> {
    const store = new ColdStore(kv, schema, paths, snowflake, onError, cacheBytes);
    const records: StoredRecord[] = [];
    for await (const batch of kv.scan({ gte: REGISTRY, lt: prefixEnd(REGISTRY) })) {
      for (const [, v] of batch) records.push(JSON.parse(v.toString('utf8')) as StoredRecord);
    }
    for (const r of records) {
      const dropped = schema.tableById(r.tableId) === undefined; // the crash came before its files went
      if (r.dir === undefined) {
        if (dropped) await kv.del(tableKey(r.tableId));
        else if (!store.byTable.has(r.tableId)) store.byTable.set(r.tableId, []);
      } else if (dropped) await store.removeScopeFiles(r);
      else store.add(await store.loadScope(r));
    }
    return store;
  }

  private async loadScope(r: RegistryRecord): Promise<ColdScope> {
    const report = await loadManifest(r.dir, { tableId: r.tableId, partition: r.partition });
    for (const f of [...report.unlisted, ...report.temporaryFiles]) await unlink(join(r.dir, f)).catch(() => {});
    if (report.missing.length > 0) this.onError(new Error(`segments listed in ${r.dir}/manifest.json are missing: ${report.missing.join(', ')}`));
    const missing = new Set(report.missing);
    const segments: ColdSegment[] = [];
    for (const e of report.manifest.segments) {
      if (missing.has(e.file)) continue;
      segments.push(new ColdSegment(await openSegment(join(r.dir, e.file)), e, this.onError));
    }
    const prefix = rowPrefix(r.tableId, r.partition);
    return { tableId: r.tableId, partition: r.partition, prefix, end: prefixEnd(prefix), dir: r.dir, manifest: report.manifest, segments };
  }

  private add(scope: ColdScope): void {
    const list = this.byTable.get(scope.tableId) ?? [];
    list.push(scope);
    list.sort((a, b) => Buffer.compare(a.prefix, b.prefix));
    this.byTable.set(scope.tableId, list);
  }

  holds(tableId: number): boolean {
    return this.byTable.has(tableId);
  }

  tombstone(): Buffer {
    return encodeRow({ seq: this.snowflake.next(), deleted: true, schemaVersion: 0, cells: [] });
  }

  scopes(tableId: number): readonly ColdScope[] {
    return this.byTable.get(tableId) ?? [];
  }

  scope(tableId: number, partition: string | null): ColdScope | undefined {
    return this.byTable.get(tableId)?.find((s) => s.partition === partition);
  }

  /**
   * Marks `table` as one whose rows may live in segments, durably: from the moment this resolves,
   * deletes of its rows leave tombstones. A flush calls it before it reads a row.
   */
  async markTable(table: TableDefinition): Promise<void> {
    if (this.byTable.has(table.id)) return;
    await this.kv.put(tableKey(table.id), Buffer.from(JSON.stringify({ tableId: table.id }), 'utf8'));
    if (!this.byTable.has(table.id)) this.byTable.set(table.id, []);
  }

  /** The scope of `table`'s partition, its directory made and registered (durably) if new. */
  async ensureScope(table: TableDefinition, partition: string | null): Promise<ColdScope> {
    await this.markTable(table);
    const have = this.scope(table.id, partition);
    if (have) return have;
    const dir = await this.freeDirectory(this.paths.storagePath(table, partition ?? undefined), table.id);
    await mkdir(dir, { recursive: true });
    const record: RegistryRecord = { tableId: table.id, partition, dir };
    await this.kv.put(registryKey(table.id, partition), Buffer.from(JSON.stringify(record), 'utf8'));
    const again = this.scope(table.id, partition); // another flush registered it meanwhile
    if (again) return again;
    const scope = await this.loadScope(record);
    this.add(scope);
    return scope;
  }

  /**
   * `dir`, unless another table's segments live there — a table renamed after its flush keeps its
   * directory, and a new table may take its old name — then a sibling named after the table id.
   */
  private async freeDirectory(dir: string, tableId: number): Promise<string> {
    const taken = async (d: string): Promise<boolean> => {
      for (const scopes of this.byTable.values()) if (scopes.some((s) => s.dir === d && s.tableId !== tableId)) return true;
      const m = await readManifest(d).catch(() => null);
      return m !== null && m.tableId !== tableId;
    };
    return (await taken(dir)) ? `${dir}~t${tableId}` : dir;
  }

  /**
   * Lists `added` and unlists `removed` in the scope's manifest (durably: the commit point), then
   * makes the change visible to reads in one step. Removed files go once no read holds them.
   */
  async replaceSegments(scope: ColdScope, added: readonly { readonly entry: ManifestEntry }[], removed: readonly ColdSegment[]): Promise<ColdSegment[]> {
    const manifest = withSegments(scope.manifest, added.map((a) => a.entry), removed.map((s) => s.entry.file));
    const opened = await Promise.all(added.map(async (a) => new ColdSegment(await openSegment(join(scope.dir, a.entry.file)), a.entry, this.onError)));
    await writeManifest(scope.dir, manifest);
    const gone = new Set(removed);
    const byFile = new Map([...scope.segments.filter((s) => !gone.has(s)), ...opened].map((s) => [s.entry.file, s]));
    scope.manifest = manifest;
    scope.segments = manifest.segments.map((e) => byFile.get(e.file)!);
    for (const s of removed) {
      this.groups.forget(`${s.path}#`);
      s.retire();
    }
    return opened;
  }

  /** A dropped table: its scopes are forgotten, then their files and registry records deleted. */
  async dropTable(tableId: number): Promise<void> {
    const scopes = this.byTable.get(tableId);
    if (!scopes) return;
    this.byTable.delete(tableId);
    for (const s of scopes) {
      for (const seg of s.segments) this.groups.forget(`${seg.path}#`);
      await this.removeScopeFiles(s);
    }
    await this.kv.del(tableKey(tableId));
  }

  private async removeScopeFiles(r: { readonly tableId: number; readonly partition: string | null; readonly dir: string }): Promise<void> {
    await rm(r.dir, { recursive: true, force: true });
    await this.kv.del(registryKey(r.tableId, r.partition));
  }

  private scopeOfKey(key: Buffer): ColdScope | undefined {
    if (key.length < 5 || key[0] !== 0x72) return undefined;
    const scopes = this.byTable.get(key.readUInt32BE(1));
    if (!scopes) return undefined;
    for (const s of scopes) if (key.length >= s.prefix.length && key.compare(s.prefix, 0, s.prefix.length, 0, s.prefix.length) === 0) return s;
    return undefined;
  }

  async get(keys: readonly Buffer[]): Promise<(Buffer | undefined)[]> {
    const out = new Array<Buffer | undefined>(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const scope = this.scopeOfKey(key);
      const def = scope && this.schema.tableById(scope.tableId);
      if (!scope || !def || scope.segments.length === 0) continue;
      const segs = scope.segments;
      for (const s of segs) s.pin();
      try {
        const pk = key.subarray(scope.prefix.length);
        let best: Buffer | undefined;
        let bestSeq = 0n;
        for (const s of segs) {
          for (const g of groupsOverlapping(s, pk, null)) {
            if (Buffer.compare(s.segment.meta.rowGroups[g]!.firstKey, pk) > 0) break;
            const entries = await this.groups.get(s, g, def, scope.prefix);
            const j = findKey(entries.keys, key);
            if (j >= 0 && (best === undefined || entries.seqs[j]! >= bestSeq)) {
              best = entries.value(j);
              bestSeq = entries.seqs[j]!;
            }
            break;
          }
        }
        out[i] = best !== undefined && !isTombstone(best) ? best : undefined;
      } finally {
        for (const s of segs) s.unpin();
      }
    }
    return out;
  }

  view(gte: Buffer, lt: Buffer): ColdView {
    const parts: { scope: ColdScope; def: TableDefinition; segs: readonly ColdSegment[] }[] = [];
    for (const scopes of this.byTable.values()) {
      for (const scope of scopes) {
        if (scope.segments.length === 0 || Buffer.compare(scope.end, gte) <= 0 || Buffer.compare(scope.prefix, lt) >= 0) continue;
        const def = this.schema.tableById(scope.tableId);
        if (!def) continue;
        for (const s of scope.segments) s.pin();
        parts.push({ scope, def, segs: scope.segments });
      }
    }
    parts.sort((a, b) => Buffer.compare(a.scope.prefix, b.scope.prefix));
    const groups = this.groups;
    let released = false;
    return {
      async *rows() {
        for (const p of parts) yield* scopeRows(groups, p.def, p.scope.prefix, p.segs, gte, lt);
      },
      release() {
        if (released) return;
        released = true;
        for (const p of parts) for (const s of p.segs) s.unpin();
      },
    };
  }
}
