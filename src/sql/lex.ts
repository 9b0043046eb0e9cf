/**
 * The lexical rules of PostgreSQL's scanner (scan.l) that decide where a token ends: whitespace,
 * identifiers, quoted runs, nested block comments, dollar quotes. Shared by the statement
 * splitter and the KalamDB tokenizer so both agree on where strings and comments are.
 */

/** Character codes the scanners test for. */
export const Ch = {
  Tab: 9, Newline: 10, VTab: 11, FormFeed: 12, Return: 13, Space: 32,
  DoubleQuote: 34, Dollar: 36, Quote: 39, LParen: 40, RParen: 41, Star: 42,
  Minus: 45, Dot: 46, Slash: 47, Semicolon: 59, Backslash: 92,
} as const;

export function isSpace(c: number): boolean {
  return c === Ch.Space || (c >= Ch.Tab && c <= Ch.Return);
}

export function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 0x80;
}

export function isIdentCont(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === Ch.Dollar;
}

/** End index of the quoted run opening at `i` with `quote`; doubled quotes escape. */
export function skipQuoted(sql: string, i: number, to: number, quote: number, backslashEscapes: boolean): number {
  let j = i + 1;
  while (j < to) {
    const c = sql.charCodeAt(j);
    if (backslashEscapes && c === Ch.Backslash) { j += 2; continue; }
    if (c === quote) {
      if (j + 1 < to && sql.charCodeAt(j + 1) === quote) { j += 2; continue; }
      return j + 1;
    }
    j++;
  }
  return to;
}

export function skipBlockComment(sql: string, i: number, to: number): number {
  let depth = 0;
  let j = i;
  while (j < to) {
    const c = sql.charCodeAt(j);
    if (c === Ch.Slash && sql.charCodeAt(j + 1) === Ch.Star && j + 1 < to) { depth++; j += 2; continue; }
    if (c === Ch.Star && sql.charCodeAt(j + 1) === Ch.Slash && j + 1 < to) {
      depth--; j += 2;
      if (depth === 0) return j;
      continue;
    }
    j++;
  }
  return to;
}

const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z_0-9\u0080-\uffff]*)?\$/y;

/** If a dollar quote opens at `i`, the index past its closing tag (or `to`); else -1. */
export function skipDollarQuote(sql: string, i: number, to: number): number {
  DOLLAR_TAG.lastIndex = i;
  const m = DOLLAR_TAG.exec(sql);
  if (!m || i + m[0].length > to) return -1;
  const close = sql.indexOf(m[0], i + m[0].length);
  return close < 0 || close + m[0].length > to ? to : close + m[0].length;
}

