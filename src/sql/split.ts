/**
 * Splits a query string into statements at top-level `;`, the way psql's lexer (psqlscan.l) does:
 * a `;` inside '…' (with '' escapes), E'…' (with backslash escapes), "…", $tag$…$tag$, a -- or
 * nested /* *\/ comment, parentheses, or the BEGIN … END body of CREATE FUNCTION/PROCEDURE
 * (psql's BEGIN ATOMIC heuristic) does not end a statement.
 *
 * Only used when a query mixes KalamDB statements with PostgreSQL ones; a pure PostgreSQL query
 * is split by libpg-query itself. Unterminated quotes or comments run to the end of the input —
 * libpg-query then reports them with PostgreSQL's own message.
 */

/** One statement of a query string, as JS indexes into it. */
export interface SqlPiece {
  /** First character that is neither whitespace nor part of a comment. */
  readonly start: number;
  /** Just past the last such character: `sql.slice(start, end)` is the statement text. */
  readonly end: number;
  /** Just past the terminating `;`, or the end of the scanned range when there is none. */
  readonly terminatorEnd: number;
}

import { Ch, isIdentCont, isIdentStart, isSpace, skipBlockComment, skipDollarQuote, skipQuoted } from './lex.js';

/**
 * psql's heuristic for SQL-standard function bodies: a statement starting CREATE [OR REPLACE]
 * FUNCTION|PROCEDURE counts BEGIN/CASE … END at paren depth 0, and `;` splits only at depth 0.
 */
class BeginDepth {
  private words = 0;
  private readonly initials: string[] = [];
  depth = 0;

  word(w: string, parenDepth: number): void {
    const lower = w.toLowerCase();
    if (this.words < 4 && ['create', 'function', 'procedure', 'or', 'replace'].includes(lower)) {
      this.initials[this.words] = lower[0]!;
    }
    this.words++;
    const [a, b, c, d] = this.initials;
    const isRoutine = a === 'c' && (b === 'f' || b === 'p' || (b === 'o' && c === 'r' && (d === 'f' || d === 'p')));
    if (!isRoutine || parenDepth !== 0) return;
    if (lower === 'begin') this.depth++;
    else if (lower === 'case') { if (this.depth >= 1) this.depth++; }
    else if (lower === 'end') { if (this.depth > 0) this.depth--; }
  }
}

/** The statements of `sql.slice(from, to)`, empty ones (only whitespace and comments) dropped. */
export function scanPieces(sql: string, from = 0, to = sql.length): SqlPiece[] {
  const pieces: SqlPiece[] = [];
  let start = -1;
  let end = -1;
  let parens = 0;
  let begin = new BeginDepth();
  let i = from;

  const significant = (s: number, e: number) => {
    if (start < 0) start = s;
    end = e;
  };

  while (i < to) {
    const c = sql.charCodeAt(i);
    if (isSpace(c)) { i++; continue; }
    const next = i + 1 < to ? sql.charCodeAt(i + 1) : -1;
    if (c === Ch.Minus && next === Ch.Minus) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 || nl >= to ? to : nl + 1;
      continue;
    }
    if (c === Ch.Slash && next === Ch.Star) { i = skipBlockComment(sql, i, to); continue; }

    let j: number;
    if (c === Ch.Quote) {
      j = skipQuoted(sql, i, to, Ch.Quote, false);
    } else if (c === Ch.DoubleQuote) {
      j = skipQuoted(sql, i, to, Ch.DoubleQuote, false);
    } else if (c === Ch.Dollar && (j = skipDollarQuote(sql, i, to)) >= 0) {
      // dollar-quoted string; j already set
    } else if (isIdentStart(c)) {
      // E'…' escape string; B'…', X'…', N'…', U&'…' quote like plain strings.
      if ((c === 69 || c === 101) && next === Ch.Quote) {
        j = skipQuoted(sql, i + 1, to, Ch.Quote, true);
      } else {
        j = i + 1;
        while (j < to && isIdentCont(sql.charCodeAt(j))) j++;
        begin.word(sql.slice(i, j), parens);
      }
    } else if (c === Ch.LParen) {
      parens++; j = i + 1;
    } else if (c === Ch.RParen) {
      if (parens > 0) parens--;
      j = i + 1;
    } else if (c === Ch.Semicolon && parens === 0 && begin.depth === 0) {
      if (start >= 0) pieces.push({ start, end, terminatorEnd: i + 1 });
      start = -1; end = -1; parens = 0; begin = new BeginDepth();
      i++;
      continue;
    } else {
      j = i + 1;
    }
    significant(i, j);
    i = j;
  }
  if (start >= 0) pieces.push({ start, end, terminatorEnd: to });
  return pieces;
}

/** The statements of a query string; [] when it holds none. */
export function splitStatements(sql: string): SqlPiece[] {
  return scanPieces(sql, 0, sql.length);
}
