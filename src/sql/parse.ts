/**
 * Query text → statements. The router:
 *
 *   parseSql(sql) ── cache hit? ──▶ frozen ParsedStatement[]
 *        │
 *        ▼
 *   libpg-query over the whole text ── ok, and no statement is KalamDB's ──▶ pg statements
 *        │ (syntax error, or a KalamDB statement among them)
 *        ▼
 *   split.ts at top-level `;` ──▶ per statement, by classify.ts:
 *        pg      → libpg-query on that statement alone
 *        rewrite → CREATE USER|SHARED|STREAM TABLE with the kind word blanked → libpg-query
 *        kalam   → the hand parser in kalam/
 *
 * One libpg-query call for the common case (pure PostgreSQL); the splitter only runs when a
 * query mixes in KalamDB's statements. If the whole-text parse failed and no statement is
 * KalamDB's, its error is the answer — exactly PostgreSQL's message and position.
 */
import { SqlError } from '../errors/sql-error.js';
import { classify, type Route } from './kalam/classify.js';
import { parseKalam } from './kalam/parse-kalam.js';
import { deepFreeze } from './freeze.js';
import { LruCache } from './parse-cache.js';
import { loadPgParser, parsePg, type RawStmt } from './pg-parser.js';
import { Utf8Walker } from './position.js';
import { isSpace, skipBlockComment } from './lex.js';
import { scanPieces, type SqlPiece } from './split.js';
import type { ParsedStatement } from './statement.js';

const CACHE_CAPACITY = 1000;
/** Longer texts (bulk INSERTs, COPY-like scripts) are parsed every time rather than pinned in memory. */
const MAX_CACHED_LENGTH = 64 * 1024;

const cache = new LruCache<string, readonly ParsedStatement[]>(CACHE_CAPACITY);

/** Loads libpg-query's WebAssembly module; await once before the first parseSql. */
export async function initParser(): Promise<void> {
  await loadPgParser();
}

/**
 * Parses a query string into its statements; [] when it holds none (only whitespace, comments
 * or `;`). Synchronous and cached: the same text returns the same frozen array.
 * Throws SqlError (42601 for syntax errors) with a 1-based `position` into `sql`.
 */
export function parseSql(sql: string): readonly ParsedStatement[] {
  const hit = cache.get(sql);
  if (hit) return hit;
  const parsed = deepFreeze(parseRange(sql, 0, sql.length));
  if (sql.length <= MAX_CACHED_LENGTH) cache.set(sql, parsed);
  return parsed;
}

/** Cache counters, for system.stats. */
export function parseCacheStats(): { readonly size: number; readonly hits: number; readonly misses: number } {
  return { size: cache.size, hits: cache.hits, misses: cache.misses };
}

export function clearParseCache(): void {
  cache.clear();
}

/** The statements of `sql.slice(from, to)`, with offsets and locations into the whole `sql`. */
function parseRange(sql: string, from: number, to: number): ParsedStatement[] {
  if (from >= to) return [];
  const text = from === 0 && to === sql.length ? sql : sql.slice(from, to);

  let raws: RawStmt[] | undefined;
  let wholeError: unknown;
  try {
    raws = parsePg(sql, text, 0, from);
  } catch (e) {
    if (!(e instanceof SqlError)) throw e;
    wholeError = e;
  }

  if (raws) {
    const statements = pureStatements(sql, text, from, raws);
    if (statements) return statements;
  }

  const pieces = scanPieces(sql, from, to);
  const routes = pieces.map((p) => classify(sql, p.start, p.terminatorEnd));
  if (wholeError && routes.every((r) => r.to === 'pg')) throw wholeError;
  return pieces.flatMap((p, k) => parsePiece(sql, p, routes[k]!));
}

/** The whole-text parse as ParsedStatements, or undefined if one of them is KalamDB's after all. */
function pureStatements(sql: string, text: string, from: number, raws: readonly RawStmt[]): ParsedStatement[] | undefined {
  const walker = new Utf8Walker(text);
  const out: ParsedStatement[] = [];
  for (const raw of raws) {
    const startByte = raw.stmt_location ?? 0;
    const start = from + walker.indexAt(startByte);
    const end = raw.stmt_len ? from + walker.indexAt(startByte + raw.stmt_len) : from + text.length;
    const piece = trimmed(sql, start, end);
    if (classify(sql, piece.start, piece.end).to !== 'pg') return undefined;
    out.push({ kind: 'pg', ast: raw.stmt, text: sql.slice(piece.start, piece.end), offset: piece.start });
  }
  return out;
}

/**
 * `sql.slice(start, end)` without its leading and trailing whitespace and comments. Skipping the
 * head is cheap; the tail needs a full scan only when its last line could end inside a comment
 * (a bulk INSERT is not rescanned character by character).
 */
function trimmed(sql: string, start: number, end: number): SqlPiece {
  let s = start;
  for (;;) {
    while (s < end && isSpace(sql.charCodeAt(s))) s++;
    if (sql.startsWith('--', s)) {
      const nl = sql.indexOf('\n', s);
      s = nl < 0 || nl >= end ? end : nl + 1;
    } else if (sql.startsWith('/*', s)) {
      s = skipBlockComment(sql, s, end);
    } else {
      break;
    }
  }
  let e = end;
  while (e > s && isSpace(sql.charCodeAt(e - 1))) e--;
  const lastLine = sql.slice(Math.max(s, sql.lastIndexOf('\n', e - 1) + 1), e);
  if (lastLine.includes('--') || lastLine.endsWith('*/')) {
    const inner = scanPieces(sql, s, e);
    if (inner.length > 0) e = inner[inner.length - 1]!.end;
  }
  return { start: s, end: e, terminatorEnd: end };
}

function parsePiece(sql: string, piece: SqlPiece, route: Route): ParsedStatement[] {
  const text = sql.slice(piece.start, piece.end);
  switch (route.to) {
    case 'kalam': {
      const stmt = parseKalam(sql, piece.start, piece.terminatorEnd, (from, to) => parseRange(sql, from, to));
      return [{ kind: 'kalam', stmt, text, offset: piece.start }];
    }
    case 'pg':
      return fromRaws(sql, piece, parsePg(sql, sql.slice(piece.start, piece.terminatorEnd), 0, piece.start));
    case 'rewrite': {
      // CREATE USER TABLE t (…) → CREATE      TABLE t (…): same length, so positions stay right.
      const s = piece.start;
      const blanked = sql.slice(s, route.wordStart) + ' '.repeat(route.wordEnd - route.wordStart) + sql.slice(route.wordEnd, piece.terminatorEnd);
      return fromRaws(sql, piece, parsePg(sql, blanked, 0, s)).map((p) => ({ ...p, tableType: route.tableType }));
    }
  }
}

/** One piece's libpg-query result; a piece is one statement unless psql's splitting rules and the grammar disagree. */
function fromRaws(sql: string, piece: SqlPiece, raws: readonly RawStmt[]): Extract<ParsedStatement, { kind: 'pg' }>[] {
  if (raws.length === 1) {
    return [{ kind: 'pg', ast: raws[0]!.stmt, text: sql.slice(piece.start, piece.end), offset: piece.start }];
  }
  const text = sql.slice(piece.start, piece.terminatorEnd);
  const walker = new Utf8Walker(text);
  return raws.map((raw) => {
    const startByte = raw.stmt_location ?? 0;
    const start = piece.start + walker.indexAt(startByte);
    const end = raw.stmt_len ? piece.start + walker.indexAt(startByte + raw.stmt_len) : piece.terminatorEnd;
    const t = trimmed(sql, start, end);
    return { kind: 'pg' as const, ast: raw.stmt, text: sql.slice(t.start, t.end), offset: t.start };
  });
}
