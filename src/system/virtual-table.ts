/**
 * A table computed on read from the schema store and the other catalogs — never a second copy
 * that can drift (DESIGN.md section 6).
 */
import type { CatalogLookup } from '../binder/expr/catalog-lookup.js';
import type { RelationStatsLookup } from '../binder/expr/relation-stats.js';
import type { StorageDefinition, UserDefinition } from '../catalog/table-definition.js';
import type { JobView } from '../jobs/job-record.js';
import type { SchemaStore } from '../catalog/schema-store.js';
import type { ColumnType, Value } from '../types/kalam-type.js';
import type { BackendActivity } from '../session/backend-registry.js';
import type { SettingState } from '../session/settings.js';
import type { LoginState } from '../auth/login-guard.js';
import type { AuditEntry } from '../audit/audit-log.js';
import type { LiveQueryView } from './system-live-queries.js';
import type { ServerStat } from '../metrics/server-stats.js';

export interface VirtualColumn {
  readonly name: string;
  readonly type: ColumnType;
}

export interface SystemContext {
  readonly schema: SchemaStore;
  readonly user: UserDefinition;
  readonly database: string;
  readonly startedAt: number;
  /** The catalog through the reading session's search path. */
  readonly catalog: CatalogLookup;
  /** The reading session's settings (pg_settings). */
  readonly settings: () => readonly SettingState[];
  /** The connected sessions (pg_stat_activity). */
  readonly backends: () => readonly BackendActivity[];
  /** Background jobs, oldest first (system.jobs). */
  readonly jobs: () => readonly JobView[];
  /** A storage's base directory, resolved against the data directory (system.storages). */
  readonly storageDirectory: (storage: StorageDefinition) => string;
  /** Row counts and sizes by pg_class OID (pg_class.reltuples and relpages). */
  readonly relationStats: RelationStatsLookup;
  /** A user's failed logins and lockout (system.users). */
  readonly loginState: (user: string) => LoginState;
  /** system.audit_log's entries, oldest first. */
  readonly auditEntries: () => readonly AuditEntry[];
  /** The live queries (SUBSCRIBE) of every session (system.live_queries). */
  readonly liveQueries: () => readonly LiveQueryView[];
  /** system.stats' figures, measured now (metrics/server-stats.ts). */
  readonly serverStats: () => readonly ServerStat[];
  /** Live queries subscribed now (system.stats' total_live_queries). */
  readonly liveQueryCount: () => number;
}

export interface VirtualTable {
  readonly namespace: string;
  readonly name: string;
  readonly oid: number;
  readonly columns: readonly VirtualColumn[];
  rows(ctx: SystemContext): Value[][];
}

/** Users below dba see only themselves in system tables that list other users. */
export function seesEveryone(user: UserDefinition): boolean {
  return user.role === 'dba' || user.role === 'system';
}
