/** system.*: KalamDB's own view of its catalogs, read with plain SQL. */
import { qualifiedName } from '../catalog/table-definition.js';
import type { Value } from '../types/kalam-type.js';
import { T, cols, isoToMicros } from './column-types.js';
import { declaredType, defaultText } from './describe-column.js';
import { seesEveryone, type SystemContext, type VirtualTable } from './virtual-table.js';
import { stats } from './system-stats.js';
import { auditLog } from './system-audit-log.js';
import { liveQueries } from './system-live-queries.js';

const NS = 'system';

export const namespaces: VirtualTable = {
  namespace: NS,
  name: 'namespaces',
  oid: 14001,
  columns: cols({ namespace_id: T.text, name: T.text, owner: T.text, table_count: T.int4, created_at: T.timestamptz }),
  rows(ctx: SystemContext): Value[][] {
    return ctx.schema.listNamespaces().map((ns) => [
      ns.name, ns.name, ns.owner, ctx.schema.listTables(ns.name).length, isoToMicros(ns.createdAt),
    ]);
  },
};

export const tables: VirtualTable = {
  namespace: NS,
  name: 'tables',
  oid: 14002,
  columns: cols({
    table_id: T.text, namespace: T.text, table_name: T.text, table_type: T.text, owner: T.text,
    storage_id: T.text, flush_policy: T.text, access_level: T.text, ttl_seconds: T.int8,
    schema_version: T.int4, column_count: T.int4, primary_key: T.text, comment: T.text,
    created_at: T.timestamptz, updated_at: T.timestamptz,
  }),
  rows(ctx: SystemContext): Value[][] {
    return ctx.schema.listTables().map((t) => {
      const fp = t.options.flushPolicy;
      const flush = fp ? [fp.rows !== undefined ? `rows:${fp.rows}` : '', fp.intervalSeconds !== undefined ? `interval:${fp.intervalSeconds}` : ''].filter(Boolean).join(',') : null;
      return [
        qualifiedName(t), t.namespace, t.name, t.tableType, t.owner, t.options.storageId, flush,
        t.options.accessLevel ?? null, t.options.ttlSeconds !== undefined ? BigInt(t.options.ttlSeconds) : null,
        t.schemaVersion, t.columns.length,
        t.primaryKey.map((o) => t.columns.find((c) => c.ordinal === o)?.name).join(',') || null,
        t.comment ?? null, isoToMicros(t.createdAt), isoToMicros(t.updatedAt),
      ];
    });
  },
};

export const columns: VirtualTable = {
  namespace: NS,
  name: 'columns',
  oid: 14003,
  columns: cols({
    table_id: T.text, namespace: T.text, table_name: T.text, column_name: T.text, ordinal_position: T.int4,
    data_type: T.text, is_nullable: T.bool, is_primary_key: T.bool, default_value: T.text, column_comment: T.text,
  }),
  rows(ctx: SystemContext): Value[][] {
    return ctx.schema.listTables().flatMap((t) =>
      t.columns.map((c) => [
        qualifiedName(t), t.namespace, t.name, c.name, c.ordinal, declaredType(c), c.nullable, c.primaryKey,
        defaultText(c), c.comment ?? null,
      ]),
    );
  },
};

export const tableSchemas: VirtualTable = {
  namespace: NS,
  name: 'table_schemas',
  oid: 14004,
  columns: cols({
    table_id: T.text, namespace: T.text, table_name: T.text, version: T.int4, created_at: T.timestamptz,
    changes: T.text, column_count: T.int4, columns: T.json, is_current: T.bool,
  }),
  rows(ctx: SystemContext): Value[][] {
    return ctx.schema.listTables().flatMap((t) =>
      t.history.map((h) => [
        qualifiedName(t), t.namespace, t.name, h.version, isoToMicros(h.createdAt), h.changes, h.columnCount,
        JSON.stringify(h.columns.map((c) => ({ name: c.name, ordinal: c.ordinal, type: declaredType(c), nullable: c.nullable, primary_key: c.primaryKey }))),
        h.version === t.schemaVersion,
      ]),
    );
  },
};

export const users: VirtualTable = {
  namespace: NS,
  name: 'users',
  oid: 14005,
  columns: cols({
    user_id: T.text, username: T.text, role: T.text, auth_type: T.text, email: T.text, can_login: T.bool,
    created_at: T.timestamptz, valid_until: T.text, connection_limit: T.int4, failed_login_attempts: T.int4,
    locked_until: T.timestamptz, last_login_at: T.timestamptz,
  }),
  rows(ctx: SystemContext): Value[][] {
    const visible = seesEveryone(ctx.user) ? ctx.schema.listUsers() : ctx.schema.listUsers().filter((u) => u.name === ctx.user.name);
    const micros = (iso: string | null) => (iso === null ? null : isoToMicros(iso));
    return visible.map((u) => {
      const login = ctx.loginState(u.name);
      return [
        u.id, u.name, u.role, u.authMethod, u.email ?? null, u.canLogin, isoToMicros(u.createdAt), u.validUntil ?? null,
        u.connectionLimit ?? -1, login.failedAttempts, micros(login.lockedUntil), micros(login.lastLoginAt),
      ];
    });
  },
};

/** Storages (seeds 002/003: the base directory is shown as `uri`; credentials only ever masked). */
export const storages: VirtualTable = {
  namespace: NS,
  name: 'storages',
  oid: 14006,
  columns: cols({
    storage_id: T.text, storage_name: T.text, description: T.text, storage_type: T.text, uri: T.text,
    credentials: T.text, shared_tables_template: T.text, user_tables_template: T.text, table_count: T.int4,
    created_at: T.timestamptz, updated_at: T.timestamptz,
  }),
  rows(ctx: SystemContext): Value[][] {
    return ctx.schema.listStorages().map((s) => [
      s.id, s.name, s.description ?? null, s.storageType, ctx.storageDirectory(s), null,
      s.sharedTablesTemplate, s.userTablesTemplate, ctx.schema.tablesUsingStorage(s.id).length,
      isoToMicros(s.createdAt), isoToMicros(s.updatedAt),
    ]);
  },
};

/** Background jobs, oldest first; users below dba see the jobs of their own partition only. */
export const jobs: VirtualTable = {
  namespace: NS,
  name: 'jobs',
  oid: 14007,
  columns: cols({
    job_id: T.text, job_type: T.text, status: T.text, namespace: T.text, table_name: T.text, user_id: T.text,
    rows: T.int8, bytes: T.int8, progress: T.text, error: T.text, parameters: T.json,
    created_at: T.timestamptz, started_at: T.timestamptz, finished_at: T.timestamptz,
  }),
  rows(ctx: SystemContext): Value[][] {
    const all = ctx.jobs();
    const visible = seesEveryone(ctx.user) ? all : all.filter((j) => j.userId === ctx.user.id);
    const micros = (iso: string | undefined) => (iso === undefined ? null : isoToMicros(iso));
    const int8 = (n: number | null) => (n === null ? null : BigInt(n));
    return visible.map((j) => [
      j.id, j.kind, j.status, j.table?.namespace ?? null, j.table?.name ?? null, j.userId ?? null,
      int8(j.rows), int8(j.bytes), j.progress ?? null, j.error ?? null,
      j.params === undefined ? null : JSON.stringify(j.params),
      micros(j.createdAt), micros(j.startedAt), micros(j.finishedAt),
    ]);
  },
};

export const SYSTEM_TABLES: readonly VirtualTable[] = [namespaces, tables, columns, tableSchemas, users, storages, jobs, stats, auditLog, liveQueries];
