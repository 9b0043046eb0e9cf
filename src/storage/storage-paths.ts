/**
 * StoragePaths: which directory holds a table's segments, and the backend that writes there.
 *
 *   storagePath(app.messages, 'u16385')   USER table    → <base>/app/messages/u16385
 *   storagePath(app.prices)               SHARED table  → <base>/app/prices
 *
 * The table's part of the path ({namespace}, {tableName} substituted into its storage's template,
 * {userId} and {shard} kept) is cached per table definition, as seed 002's TableCache does. The
 * cache needs no invalidation calls: definitions are immutable and replaced whole on every change,
 * so the entry is keyed by the table's definition object (a renamed or altered table is a new
 * object, a dropped one is collected) and remembers the storage definition it was made from (an
 * ALTER STORAGE replaces that object, and the next lookup recomputes).
 */
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SchemaStore } from '../catalog/schema-store.js';
import { substituteTable, substituteUser } from '../catalog/storage-templates.js';
import { qualifiedName, type StorageDefinition, type TableDefinition } from '../catalog/table-definition.js';
import { Errors } from '../errors/sql-error.js';
import { FilesystemBackend } from './filesystem-backend.js';
import type { StorageBackend } from './storage-backend.js';

/** A base directory as written (a path, relative ones under the data directory, or a file:// URI) made absolute. */
export function resolveBaseDirectory(given: string, dataDir: string): string {
  const path = given.startsWith('file://') ? fileURLToPath(given) : given;
  return isAbsolute(path) ? resolve(path) : resolve(dataDir, path);
}

interface TablePart {
  readonly storage: StorageDefinition;
  readonly base: string;
  /** Relative to the base, with {userId} / {shard} still in it for USER tables. */
  readonly partial: string;
}

export class StoragePaths {
  private readonly parts = new WeakMap<TableDefinition, TablePart>();
  private readonly backends = new WeakMap<StorageDefinition, StorageBackend>();

  constructor(private readonly schema: SchemaStore, readonly dataDir: string) {}

  /**
   * The directory of a table's segments: of one user's partition for a USER table (`userId` is the
   * partition, the user's id), of the whole table for SHARED and STREAM tables (no `userId`).
   * Pass the table's current definition.
   */
  storagePath(table: TableDefinition, userId?: string): string {
    const { base, partial } = this.tablePart(table);
    if (table.tableType === 'USER') {
      if (userId === undefined) throw Errors.internal(`storagePath of USER table ${qualifiedName(table)} needs a user id`);
      return join(base, substituteUser(partial, userId));
    }
    if (userId !== undefined) throw Errors.internal(`storagePath of ${table.tableType} table ${qualifiedName(table)} takes no user id`);
    return join(base, partial);
  }

  /** The backend that reads and writes the table's storage. */
  backendOf(table: TableDefinition): StorageBackend {
    return this.backend(this.tablePart(table).storage);
  }

  /** The backend of a storage (one per definition). */
  backend(storage: StorageDefinition): StorageBackend {
    let b = this.backends.get(storage);
    if (!b) {
      if (storage.storageType !== 'filesystem') {
        throw Errors.featureNotSupported(`storage type '${String(storage.storageType)}' is not supported yet`);
      }
      b = new FilesystemBackend(this.baseDirectory(storage));
      this.backends.set(storage, b);
    }
    return b;
  }

  baseDirectory(storage: StorageDefinition): string {
    return resolveBaseDirectory(storage.baseDirectory, this.dataDir);
  }

  private tablePart(table: TableDefinition): TablePart {
    const storage = this.schema.storage(table.options.storageId);
    if (!storage) throw Errors.undefinedObject(`storage "${table.options.storageId}" of table ${qualifiedName(table)} does not exist`);
    const cached = this.parts.get(table);
    if (cached && cached.storage === storage) return cached;
    if (table.tableType === 'SYSTEM') throw Errors.internal(`system table ${qualifiedName(table)} has no storage path`);
    const template = table.tableType === 'USER' ? storage.userTablesTemplate : storage.sharedTablesTemplate;
    const part = { storage, base: this.baseDirectory(storage), partial: substituteTable(template, table) };
    this.parts.set(table, part);
    return part;
  }
}
