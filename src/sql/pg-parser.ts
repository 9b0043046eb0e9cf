/**
 * The one door to libpg-query (PostgreSQL 15's grammar compiled to WebAssembly).
 *
 * Every `location` in the ASTs that leave this file is a UTF-8 byte offset into the WHOLE query
 * string the client sent — also for statements parsed on their own (a PostgreSQL statement next to
 * a KalamDB one, the statement inside EXECUTE AS USER, SUBSCRIBE's WHERE clause): their locations
 * are shifted after parsing. So `locationToPosition(sql, node.location)` is always the position
 * PostgreSQL would report.
 */
import { loadModule, parseSync } from 'libpg-query';
import { SqlError } from '../errors/sql-error.js';
import { byteToIndex, isAscii, indexToPosition, positionToIndex, utf8Length } from './position.js';
import type { PgNode } from './statement.js';

/** One element of libpg-query's `stmts`: byte offsets, both omitted when 0 / "to the end". */
export interface RawStmt {
  readonly stmt: PgNode;
  readonly stmt_location?: number;
  readonly stmt_len?: number;
}

interface LibpgError extends Error {
  sqlDetails?: { message: string; cursorPosition: number; fileName?: string; functionName?: string };
}

let loaded: Promise<void> | undefined;
let ready = false;

/** Loads the WASM module once; later calls return the same promise. */
export function loadPgParser(): Promise<void> {
  loaded ??= loadModule().then(() => {
    ready = true;
  });
  return loaded;
}

export function isPgParserReady(): boolean {
  return ready;
}

/**
 * Parses `text`, a copy of (part of) `sql` in which `text[textIndex]` is `sql[sqlIndex]` and
 * everything after lines up byte for byte (blanked words are the same width). Throws a SqlError
 * whose position points into `sql`.
 */
export function parsePg(sql: string, text: string, textIndex = 0, sqlIndex = 0): RawStmt[] {
  if (!ready) {
    throw new SqlError('XX000', 'internal error: SQL parser used before initParser() finished (this is a bug in kalamdb-pg, please report it)');
  }
  let result: { stmts: RawStmt[] };
  try {
    result = parseSync(text) as { stmts: RawStmt[] };
  } catch (e) {
    throw toSqlError(e as LibpgError, sql, text, textIndex, sqlIndex);
  }
  const delta = text === sql ? 0 : bytesBefore(sql, sqlIndex) - utf8Length(text, 0, textIndex);
  if (delta !== 0) for (const s of result.stmts) shiftLocations(s.stmt, delta);
  return result.stmts;
}

let memo: { sql: string; ascii: boolean } = { sql: '', ascii: true };

/** UTF-8 bytes before `index` of `sql`; O(1) for ASCII text, which a mixed query is parsed against many times. */
function bytesBefore(sql: string, index: number): number {
  if (memo.sql !== sql) memo = { sql, ascii: isAscii(sql) };
  return memo.ascii ? index : utf8Length(sql, 0, index);
}

/** Adds `delta` to every `location` in the tree (-1, PostgreSQL's "unknown", stays). */
function shiftLocations(node: unknown, delta: number): void {
  if (Array.isArray(node)) {
    for (const item of node) shiftLocations(item, delta);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  for (const key in obj) {
    const v = obj[key];
    if (key === 'location' && typeof v === 'number') {
      if (v >= 0) obj[key] = v + delta;
    } else if (typeof v === 'object' && v !== null) {
      shiftLocations(v, delta);
    }
  }
}

/** SQLSTATEs of grammar errors that are not plain 42601. */
function sqlStateOf(message: string): string {
  if (/is not yet implemented$|^unimplemented /.test(message)) return '0A000';
  // gram.y's checks of window frames (ERRCODE_WINDOWING_ERROR).
  if (/^frame (start|end) cannot be |^frame starting from (current|following) row cannot have preceding rows/.test(message)) return '42P20';
  return '42601';
}

function toSqlError(e: LibpgError, sql: string, text: string, textIndex: number, sqlIndex: number): SqlError {
  const details = e.sqlDetails;
  if (!details) return new SqlError('42601', e.message);
  // libpg-query reports 0 both for "first character" and for "no position" (errors raised in
  // gram.y without errposition); only the scanner's syntax errors always carry one.
  const hasPosition = details.cursorPosition > 0 || details.functionName === 'scanner_yyerror';
  let position: number | undefined;
  if (hasPosition) {
    const textAt = positionToIndex(text, details.cursorPosition + 1);
    const byteInSql = utf8Length(text, 0, textAt) - utf8Length(text, 0, textIndex) + bytesBefore(sql, sqlIndex);
    const sqlAt = byteToIndex(sql, Math.max(0, byteInSql));
    position = indexToPosition(sql, Math.min(sqlAt, sql.length));
  }
  return new SqlError(sqlStateOf(details.message), details.message, { position });
}
