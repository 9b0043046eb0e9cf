/**
 * KalamDB's own statements, one typed node each (`kind` names the statement). They come from the
 * hand parser in this folder; everything else is PostgreSQL syntax and comes from libpg-query.
 * Names follow PostgreSQL's rule: unquoted identifiers folded to lower case, "quoted" kept as is.
 */
import type { ExecuteAs } from './execute-as.js';
import type { KillJob, KillLiveQuery } from './kill.js';
import type { CreateNamespace, DropNamespace, ShowNamespaces, UseNamespace } from './namespace.js';
import type { AlterStorage, CreateStorage, DropStorage, ShowStorages, StorageCompact, StorageFlush } from './storage.js';
import type { ShowStats } from './stats.js';
import type { Subscribe } from './subscribe.js';
import type { AlterTableAccessLevel, AlterTableCreateVectorIndex, DescribeTable, ShowTables } from './table.js';
import type { AlterUser, CreateUser, DropUser } from './user.js';

export type KalamStatement =
  | CreateNamespace
  | DropNamespace
  | ShowNamespaces
  | UseNamespace
  | ShowTables
  | DescribeTable
  | AlterTableAccessLevel
  | AlterTableCreateVectorIndex
  | StorageFlush
  | StorageCompact
  | CreateStorage
  | AlterStorage
  | DropStorage
  | ShowStorages
  | ShowStats
  | CreateUser
  | AlterUser
  | DropUser
  | ExecuteAs
  | Subscribe
  | KillLiveQuery
  | KillJob;

export type KalamStatementKind = KalamStatement['kind'];

export type { QualifiedName } from './cursor.js';
export type { ExecuteAs } from './execute-as.js';
export type { KillJob, KillLiveQuery } from './kill.js';
export type { CreateNamespace, DropNamespace, ShowNamespaces, UseNamespace } from './namespace.js';
export type { AlterStorage, CreateStorage, DropStorage, ShowStorages, StorageChanges, StorageCompact, StorageFlush, StorageJobScope } from './storage.js';
export type { ShowStats } from './stats.js';
export type { Subscribe, SubscribeOptions } from './subscribe.js';
export type { AlterTableAccessLevel, AlterTableCreateVectorIndex, DescribeTable, ShowTables } from './table.js';
export type { AlterUser, AuthType, CreateUser, DropUser, KalamRole, UserChange } from './user.js';
