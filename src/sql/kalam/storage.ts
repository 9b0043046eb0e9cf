/**
 * Storages and the jobs that move rows into them:
 *
 *   STORAGE FLUSH TABLE app.messages        FLUSH TABLE app.messages          (older spelling)
 *   STORAGE FLUSH ALL [IN app]              FLUSH ALL TABLES [IN app]
 *   STORAGE COMPACT TABLE app.messages      STORAGE COMPACT ALL [IN app]
 *   CREATE STORAGE s3prod TYPE 's3' BASE_DIRECTORY 's3://bucket/prefix'
 *       [NAME '…'] [DESCRIPTION '…'] [SHARED_TABLES_TEMPLATE '…'] [USER_TABLES_TEMPLATE '…']
 *       [CREDENTIALS '…']                   (options in any order; URI = BASE_DIRECTORY)
 *   CREATE STORAGE IF NOT EXISTS archive TYPE 'filesystem' BASE_DIRECTORY '/srv/archive'
 *   ALTER STORAGE archive SET NAME '…' SET DESCRIPTION '…'   (KalamDB's form: one SET per option)
 *   ALTER STORAGE archive SET USER_TABLES_TEMPLATE '…', SHARED_TABLES_TEMPLATE '…'
 *   DROP STORAGE [IF EXISTS] s3prod
 *   SHOW STORAGES
 */
import type { QualifiedName, TokenCursor } from './cursor.js';
import type { Token } from './tokenizer.js';

/** What a flush or compaction applies to. */
export type StorageJobScope =
  | { readonly kind: 'table'; readonly table: QualifiedName }
  | { readonly kind: 'all'; readonly namespace?: string };

export interface StorageFlush {
  readonly kind: 'StorageFlush';
  readonly scope: StorageJobScope;
}

export interface StorageCompact {
  readonly kind: 'StorageCompact';
  readonly scope: StorageJobScope;
}

export interface CreateStorage {
  readonly kind: 'CreateStorage';
  readonly storageId: string;
  readonly ifNotExists?: boolean;
  /** Lower case as written: 'filesystem', 's3', 'gcs', 'azure', … (the catalog validates it). */
  readonly storageType: string;
  readonly name?: string;
  readonly description?: string;
  readonly baseDirectory: string;
  readonly sharedTablesTemplate?: string;
  readonly userTablesTemplate?: string;
  readonly credentials?: string;
}

/** The options ALTER STORAGE … SET names (the executor says which of them may change). */
export type StorageChanges = Partial<Record<StorageOption, string>>;

export interface AlterStorage {
  readonly kind: 'AlterStorage';
  readonly storageId: string;
  readonly changes: StorageChanges;
}

export interface DropStorage {
  readonly kind: 'DropStorage';
  readonly storageId: string;
  readonly ifExists: boolean;
}

export interface ShowStorages {
  readonly kind: 'ShowStorages';
}

/** After STORAGE FLUSH / STORAGE COMPACT: TABLE name | ALL [IN ns]. */
function parseScope(c: TokenCursor, allTakesTables: boolean): StorageJobScope {
  if (c.acceptWord('table')) {
    const table = c.expectQualifiedName('table name');
    c.expectEnd();
    return { kind: 'table', table };
  }
  if (c.acceptWord('all')) {
    if (allTakesTables) c.acceptWord('tables');
    const namespace = c.acceptWord('in') ? c.expectIdentifier('namespace name') : undefined;
    c.expectEnd();
    return namespace === undefined ? { kind: 'all' } : { kind: 'all', namespace };
  }
  return c.fail('TABLE or ALL');
}

/** After STORAGE. */
export function parseStorageCommand(c: TokenCursor): StorageFlush | StorageCompact {
  if (c.acceptWord('flush')) return { kind: 'StorageFlush', scope: parseScope(c, true) };
  if (c.acceptWord('compact')) return { kind: 'StorageCompact', scope: parseScope(c, true) };
  return c.fail('FLUSH or COMPACT');
}

/** After FLUSH (the older spelling: FLUSH TABLE t, FLUSH ALL TABLES [IN ns]). */
export function parseFlush(c: TokenCursor): StorageFlush {
  return { kind: 'StorageFlush', scope: parseScope(c, true) };
}

type StorageOption = 'name' | 'description' | 'baseDirectory' | 'sharedTablesTemplate' | 'userTablesTemplate' | 'credentials';

const STORAGE_OPTIONS: Readonly<Record<string, StorageOption>> = {
  name: 'name',
  description: 'description',
  base_directory: 'baseDirectory',
  uri: 'baseDirectory',
  shared_tables_template: 'sharedTablesTemplate',
  user_tables_template: 'userTablesTemplate',
  credentials: 'credentials',
};

const OPTION_LIST = 'NAME, DESCRIPTION, SHARED_TABLES_TEMPLATE, USER_TABLES_TEMPLATE, BASE_DIRECTORY, CREDENTIALS';

/** After CREATE STORAGE. */
export function parseCreateStorage(c: TokenCursor): CreateStorage {
  const ifNotExists = c.acceptWords('if', 'not', 'exists');
  const storageId = c.expectIdentifier('storage id');
  let storageType: string | undefined;
  const options: Partial<Record<StorageOption, string>> = {};
  const seen = new Set<string>();
  const once = (t: Token, key: string) => {
    if (seen.has(key)) c.failAt(t, 'conflicting or redundant options');
    seen.add(key);
  };
  for (let t = c.peek(); t; t = c.peek()) {
    if (t.kind !== 'word') c.fail('a storage option (TYPE, BASE_DIRECTORY, NAME, DESCRIPTION, …)');
    if (t.value === 'type') {
      c.next();
      once(t, 'type');
      storageType = c.expectStringOrWord("storage type ('filesystem', 's3', …)").toLowerCase();
      continue;
    }
    const option = STORAGE_OPTIONS[t.value];
    if (!option) c.fail(`a storage option (TYPE, ${OPTION_LIST})`);
    c.next();
    once(t, option);
    options[option] = c.expectString(`a string literal after ${t.value.toUpperCase()}`);
  }
  if (storageType === undefined) c.fail('TYPE (CREATE STORAGE needs TYPE and BASE_DIRECTORY)');
  if (options.baseDirectory === undefined) c.fail('BASE_DIRECTORY (CREATE STORAGE needs TYPE and BASE_DIRECTORY)');
  return {
    kind: 'CreateStorage', storageId, ...(ifNotExists ? { ifNotExists } : {}), storageType, ...options, baseDirectory: options.baseDirectory,
  };
}

/** After ALTER STORAGE: id SET option 'value' [[SET | ,] option 'value' …]. */
export function parseAlterStorage(c: TokenCursor): AlterStorage {
  const storageId = c.expectIdentifier('storage id');
  c.expectWord('set');
  const changes: StorageChanges = {};
  for (;;) {
    const t = c.peek();
    const option = t?.kind === 'word' ? STORAGE_OPTIONS[t.value] : undefined;
    if (!option) c.fail(`a storage option (${OPTION_LIST})`);
    c.next();
    if (changes[option] !== undefined) c.failAt(t, 'conflicting or redundant options');
    changes[option] = c.expectString(`a string literal after ${t!.value.toUpperCase()}`);
    if (!c.acceptWord('set') && !c.acceptPunct(',')) break;
  }
  c.expectEnd();
  return { kind: 'AlterStorage', storageId, changes };
}

/** After DROP STORAGE. */
export function parseDropStorage(c: TokenCursor): DropStorage {
  const ifExists = c.acceptWords('if', 'exists');
  const storageId = c.expectIdentifier('storage id');
  c.expectEnd();
  return { kind: 'DropStorage', storageId, ifExists };
}

/** After SHOW STORAGES. */
export function parseShowStorages(c: TokenCursor): ShowStorages {
  c.expectEnd();
  return { kind: 'ShowStorages' };
}
