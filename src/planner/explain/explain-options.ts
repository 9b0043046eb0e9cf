/**
 * EXPLAIN's option list, read as PostgreSQL's ExplainQuery reads it (same errors): ANALYZE,
 * VERBOSE, COSTS, SETTINGS, BUFFERS, WAL, TIMING, SUMMARY, FORMAT. Only FORMAT TEXT is
 * produced; costs are never printed (this engine has no cost model), so COSTS is accepted
 * either way.
 */
import { Errors, SqlError } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import { bodyOf } from '../../binder/ast.js';
import { defElemBoolean, defElemValue } from '../../sql/ast-util.js';

export interface ExplainOptions {
  readonly analyze: boolean;
  readonly verbose: boolean;
  readonly summary: boolean;
}

const BOOLEAN_OPTIONS = new Set(['analyze', 'verbose', 'costs', 'settings', 'buffers', 'wal', 'timing', 'summary']);

export function readExplainOptions(options: readonly Node[] | undefined): ExplainOptions {
  const set = new Map<string, boolean>();
  for (const o of options ?? []) {
    const d = bodyOf<{ defname: string }>(o);
    const value = defElemValue(o);
    if (d.defname === 'format') {
      const f = String(value ?? '').toLowerCase();
      if (!['text', 'json', 'xml', 'yaml'].includes(f)) {
        throw new SqlError('22023', `unrecognized value for EXPLAIN option "format": "${String(value)}"`);
      }
      if (f !== 'text') throw Errors.featureNotSupported(`EXPLAIN (FORMAT ${f.toUpperCase()}) is not supported yet`, 'Use FORMAT TEXT.');
      continue;
    }
    if (!BOOLEAN_OPTIONS.has(d.defname)) throw Errors.syntax(`unrecognized EXPLAIN option "${d.defname}"`);
    set.set(d.defname, defElemBoolean(d.defname, value));
  }
  const analyze = set.get('analyze') ?? false;
  if (set.get('wal') && !analyze) throw new SqlError('22023', 'EXPLAIN option WAL requires ANALYZE');
  if (set.get('timing') && !analyze) throw new SqlError('22023', 'EXPLAIN option TIMING requires ANALYZE');
  return { analyze, verbose: set.get('verbose') ?? false, summary: set.get('summary') ?? analyze };
}
