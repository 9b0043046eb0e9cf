/**
 * One corpus file (`compat/sql/cases/*.slt`): a setup and the cases that run against it.
 *
 *   # a comment line
 *   setup
 *   CREATE TABLE t (id int PRIMARY KEY, v text);
 *   INSERT INTO t VALUES (1, 'a');
 *
 *   query
 *   SELECT v FROM t ORDER BY id
 *
 * Blocks are separated by blank lines; a block's first line says what it is. `setup` blocks hold
 * any number of `;`-separated statements and run once, in order, before the cases. Every `query`
 * block is one case: one statement whose answer (columns, rows, command tag — or SQLSTATE) is
 * compared with PostgreSQL's. A case's id is its file's name and a hash of its SQL, so adding or
 * moving cases does not rename the others.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { splitStatements } from '../../src/sql/split.js';

export interface CorpusCase {
  /** `file:hash`, stable while the SQL is unchanged. */
  readonly id: string;
  readonly sql: string;
  /** 1-based line of the block, for messages. */
  readonly line: number;
}

export interface CorpusFile {
  readonly name: string;
  readonly setup: readonly string[];
  readonly cases: readonly CorpusCase[];
}

export function caseHash(sql: string): string {
  return createHash('sha1').update(sql.replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 8);
}

export function readCorpusFile(path: string): CorpusFile {
  const name = basename(path).replace(/\.slt$/, '');
  return parseCorpus(name, readFileSync(path, 'utf8'));
}

export function parseCorpus(name: string, text: string): CorpusFile {
  const setup: string[] = [];
  const cases: CorpusCase[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length) {
    const head = lines[i]!.trim();
    if (head === '' || head.startsWith('#')) {
      i++;
      continue;
    }
    const start = i + 1;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i]!.trim() !== ''; i++) body.push(lines[i]!);
    const sql = body.join('\n').trim();
    if (sql === '') throw new Error(`${name}.slt:${start}: "${head}" has no SQL`);
    if (head === 'setup') {
      for (const p of splitStatements(sql)) setup.push(sql.slice(p.start, p.end));
    } else if (head === 'query' || head === 'statement') {
      const id = `${name}:${caseHash(sql)}`;
      if (seen.has(id)) throw new Error(`${name}.slt:${start}: the same case appears twice`);
      seen.add(id);
      cases.push({ id, sql: sql.replace(/;\s*$/, ''), line: start });
    } else {
      throw new Error(`${name}.slt:${start}: a block starts with "setup", "query" or "statement", not "${head}"`);
    }
  }
  return { name, setup, cases };
}
