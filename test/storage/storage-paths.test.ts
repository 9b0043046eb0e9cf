import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLocalStorage } from '../../src/catalog/builtin-storage.js';
import { SchemaStore } from '../../src/catalog/schema-store.js';
import { shardOf } from '../../src/catalog/storage-templates.js';
import type { StorageDefinition, TableDefinition, TableType } from '../../src/catalog/table-definition.js';
import { KvStore } from '../../src/storage/kv-store.js';
import { resolveBaseDirectory, StoragePaths } from '../../src/storage/storage-paths.js';
import { KalamDataType } from '../../src/types/kalam-type.js';

const dir = mkdtempSync(join(tmpdir(), 'storage-paths-'));
let kv: KvStore;
let schema: SchemaStore;
let paths: StoragePaths;

beforeAll(async () => {
  kv = await KvStore.open(join(dir, 'rocksdb'));
  schema = await SchemaStore.open(kv);
  await ensureLocalStorage(schema);
  paths = new StoragePaths(schema, dir);
});
afterAll(async () => {
  await kv.close();
  rmSync(dir, { recursive: true, force: true });
});

let nextId = 1;
function table(name: string, tableType: TableType, storageId = 'local', namespace = 'app'): TableDefinition {
  const id = nextId++;
  const columns = [{ name: 'id', ordinal: 1, type: { kalam: KalamDataType.BIGINT, oid: 20, typmod: -1 }, nullable: false, primaryKey: true, default: { kind: 'none' as const } }];
  return {
    id, oid: 50000 + id, namespace, name, tableType, columns, primaryKey: [1], options: { storageId },
    schemaVersion: 1, history: [], owner: 'postgres', createdAt: '', updatedAt: '', nextOrdinal: 2,
  };
}

const archive = (over: Partial<StorageDefinition> = {}): StorageDefinition => ({
  id: 'archive', name: 'archive', storageType: 'filesystem', baseDirectory: join(dir, 'cold'),
  sharedTablesTemplate: 'shared/{namespace}/{tableName}', userTablesTemplate: '{shard}/{namespace}/{tableName}/{userId}',
  createdAt: '', updatedAt: '', ...over,
});

describe('StoragePaths', () => {
  it('puts local segments under <data-dir>/storage: {namespace}/{tableName}[/{userId}]', async () => {
    const shared = table('prices', 'SHARED');
    const user = table('messages', 'USER');
    const stream = table('events', 'STREAM');
    expect(paths.storagePath(shared)).toBe(join(dir, 'storage', 'app', 'prices'));
    expect(paths.storagePath(user, 'u16385')).toBe(join(dir, 'storage', 'app', 'messages', 'u16385'));
    expect(paths.storagePath(user, 'u16386')).toBe(join(dir, 'storage', 'app', 'messages', 'u16386'));
    expect(paths.storagePath(stream)).toBe(join(dir, 'storage', 'app', 'events'));
    expect(() => paths.storagePath(user)).toThrow(/needs a user id/);
    expect(() => paths.storagePath(shared, 'u1')).toThrow(/takes no user id/);
    expect(paths.backendOf(user).base).toBe(join(dir, 'storage'));
  });

  it("follows the table's storage and its templates, and escapes names", async () => {
    await schema.putStorage(archive());
    const user = table('My Msgs', 'USER', 'archive', 'a/b');
    expect(paths.storagePath(user, 'u7')).toBe(join(dir, 'cold', shardOf('u7'), 'a%2Fb', 'My%20Msgs', 'u7'));
    expect(paths.storagePath(table('t', 'SHARED', 'archive'))).toBe(join(dir, 'cold', 'shared', 'app', 't'));
  });

  it('resolves again when the table or its storage is replaced, and not otherwise', async () => {
    await schema.putStorage(archive());
    const t = table('before', 'SHARED', 'archive');
    await schema.putTable(t);
    const first = paths.storagePath(t);
    expect(paths.storagePath(t)).toBe(first);
    // RENAME: a new definition, a new path.
    const renamed = { ...t, name: 'after' };
    await schema.putTable(renamed, [], t);
    expect(paths.storagePath(renamed)).toBe(join(dir, 'cold', 'shared', 'app', 'after'));
    // ALTER STORAGE: the cached part was made from the old storage object; the next call sees the new one.
    await schema.putStorage(archive({ sharedTablesTemplate: 'v2/{namespace}/{tableName}' }));
    expect(paths.storagePath(renamed)).toBe(join(dir, 'cold', 'v2', 'app', 'after'));
    await schema.dropTable(renamed);
  });

  it('answers 42704 for a table whose storage is gone, and 0A000 for a storage type not built', async () => {
    expect(() => paths.storagePath(table('orphan', 'SHARED', 'nowhere'))).toThrow(expect.objectContaining({ code: '42704' }));
    await schema.putStorage(archive({ id: 's3', storageType: 's3' as 'filesystem' }));
    expect(() => paths.storagePath(table('t', 'SHARED', 's3'))).not.toThrow();
    expect(() => paths.backendOf(table('t', 'SHARED', 's3'))).toThrow(expect.objectContaining({ code: '0A000' }));
    await schema.dropStorage('s3');
  });

  it('reads relative base directories under the data directory, and file:// URIs as paths', () => {
    expect(resolveBaseDirectory('storage', '/data')).toBe('/data/storage');
    expect(resolveBaseDirectory('/srv/cold/', '/data')).toBe('/srv/cold');
    expect(resolveBaseDirectory('file:///srv/cold', '/data')).toBe('/srv/cold');
  });
});
