/**
 * The schema store's records (DESIGN.md section 3): one TableDefinition per table is the only
 * truth that information_schema, pg_catalog, system.*, DESCRIBE and the executor read.
 */
import type { ColumnType } from '../types/kalam-type.js';
import type { AclItem } from './acl.js';

export type TableType = 'USER' | 'SHARED' | 'STREAM' | 'SYSTEM';
export type AccessLevel = 'PUBLIC' | 'PRIVATE' | 'RESTRICTED';

/**
 * A column default. Expressions are kept as libpg-query's JSON AST (bound on use) plus the text
 * PostgreSQL would show for them in information_schema.column_default.
 */
export type ColumnDefault =
  | { readonly kind: 'none' }
  | { readonly kind: 'expression'; readonly ast: Record<string, unknown>; readonly text: string }
  | { readonly kind: 'sequence'; readonly sequence: string };

export interface ColumnDefinition {
  readonly name: string;
  /** 1-based, unique, never reused nor renumbered. */
  readonly ordinal: number;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly primaryKey: boolean;
  readonly default: ColumnDefault;
  /** 'ALWAYS' | 'BY DEFAULT' for identity columns. */
  readonly identity?: 'ALWAYS' | 'BY DEFAULT';
  readonly comment?: string;
  /**
   * What rows written before this column existed read as: the ADD COLUMN default evaluated once,
   * in text form (PostgreSQL's attmissingval). Absent → NULL.
   */
  readonly missingValue?: string;
}

export interface FlushPolicy {
  readonly rows?: number;
  readonly intervalSeconds?: number;
}

export interface TableOptions {
  readonly storageId: string;
  readonly flushPolicy?: FlushPolicy;
  readonly accessLevel?: AccessLevel;
  readonly ttlSeconds?: number;
  readonly maxRows?: number;
}

export interface SchemaVersion {
  readonly version: number;
  readonly createdAt: string;
  readonly changes: string;
  readonly columnCount: number;
  /** The column list of that version (the Arrow schema is derived from it on demand). */
  readonly columns: readonly ColumnDefinition[];
}

export interface TableDefinition {
  /** Internal numeric id: the RocksDB key prefix. */
  readonly id: number;
  /** pg_class.oid; stable across restarts. */
  readonly oid: number;
  readonly namespace: string;
  readonly name: string;
  readonly tableType: TableType;
  /** Columns in ordinal order (dropped columns are gone; ordinals keep their gaps). */
  readonly columns: readonly ColumnDefinition[];
  /** Ordinals of the primary key columns in key order; empty → keyed by _seq. */
  readonly primaryKey: readonly number[];
  readonly options: TableOptions;
  readonly schemaVersion: number;
  readonly history: readonly SchemaVersion[];
  readonly owner: string;
  /** GRANTed privileges (pg_class.relacl); absent = PostgreSQL's default, the owner's alone. */
  readonly acl?: readonly AclItem[];
  readonly comment?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Next ordinal to hand out: ordinals are never reused. */
  readonly nextOrdinal: number;
  /** pg_type.oid of the table's row type (pg_class.reltype); absent on tables made before it existed. */
  readonly rowTypeOid?: number;
  /** pg_type.oid of the row type's array type (`_name`); absent on tables made before it existed. */
  readonly arrayTypeOid?: number;
  /** Indexes, the primary key's included (pg_index); absent = none recorded. */
  readonly indexes?: readonly IndexDefinition[];
  /** PRIMARY KEY, UNIQUE, CHECK and FOREIGN KEY constraints (pg_constraint); absent = none recorded. */
  readonly constraints?: readonly ConstraintDefinition[];
}

/** One index of a table (pg_class relkind 'i' + pg_index). */
export interface IndexDefinition {
  /** pg_class.oid of the index; stable across restarts. */
  readonly oid: number;
  readonly name: string;
  /** Key column ordinals, in index order (pg_index.indkey). */
  readonly columns: readonly number[];
  /** Per key column: DESC (pg_index.indoption bit 1). */
  readonly descending: readonly boolean[];
  /** Per key column: NULLS FIRST (pg_index.indoption bit 2). */
  readonly nullsFirst: readonly boolean[];
  readonly unique: boolean;
  /** The primary key's index: it has no entries of its own, the row key is the index. */
  readonly primary: boolean;
  /** Storage id (RocksDB key prefix) of the index entries; 0 for the primary key's. */
  readonly storageId: number;
  /** The access method when not a b-tree: 'hnsw', an ANN index over an EMBEDDING column (src/vector). */
  readonly method?: 'hnsw';
  /** hnsw: its operator class and build parameters. */
  readonly vector?: VectorIndexOptions;
}

/** pgvector's operator classes, one per distance: `<->`, `<=>`, `<#>`. */
export type VectorOpclass = 'vector_l2_ops' | 'vector_cosine_ops' | 'vector_ip_ops';

/** An hnsw index's operator class and parameters (pgvector's names and defaults). */
export interface VectorIndexOptions {
  readonly opclass: VectorOpclass;
  /** Links per node (WITH m = …, 2..100, default 16). */
  readonly m: number;
  /** Candidate list size while building (WITH ef_construction = …, 4..1000, default 64). */
  readonly efConstruction: number;
  /** pg_class.reloptions as given in WITH (…), e.g. ['m=16']; empty when none were. */
  readonly reloptions: readonly string[];
}

/** Whether an index is a b-tree (entries in RocksDB, index-access.ts), not a vector index. */
export function isBtree(index: IndexDefinition): boolean {
  return index.method === undefined;
}

/** pg_constraint.confupdtype/confdeltype: NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT. */
export type ReferentialAction = 'a' | 'r' | 'c' | 'n' | 'd';

/** One table constraint (pg_constraint). NOT NULL is a column property, as in PostgreSQL 15. */
export interface ConstraintDefinition {
  /** pg_constraint.oid; stable across restarts. */
  readonly oid: number;
  readonly name: string;
  /** pg_constraint.contype: p primary key, u unique, c check, f foreign key. */
  readonly kind: 'p' | 'u' | 'c' | 'f';
  /** Constrained column ordinals (conkey); for a CHECK, the columns its expression reads. */
  readonly columns: readonly number[];
  /** p/u: the index that enforces it; f: the referenced table's unique index (conindid). */
  readonly indexOid?: number;
  /** c: the expression (libpg-query JSON, bound on use) and its text as pg_get_constraintdef prints it. */
  readonly check?: { readonly ast: Record<string, unknown>; readonly text: string };
  /** f: what is referenced and what happens on change. */
  readonly references?: {
    readonly tableOid: number;
    readonly columns: readonly number[];
    readonly onUpdate: ReferentialAction;
    readonly onDelete: ReferentialAction;
    /** pg_constraint.confmatchtype: s simple, f full. */
    readonly match: 's' | 'f';
  };
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
  readonly validated: boolean;
}

export function qualifiedName(t: Pick<TableDefinition, 'namespace' | 'name'>): string {
  return `${t.namespace}.${t.name}`;
}

export interface NamespaceDefinition {
  readonly name: string;
  readonly oid: number;
  readonly owner: string;
  /** pg_namespace.nspacl; absent = the owner's alone. */
  readonly acl?: readonly AclItem[];
  /** ALTER DEFAULT PRIVILEGES … IN SCHEMA: grants `role`'s new tables or sequences here start with. */
  readonly defaultAcls?: readonly DefaultAcl[];
  readonly createdAt: string;
}

/** One pg_default_acl entry: what objects of a kind that `role` creates are granted from the start. */
export interface DefaultAcl {
  readonly role: string;
  readonly objects: 'table' | 'sequence';
  /** Grants made by `role` (the grantor) to others. */
  readonly acl: readonly AclItem[];
}

export interface SequenceDefinition {
  readonly id: number;
  readonly oid: number;
  readonly namespace: string;
  readonly name: string;
  readonly start: bigint;
  readonly increment: bigint;
  readonly min: bigint;
  readonly max: bigint;
  /** The column that owns it (serial/identity), as "table.column". */
  readonly ownedBy?: string;
  /** Who created it; absent on sequences made before owners were recorded (the owning table's, else the bootstrap superuser's). */
  readonly owner?: string;
  /** pg_class.relacl; absent = the owner's alone. */
  readonly acl?: readonly AclItem[];
}

export type KalamRole = 'user' | 'service' | 'dba' | 'system';
export type AuthMethod = 'scram-sha-256' | 'md5' | 'password';

export interface UserDefinition {
  readonly id: string;
  readonly oid: number;
  readonly name: string;
  readonly role: KalamRole;
  readonly canLogin: boolean;
  readonly authMethod: AuthMethod;
  /** PostgreSQL's rolpassword form: 'SCRAM-SHA-256$…' or 'md5…'; never shown to clients. */
  readonly password: string | null;
  readonly email?: string;
  readonly createdAt: string;
  /** VALID UNTIL: ISO timestamp or 'infinity'; the password stops working after it. Absent: forever. */
  readonly validUntil?: string | null;
  /** CONNECTION LIMIT: at most this many sessions at once (superusers exempt, as PostgreSQL); -1 or absent: no limit. */
  readonly connectionLimit?: number;
}

/**
 * A view: its columns are fixed when it is created (PostgreSQL expands `SELECT *` then), and its
 * query is kept as libpg-query's JSON AST with every `*` expanded and every relation name
 * schema-qualified, so neither a later ADD COLUMN nor a different search_path changes what it
 * means. Expanded like a subquery wherever it is named in FROM.
 */
export interface ViewDefinition {
  readonly oid: number;
  readonly namespace: string;
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: ColumnType }[];
  /** `{ SelectStmt: … }`, locations stripped: bound afresh on every use. */
  readonly query: Record<string, unknown>;
  /** The query as the user wrote it (information_schema.views.view_definition). */
  readonly text: string;
  /** Relations the query reads, by pg_class OID (tables and views). */
  readonly dependsOn: readonly number[];
  /** Table columns the query reads, as [table OID, ordinal]: what DROP COLUMN must respect. */
  readonly columnsUsed: readonly (readonly [number, number])[];
  readonly owner: string;
  /** pg_class.relacl; absent = the owner's alone. */
  readonly acl?: readonly AclItem[];
  readonly createdAt: string;
  /** pg_type.oid of the view's row type (pg_class.reltype); absent on views made before it existed. */
  readonly rowTypeOid?: number;
  /** pg_type.oid of the row type's array type (`_name`); absent on views made before it existed. */
  readonly arrayTypeOid?: number;
}

/**
 * A user-defined enum type (`CREATE TYPE mood AS ENUM (…)`) with its array type `_mood`: what
 * pg_type and pg_enum show. Labels keep their pg_enum OIDs and float4 sort orders, so ALTER TYPE …
 * ADD VALUE BEFORE/AFTER and RENAME VALUE change them exactly as PostgreSQL does.
 */
export interface EnumTypeDefinition {
  readonly kind: 'enum';
  readonly oid: number;
  readonly arrayOid: number;
  readonly namespace: string;
  readonly name: string;
  readonly labels: readonly { readonly oid: number; readonly label: string; readonly sortOrder: number }[];
  readonly owner: string;
  readonly comment?: string;
  readonly createdAt: string;
}

/**
 * A storage: where a table's cold segments go (DESIGN.md section 8). Tables name one by
 * `options.storageId`; its templates turn a table (and, for USER tables, a user) into a
 * directory under the base directory:
 *
 *   base '/srv/cold', USER_TABLES_TEMPLATE '{namespace}/{tableName}/{userId}'
 *   app.messages, user u16385  →  /srv/cold/app/messages/u16385
 */
export interface StorageDefinition {
  /** The name SQL uses (`STORAGE_ID = 'local'`, `DROP STORAGE local`). */
  readonly id: string;
  /** A display name (`NAME '…'`); the id when none was given. */
  readonly name: string;
  readonly description?: string;
  /** 'filesystem' is the only kind built; object stores ('s3', …) answer 0A000 until they are. */
  readonly storageType: 'filesystem';
  /** As written; a relative path lies under the data directory (the built-in `local` is 'storage'). */
  readonly baseDirectory: string;
  readonly sharedTablesTemplate: string;
  readonly userTablesTemplate: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}
