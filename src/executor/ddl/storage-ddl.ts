/**
 * CREATE / ALTER / DROP STORAGE (dba and system roles). Storages are catalog records with no data
 * of their own, so all three are transactional: inside BEGIN … ROLLBACK they are undone.
 *
 *   CREATE STORAGE archive TYPE 'filesystem' BASE_DIRECTORY '/srv/archive'
 *       [NAME '…'] [DESCRIPTION '…'] [SHARED_TABLES_TEMPLATE '…'] [USER_TABLES_TEMPLATE '…']
 *   ALTER STORAGE archive SET DESCRIPTION '…' SET USER_TABLES_TEMPLATE '…'
 *   DROP STORAGE [IF EXISTS] archive          refused (2BP01) while tables use it, and for local
 *
 * A storage's base directory never changes once created, and its templates only while no table
 * uses it: the segments already written under the old paths would otherwise be lost to reads.
 */
import { LOCAL_STORAGE_ID } from '../../catalog/builtin-storage.js';
import {
  checkTemplate, DEFAULT_SHARED_TABLES_TEMPLATE, DEFAULT_USER_TABLES_TEMPLATE,
} from '../../catalog/storage-templates.js';
import { qualifiedName, type StorageDefinition, type TableDefinition } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import type { AlterStorage, CreateStorage, DropStorage } from '../../sql/kalam/statement.js';
import type { StatementResult } from '../prepared-statement.js';
import { requireDba } from '../require-dba.js';
import type { SessionContext } from '../session-context.js';
import { recordCreatedStorage, recordReplacedStorage } from './ddl-undo.js';
import { checkBaseDirectory } from './storage-base-directory.js';

/** At most this many dependent tables are named in an error's DETAIL. */
const NAMED_TABLES = 10;

function undefinedStorage(id: string): SqlError {
  return new SqlError('42704', `storage "${id}" does not exist`, { hint: 'SHOW STORAGES lists them.' });
}

function tableCount(n: number): string {
  return n === 1 ? '1 table uses it' : `${n} tables use it`;
}

/** DETAIL naming the tables that use a storage, as PostgreSQL lists dependent objects. */
function usersDetail(id: string, tables: readonly TableDefinition[]): string {
  const named = tables.slice(0, NAMED_TABLES).map((t) => `table ${qualifiedName(t)} uses storage ${id}`);
  if (tables.length > NAMED_TABLES) named.push(`and ${tables.length - NAMED_TABLES} other tables`);
  return named.join('\n');
}

export async function createStorage(ctx: SessionContext, s: CreateStorage): Promise<StatementResult> {
  requireDba(ctx, 'create storage');
  const tag = 'CREATE STORAGE';
  if (s.storageType !== 'filesystem') {
    throw Errors.featureNotSupported(`storage type '${s.storageType}' is not supported yet`, "Only TYPE 'filesystem' storages can be created.");
  }
  const schema = ctx.db.schema;
  if (schema.storage(s.storageId)) {
    if (s.ifNotExists) {
      ctx.notice('42710', `storage "${s.storageId}" already exists, skipping`);
      return { tag };
    }
    throw Errors.duplicateObject(`storage "${s.storageId}" already exists`);
  }
  if (s.credentials !== undefined) {
    throw Errors.invalidParameterValue('CREDENTIALS apply to object stores: a filesystem storage takes none');
  }
  const paths = ctx.db.storagePaths;
  const baseDirectory = checkBaseDirectory(s.baseDirectory, schema, paths.dataDir, (other) => paths.baseDirectory(other));
  const now = new Date().toISOString();
  const storage: StorageDefinition = {
    id: s.storageId,
    name: s.name ?? s.storageId,
    ...(s.description !== undefined ? { description: s.description } : {}),
    storageType: 'filesystem',
    baseDirectory,
    sharedTablesTemplate: checkTemplate('shared', s.sharedTablesTemplate ?? DEFAULT_SHARED_TABLES_TEMPLATE),
    userTablesTemplate: checkTemplate('user', s.userTablesTemplate ?? DEFAULT_USER_TABLES_TEMPLATE),
    createdAt: now,
    updatedAt: now,
  };
  await schema.putStorage(storage);
  recordCreatedStorage(ctx, storage);
  return { tag };
}

export async function alterStorage(ctx: SessionContext, s: AlterStorage): Promise<StatementResult> {
  requireDba(ctx, 'alter storage');
  const schema = ctx.db.schema;
  const old = schema.storage(s.storageId);
  if (!old) throw undefinedStorage(s.storageId);
  const { name, description, sharedTablesTemplate, userTablesTemplate, baseDirectory, credentials } = s.changes;
  if (baseDirectory !== undefined) {
    throw Errors.featureNotSupported('ALTER STORAGE cannot change BASE_DIRECTORY: the segments already there would be left behind',
      'Create a new storage for the new directory.');
  }
  if (credentials !== undefined) throw Errors.invalidParameterValue('CREDENTIALS apply to object stores: a filesystem storage takes none');
  const shared = sharedTablesTemplate === undefined ? old.sharedTablesTemplate : checkTemplate('shared', sharedTablesTemplate);
  const user = userTablesTemplate === undefined ? old.userTablesTemplate : checkTemplate('user', userTablesTemplate);
  if (shared !== old.sharedTablesTemplate || user !== old.userTablesTemplate) {
    const using = schema.tablesUsingStorage(old.id);
    if (using.length > 0) {
      throw new SqlError('55006', `cannot change the path templates of storage ${old.id} because ${tableCount(using.length)}`, {
        detail: usersDetail(old.id, using),
        hint: 'Segments already written under the old paths would no longer be found. Templates can change while no table uses the storage.',
      });
    }
  }
  const next: StorageDefinition = {
    ...old,
    name: name ?? old.name,
    ...(description !== undefined ? { description } : {}),
    sharedTablesTemplate: shared,
    userTablesTemplate: user,
    updatedAt: new Date().toISOString(),
  };
  await schema.putStorage(next);
  recordReplacedStorage(ctx, old);
  return { tag: 'ALTER STORAGE' };
}

export async function dropStorage(ctx: SessionContext, s: DropStorage): Promise<StatementResult> {
  requireDba(ctx, 'drop storage');
  const tag = 'DROP STORAGE';
  const schema = ctx.db.schema;
  if (s.storageId === LOCAL_STORAGE_ID) {
    throw Errors.dependentObjects(`cannot drop storage ${LOCAL_STORAGE_ID} because it is required by the database system`);
  }
  const storage = schema.storage(s.storageId);
  if (!storage) {
    if (s.ifExists) {
      ctx.notice('00000', `storage "${s.storageId}" does not exist, skipping`);
      return { tag };
    }
    throw undefinedStorage(s.storageId);
  }
  const using = schema.tablesUsingStorage(storage.id);
  if (using.length > 0) {
    throw new SqlError('2BP01', `cannot drop storage ${storage.id} because ${tableCount(using.length)}`, {
      detail: usersDetail(storage.id, using),
      hint: 'Drop those tables first, or create them again in another storage.',
    });
  }
  await schema.dropStorage(storage.id);
  recordReplacedStorage(ctx, storage);
  return { tag };
}
