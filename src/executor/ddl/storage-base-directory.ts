/**
 * CREATE STORAGE's BASE_DIRECTORY (or URI) for a filesystem storage: a path — relative ones lie
 * under the data directory — or a file:// URI. Refused (22023) when it could mix one storage's
 * files with another's or with the server's own:
 *
 *   '/srv/cold'                 ok
 *   'archive'                   ok: <data-dir>/archive
 *   's3://bucket/x'             not a filesystem path
 *   'storage/app'               inside storage local (<data-dir>/storage)
 *   'rocksdb/x', '.', '/'       the data directory's own files
 */
import { statSync } from 'node:fs';
import { isAbsolute, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SchemaStore } from '../../catalog/schema-store.js';
import type { StorageDefinition } from '../../catalog/table-definition.js';
import { SqlError } from '../../errors/sql-error.js';
import { resolveBaseDirectory } from '../../storage/storage-paths.js';

/** What the data directory holds besides storages: no base directory may reach into them. */
const SERVER_ENTRIES = ['rocksdb', 'commit-log', 'initial-password'];

function invalid(given: string, why: string, hint?: string): SqlError {
  return new SqlError('22023', `invalid BASE_DIRECTORY '${given}': ${why}`, { hint });
}

/** `a` is `b` or lies inside it. */
function within(a: string, b: string): boolean {
  const r = relative(b, a);
  return r === '' || (!r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r));
}

/**
 * Checks a base directory and returns the form to store: normalised, relative when written
 * relative (so it moves with the data directory), a file:// URI turned into its path.
 */
export function checkBaseDirectory(given: string, schema: SchemaStore, dataDir: string, baseOf: (s: StorageDefinition) => string): string {
  if (given.trim() === '') throw invalid(given, 'it is empty');
  if (given.includes('\0')) throw invalid(given, 'it holds a NUL character');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(given) && !given.startsWith('file://')) {
    throw invalid(given, "it is not a filesystem path", "TYPE 'filesystem' takes a directory (or a file:// URI); object stores are not supported yet.");
  }
  let path: string;
  try {
    path = given.startsWith('file://') ? fileURLToPath(given) : given;
  } catch (e) {
    throw invalid(given, e instanceof Error ? e.message : String(e));
  }
  const stored = isAbsolute(path) ? normalize(path).replace(/(.)\/+$/, '$1') : normalize(path).replace(/\/+$/, '');
  const absolute = resolveBaseDirectory(stored, dataDir);
  const data = resolveBaseDirectory('.', dataDir);
  if (within(data, absolute)) throw invalid(given, 'it holds the data directory');
  for (const entry of SERVER_ENTRIES) {
    if (within(absolute, resolveBaseDirectory(entry, dataDir))) throw invalid(given, `it lies inside the data directory's ${entry}`);
  }
  for (const other of schema.listStorages()) {
    const base = baseOf(other);
    if (within(absolute, base) || within(base, absolute)) {
      throw invalid(given, `it overlaps storage ${other.id} (${base})`, 'Each storage needs a directory of its own.');
    }
  }
  let isFileThere = false;
  try {
    isFileThere = !statSync(absolute).isDirectory();
  } catch {
    // not there yet: the first segment written creates it
  }
  if (isFileThere) throw invalid(given, `${absolute} exists and is not a directory`);
  return stored;
}
