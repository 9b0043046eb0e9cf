/**
 * The built-in `local` storage: segments under `<data-dir>/storage`, created on first start (and
 * on the first start of a data directory made before storages existed) and never droppable.
 * Its base directory is kept relative, so a data directory that moves takes its segments along.
 */
import type { SchemaStore } from './schema-store.js';
import type { StorageDefinition } from './table-definition.js';
import { DEFAULT_SHARED_TABLES_TEMPLATE, DEFAULT_USER_TABLES_TEMPLATE } from './storage-templates.js';

export const LOCAL_STORAGE_ID = 'local';

export function localStorageDefinition(now: string): StorageDefinition {
  return {
    id: LOCAL_STORAGE_ID,
    name: 'Local storage',
    description: 'Built-in filesystem storage under the data directory',
    storageType: 'filesystem',
    baseDirectory: 'storage',
    sharedTablesTemplate: DEFAULT_SHARED_TABLES_TEMPLATE,
    userTablesTemplate: DEFAULT_USER_TABLES_TEMPLATE,
    createdAt: now,
    updatedAt: now,
  };
}

export async function ensureLocalStorage(schema: SchemaStore): Promise<void> {
  if (!schema.storage(LOCAL_STORAGE_ID)) await schema.putStorage(localStorageDefinition(new Date().toISOString()));
}
