/**
 * Golden files (`compat/sql/golden/<file>.json`): PostgreSQL 15's answer to every case of one
 * corpus file, written by `npm run compat:capture`, never by hand.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Outcome } from './outcome.js';

export interface GoldenCase {
  readonly id: string;
  readonly sql: string;
  readonly ordered: boolean;
  readonly outcome: Outcome;
}

export interface GoldenFile {
  readonly capturedFrom: string;
  readonly cases: readonly GoldenCase[];
}

export const CORPUS_DIR = new URL('../sql/', import.meta.url).pathname;
export const CASES_DIR = join(CORPUS_DIR, 'cases');
export const GOLDEN_DIR = join(CORPUS_DIR, 'golden');

export function goldenPath(name: string): string {
  return join(GOLDEN_DIR, `${name}.json`);
}

export function readGolden(name: string): GoldenFile | null {
  const p = goldenPath(name);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as GoldenFile) : null;
}

export function writeGolden(name: string, g: GoldenFile): void {
  writeFileSync(goldenPath(name), formatGolden(g));
}

/** One case per block and one row per line: diffs of a recapture stay readable. */
function formatGolden(g: GoldenFile): string {
  const cases = g.cases.map((k) => {
    const o = k.outcome;
    const body =
      'error' in o
        ? `{ "error": ${JSON.stringify(o.error)}, "message": ${JSON.stringify(o.message)} }`
        : `{ "tag": ${JSON.stringify(o.tag)}, "columns": ${JSON.stringify(o.columns)}, "rows": [${o.rows.map((r) => `\n    ${JSON.stringify(r)}`).join(',')}${o.rows.length ? '\n  ' : ''}] }`;
    return `{ "id": ${JSON.stringify(k.id)}, "ordered": ${k.ordered}, "sql": ${JSON.stringify(k.sql)},\n  "outcome": ${body} }`;
  });
  return `{ "capturedFrom": ${JSON.stringify(g.capturedFrom)}, "cases": [\n${cases.join(',\n')}\n] }\n`;
}
