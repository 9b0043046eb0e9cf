/**
 * SchemaStore: every catalog record — namespaces, tables, sequences, users, storages — persisted in RocksDB
 * under the catalog prefix and held in memory, so a lookup is a Map get. The one source of truth:
 * information_schema, pg_catalog, system.* and the executor all read from here.
 *
 * Every change is written (synced) before the in-memory copy changes, so a crash never leaves the
 * cache ahead of the disk.
 */
import { Errors } from '../errors/sql-error.js';
import type { KvOp, KvStore } from '../storage/kv-store.js';
import { catalogKey, catalogPrefix, metaKey } from '../storage/key-layout.js';
import { prefixEnd } from '../storage/keycode.js';
import { decodeRecord, encodeRecord } from './catalog-codec.js';
import { FIRST_USER_OID, registerEnumType, unregisterEnumType } from '../types/enum-types.js';
import { pgTypeInfo } from '../types/type-registry.js';
import type {
  EnumTypeDefinition,
  IndexDefinition,
  NamespaceDefinition,
  SequenceDefinition,
  StorageDefinition,
  TableDefinition,
  UserDefinition,
  ViewDefinition,
} from './table-definition.js';

export const BUILTIN_NAMESPACES = ['pg_catalog', 'information_schema', 'system'] as const;

interface Counters {
  nextOid: number;
  nextTableId: number;
}

export class SchemaStore {
  private readonly namespaces = new Map<string, NamespaceDefinition>();
  private readonly tables = new Map<string, TableDefinition>();
  private readonly tablesById = new Map<number, TableDefinition>();
  private readonly sequences = new Map<string, SequenceDefinition>();
  private readonly views = new Map<string, ViewDefinition>();
  private readonly users = new Map<string, UserDefinition>();
  /** User-defined types by `namespace.name` (they have a name space of their own, pg_type's). */
  private readonly types = new Map<string, EnumTypeDefinition>();
  /** Indexes by `namespace.name`: they share the relation name space. */
  private readonly indexes = new Map<string, { table: TableDefinition; index: IndexDefinition }>();
  /** Storages by id. They have no OID: they are not in pg_catalog, so bootstrapping one moves nothing there. */
  private readonly storages = new Map<string, StorageDefinition>();
  private counters: Counters = { nextOid: FIRST_USER_OID, nextTableId: 1 };
  /** Bumped on every DDL: plan caches compare it to know they are stale. */
  private epoch = 0;

  private constructor(private readonly kv: KvStore) {}

  static async open(kv: KvStore): Promise<SchemaStore> {
    const store = new SchemaStore(kv);
    await store.load();
    return store;
  }

  private async load(): Promise<void> {
    const counters = await this.kv.get(metaKey('counters'));
    if (counters) this.counters = decodeRecord<Counters>(counters);
    for (const ns of await this.loadKind<NamespaceDefinition>('namespace')) this.namespaces.set(ns.name, ns);
    for (const t of await this.loadKind<TableDefinition>('table')) this.indexTable(t);
    for (const s of await this.loadKind<SequenceDefinition>('sequence')) this.sequences.set(`${s.namespace}.${s.name}`, s);
    for (const u of await this.loadKind<UserDefinition>('user')) this.users.set(u.name, u);
    for (const v of await this.loadKind<ViewDefinition>('view')) this.views.set(`${v.namespace}.${v.name}`, v);
    for (const t of await this.loadKind<EnumTypeDefinition>('type')) this.indexType(t);
    for (const s of await this.loadKind<StorageDefinition>('storage')) this.storages.set(s.id, s);
  }

  private async loadKind<T>(kind: string): Promise<T[]> {
    const prefix = catalogPrefix(kind);
    const out: T[] = [];
    for await (const batch of this.kv.scan({ gte: prefix, lt: prefixEnd(prefix) })) {
      for (const [, value] of batch) out.push(decodeRecord<T>(value));
    }
    return out;
  }

  get version(): number {
    return this.epoch;
  }

  /** Reserves an OID (and a table id when asked); persisted with the record that uses it. */
  allocateOid(): number {
    // pgvector's vector and _vector hold two OIDs of the user range (types/pg-oids.ts): never reuse them.
    while (pgTypeInfo(this.counters.nextOid) !== undefined) this.counters.nextOid++;
    return this.counters.nextOid++;
  }

  allocateTableId(): number {
    return this.counters.nextTableId++;
  }

  private countersOp(): KvOp {
    return { type: 'put', key: metaKey('counters'), value: encodeRecord(this.counters) };
  }

  private async persist(ops: KvOp[]): Promise<void> {
    ops.push(this.countersOp());
    await this.kv.write(ops, { sync: true });
    this.epoch++;
  }

  // ── namespaces ─────────────────────────────────────────────────────────────
  namespace(name: string): NamespaceDefinition | undefined {
    return this.namespaces.get(name);
  }

  listNamespaces(): NamespaceDefinition[] {
    return [...this.namespaces.values()].sort((a, b) => a.oid - b.oid);
  }

  isBuiltinNamespace(name: string): boolean {
    return (BUILTIN_NAMESPACES as readonly string[]).includes(name);
  }

  async putNamespace(ns: NamespaceDefinition): Promise<void> {
    await this.persist([{ type: 'put', key: catalogKey('namespace', ns.name), value: encodeRecord(ns) }]);
    this.namespaces.set(ns.name, ns);
  }

  async dropNamespace(name: string, extra: KvOp[] = []): Promise<void> {
    const tables = this.listTables(name);
    const seqs = this.listSequences(name);
    const views = this.listViews(name);
    const types = this.listTypes(name);
    await this.persist([
      { type: 'del', key: catalogKey('namespace', name) },
      ...views.map((v): KvOp => ({ type: 'del', key: catalogKey('view', `${v.namespace}.${v.name}`) })),
      ...tables.map((t): KvOp => ({ type: 'del', key: catalogKey('table', `${t.namespace}.${t.name}`) })),
      ...seqs.map((s): KvOp => ({ type: 'del', key: catalogKey('sequence', `${s.namespace}.${s.name}`) })),
      ...types.map((t): KvOp => ({ type: 'del', key: catalogKey('type', `${t.namespace}.${t.name}`) })),
      ...extra,
    ]);
    for (const t of types) {
      this.types.delete(`${t.namespace}.${t.name}`);
      unregisterEnumType(t);
    }
    for (const t of tables) this.unindexTable(t);
    for (const s of seqs) this.sequences.delete(`${s.namespace}.${s.name}`);
    for (const v of views) this.views.delete(`${v.namespace}.${v.name}`);
    this.namespaces.delete(name);
  }

  // ── tables ─────────────────────────────────────────────────────────────────
  table(namespace: string, name: string): TableDefinition | undefined {
    return this.tables.get(`${namespace}.${name}`);
  }

  tableById(id: number): TableDefinition | undefined {
    return this.tablesById.get(id);
  }

  listTables(namespace?: string): TableDefinition[] {
    const all = [...this.tables.values()];
    return (namespace === undefined ? all : all.filter((t) => t.namespace === namespace)).sort(
      (a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
    );
  }

  /** Creates or replaces a table definition, with any sequences that come with it. */
  async putTable(def: TableDefinition, sequences: SequenceDefinition[] = [], replaces?: TableDefinition): Promise<void> {
    const ops: KvOp[] = [];
    if (replaces && (replaces.namespace !== def.namespace || replaces.name !== def.name)) {
      ops.push({ type: 'del', key: catalogKey('table', `${replaces.namespace}.${replaces.name}`) });
    }
    ops.push({ type: 'put', key: catalogKey('table', `${def.namespace}.${def.name}`), value: encodeRecord(def) });
    const moved = sequences.map((s) => this.sequenceMovedBy(s)).filter((m) => m !== undefined);
    for (const m of moved) ops.push({ type: 'del', key: catalogKey('sequence', m) });
    for (const s of sequences) {
      ops.push({ type: 'put', key: catalogKey('sequence', `${s.namespace}.${s.name}`), value: encodeRecord(s) });
    }
    await this.persist(ops);
    if (replaces) this.unindexTable(replaces);
    this.indexTable(def);
    for (const m of moved) this.sequences.delete(m);
    for (const s of sequences) this.sequences.set(`${s.namespace}.${s.name}`, s);
  }

  /** The key `s` (by id) is stored under now, if that is not its own: it is being renamed or moved. */
  private sequenceMovedBy(s: SequenceDefinition): string | undefined {
    for (const [key, x] of this.sequences) if (x.id === s.id && key !== `${s.namespace}.${s.name}`) return key;
    return undefined;
  }

  /** The sequences a table's columns own (serial, identity): they go with it. */
  ownedSequences(def: TableDefinition): SequenceDefinition[] {
    return [...this.sequences.values()].filter((s) => s.ownedBy?.startsWith(`${def.namespace}.${def.name}.`));
  }

  /** Removes the definition, its owned sequences, and whatever row deletions the caller adds. */
  async dropTable(def: TableDefinition, extra: KvOp[] = []): Promise<void> {
    const owned = this.ownedSequences(def);
    await this.persist([
      { type: 'del', key: catalogKey('table', `${def.namespace}.${def.name}`) },
      ...owned.map((s): KvOp => ({ type: 'del', key: catalogKey('sequence', `${s.namespace}.${s.name}`) })),
      ...extra,
    ]);
    this.unindexTable(def);
    for (const s of owned) this.sequences.delete(`${s.namespace}.${s.name}`);
  }

  private indexTable(t: TableDefinition): void {
    this.tables.set(`${t.namespace}.${t.name}`, t);
    this.tablesById.set(t.id, t);
    for (const i of t.indexes ?? []) this.indexes.set(`${t.namespace}.${i.name}`, { table: t, index: i });
  }

  private unindexTable(t: TableDefinition): void {
    this.tables.delete(`${t.namespace}.${t.name}`);
    this.tablesById.delete(t.id);
    for (const i of t.indexes ?? []) {
      const key = `${t.namespace}.${i.name}`;
      if (this.indexes.get(key)?.table.id === t.id) this.indexes.delete(key);
    }
  }

  /** Tables, views, sequences and indexes share one name space per schema, as in pg_class. */
  relationExists(namespace: string, name: string): boolean {
    const key = `${namespace}.${name}`;
    return this.tables.has(key) || this.views.has(key) || this.sequences.has(key) || this.indexes.has(key);
  }

  /** An index by its name, with the table it belongs to. */
  index(namespace: string, name: string): { readonly table: TableDefinition; readonly index: IndexDefinition } | undefined {
    return this.indexes.get(`${namespace}.${name}`);
  }

  /** Constraint names are unique per schema for unnamed ones PostgreSQL chooses (ChooseConstraintName). */
  constraintExists(namespace: string, name: string): boolean {
    for (const t of this.tables.values()) {
      if (t.namespace === namespace && t.constraints?.some((c) => c.name === name)) return true;
    }
    return false;
  }

  /** Tables with a foreign key referencing the table with this OID (itself included). */
  referencingTables(oid: number): TableDefinition[] {
    return [...this.tables.values()].filter((t) => t.constraints?.some((c) => c.kind === 'f' && c.references?.tableOid === oid));
  }

  tableByOid(oid: number): TableDefinition | undefined {
    for (const t of this.tables.values()) if (t.oid === oid) return t;
    return undefined;
  }

  // ── views ──────────────────────────────────────────────────────────────────
  view(namespace: string, name: string): ViewDefinition | undefined {
    return this.views.get(`${namespace}.${name}`);
  }

  listViews(namespace?: string): ViewDefinition[] {
    const all = [...this.views.values()];
    return (namespace === undefined ? all : all.filter((v) => v.namespace === namespace)).sort(
      (a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
    );
  }

  /** Views that read the relation with this OID directly. */
  viewsDependingOn(oid: number): ViewDefinition[] {
    return this.listViews().filter((v) => v.dependsOn.includes(oid));
  }

  /** Creates or replaces (same name) a view. */
  async putView(v: ViewDefinition): Promise<void> {
    await this.persist([{ type: 'put', key: catalogKey('view', `${v.namespace}.${v.name}`), value: encodeRecord(v) }]);
    this.views.set(`${v.namespace}.${v.name}`, v);
  }

  async dropViews(views: readonly ViewDefinition[]): Promise<void> {
    if (views.length === 0) return;
    await this.persist(views.map((v): KvOp => ({ type: 'del', key: catalogKey('view', `${v.namespace}.${v.name}`) })));
    for (const v of views) this.views.delete(`${v.namespace}.${v.name}`);
  }

  // ── sequences ──────────────────────────────────────────────────────────────
  sequence(namespace: string, name: string): SequenceDefinition | undefined {
    return this.sequences.get(`${namespace}.${name}`);
  }

  listSequences(namespace?: string): SequenceDefinition[] {
    const all = [...this.sequences.values()];
    return namespace === undefined ? all : all.filter((s) => s.namespace === namespace);
  }

  /** Stores `s`, replacing the sequence of the same id if it was stored under another name (a move). */
  async putSequence(s: SequenceDefinition): Promise<void> {
    const moved = this.sequenceMovedBy(s);
    await this.persist([
      ...(moved ? [{ type: 'del' as const, key: catalogKey('sequence', moved) }] : []),
      { type: 'put', key: catalogKey('sequence', `${s.namespace}.${s.name}`), value: encodeRecord(s) },
    ]);
    if (moved) this.sequences.delete(moved);
    this.sequences.set(`${s.namespace}.${s.name}`, s);
  }

  async dropSequence(s: SequenceDefinition): Promise<void> {
    await this.persist([{ type: 'del', key: catalogKey('sequence', `${s.namespace}.${s.name}`) }]);
    this.sequences.delete(`${s.namespace}.${s.name}`);
  }

  // ── types ──────────────────────────────────────────────────────────────────
  type(namespace: string, name: string): EnumTypeDefinition | undefined {
    return this.types.get(`${namespace}.${name}`);
  }

  listTypes(namespace?: string): EnumTypeDefinition[] {
    const all = [...this.types.values()];
    return (namespace === undefined ? all : all.filter((t) => t.namespace === namespace)).sort((a, b) => a.oid - b.oid);
  }

  /** Creates or replaces (same OID, possibly a new name) a type. */
  async putType(t: EnumTypeDefinition, replaces?: EnumTypeDefinition): Promise<void> {
    const ops: KvOp[] = [];
    if (replaces && (replaces.namespace !== t.namespace || replaces.name !== t.name)) {
      ops.push({ type: 'del', key: catalogKey('type', `${replaces.namespace}.${replaces.name}`) });
    }
    ops.push({ type: 'put', key: catalogKey('type', `${t.namespace}.${t.name}`), value: encodeRecord(t) });
    await this.persist(ops);
    if (replaces) this.types.delete(`${replaces.namespace}.${replaces.name}`);
    this.indexType(t);
  }

  async dropTypes(types: readonly EnumTypeDefinition[]): Promise<void> {
    if (types.length === 0) return;
    await this.persist(types.map((t): KvOp => ({ type: 'del', key: catalogKey('type', `${t.namespace}.${t.name}`) })));
    for (const t of types) {
      this.types.delete(`${t.namespace}.${t.name}`);
      unregisterEnumType(t);
    }
  }

  /** The server is closing: its types leave the process-wide type registry. */
  release(): void {
    for (const t of this.types.values()) unregisterEnumType(t);
  }

  private indexType(t: EnumTypeDefinition): void {
    this.types.set(`${t.namespace}.${t.name}`, t);
    registerEnumType(t);
  }

  // ── users ──────────────────────────────────────────────────────────────────
  user(name: string): UserDefinition | undefined {
    return this.users.get(name);
  }

  listUsers(): UserDefinition[] {
    return [...this.users.values()].sort((a, b) => a.oid - b.oid);
  }

  async putUser(u: UserDefinition): Promise<void> {
    await this.persist([{ type: 'put', key: catalogKey('user', u.name), value: encodeRecord(u) }]);
    this.users.set(u.name, u);
  }

  async dropUser(name: string): Promise<void> {
    if (!this.users.has(name)) throw Errors.undefinedObject(`role "${name}" does not exist`);
    await this.persist([{ type: 'del', key: catalogKey('user', name) }]);
    this.users.delete(name);
  }

  // ── storages ───────────────────────────────────────────────────────────────
  storage(id: string): StorageDefinition | undefined {
    return this.storages.get(id);
  }

  listStorages(): StorageDefinition[] {
    return [...this.storages.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Creates or replaces (same id) a storage. */
  async putStorage(s: StorageDefinition): Promise<void> {
    await this.persist([{ type: 'put', key: catalogKey('storage', s.id), value: encodeRecord(s) }]);
    this.storages.set(s.id, s);
  }

  async dropStorage(id: string): Promise<void> {
    await this.persist([{ type: 'del', key: catalogKey('storage', id) }]);
    this.storages.delete(id);
  }

  /** The tables whose segments go to storage `id`: while there are any, it cannot be dropped. */
  tablesUsingStorage(id: string): TableDefinition[] {
    return this.listTables().filter((t) => t.options.storageId === id);
  }
}
