/**
 * VACUUM's and ANALYZE's option lists, read as PostgreSQL 15's ExecVacuum reads them (same errors,
 * same checks). What each means here:
 *
 *   VERBOSE                 INFO messages per table
 *   ANALYZE                 count the rows and record it (ANALYZE itself, or VACUUM ANALYZE)
 *   FULL                    compact the table's storage (vacuum.ts): its segments, as STORAGE
 *                           COMPACT does, and RocksDB's files of its key ranges
 *   SKIP_LOCKED             nothing here waits for a lock: accepted
 *   FREEZE, DISABLE_PAGE_SKIPPING, INDEX_CLEANUP, PROCESS_TOAST, TRUNCATE, PARALLEL
 *                           about heap pages, transaction ids, TOAST and worker processes this
 *                           storage does not have: accepted, checked as PostgreSQL checks them,
 *                           and without effect — none changes what VACUUM leaves behind here
 */
import type { Node } from '../../binder/ast.js';
import { bodyOf } from '../../binder/ast.js';
import { SqlError } from '../../errors/sql-error.js';
import { defElemBoolean, defElemValue } from '../../sql/ast-util.js';

export interface VacuumOptions {
  readonly vacuum: boolean;
  readonly analyze: boolean;
  readonly full: boolean;
  readonly verbose: boolean;
}

const ANALYZE_OPTIONS = new Set(['verbose', 'skip_locked']);
const VACUUM_BOOLEANS = new Set(['verbose', 'skip_locked', 'analyze', 'freeze', 'full', 'disable_page_skipping', 'process_toast', 'truncate']);

export function readVacuumOptions(isVacuum: boolean, options: readonly Node[] | undefined): VacuumOptions {
  const set = new Map<string, boolean>();
  let parallel = false;
  for (const o of options ?? []) {
    const d = bodyOf<{ defname: string; location?: number }>(o);
    const value = defElemValue(o);
    const position = (d.location ?? 0) + 1;
    if (!isVacuum) {
      if (!ANALYZE_OPTIONS.has(d.defname)) throw new SqlError('42601', `unrecognized ANALYZE option "${d.defname}"`, { position });
      set.set(d.defname, defElemBoolean(d.defname, value));
    } else if (VACUUM_BOOLEANS.has(d.defname)) {
      set.set(d.defname, defElemBoolean(d.defname, value));
    } else if (d.defname === 'index_cleanup') {
      // auto, or a Boolean
      if (value === undefined || String(value).toLowerCase() !== 'auto') defElemBoolean(d.defname, value);
    } else if (d.defname === 'parallel') {
      if (value === undefined) throw new SqlError('42601', 'parallel option requires a value between 0 and 1024', { position });
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0 || n > 1024) throw new SqlError('42601', 'parallel workers for vacuum must be between 0 and 1024', { position });
      parallel = true;
    } else {
      throw new SqlError('42601', `unrecognized VACUUM option "${d.defname}"`, { position });
    }
  }
  const full = set.get('full') ?? false;
  if (full && parallel) throw new SqlError('0A000', 'VACUUM FULL cannot be performed in parallel');
  if (full && set.get('disable_page_skipping')) throw new SqlError('0A000', 'VACUUM option DISABLE_PAGE_SKIPPING cannot be used with FULL');
  if (full && set.get('process_toast') === false) throw new SqlError('0A000', 'PROCESS_TOAST required with VACUUM FULL');
  return { vacuum: isVacuum, analyze: !isVacuum || (set.get('analyze') ?? false), full, verbose: set.get('verbose') ?? false };
}
