/**
 * A tiny tokenizer for KalamDB's own statements. It follows PostgreSQL's lexical rules (lex.ts)
 * so that the parts of a KalamDB statement that are really SQL — SUBSCRIBE's WHERE clause, the
 * statement inside EXECUTE AS USER '…' ( … ) — are cut at the right parenthesis even when a
 * string or comment holds one. Token offsets are JS indexes into the whole query string, so
 * errors point at the right place however deep the statement sits.
 */
import { Ch, isIdentCont, isIdentStart, isSpace, skipBlockComment, skipDollarQuote, skipQuoted } from '../lex.js';

export type TokenKind =
  | 'word'    // unquoted identifier or keyword; value folded to lower case
  | 'quoted'  // "quoted identifier"; value exactly as written, "" unescaped
  | 'string'  // '…', E'…' or $$…$$; value unescaped
  | 'number'
  | 'punct'   // ( ) , ; . =
  | 'other';  // anything else: operators, $1, [ ] …

export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  /** JS index of the first character in the whole query string. */
  readonly start: number;
  /** JS index just past the last character. */
  readonly end: number;
}

const PUNCT = new Set(['(', ')', ',', ';', '.', '=']);
const OPERATOR_CHARS = /[+\-*/<>=~!@#%^&|`?:[\]]/y;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;

function unescapeBackslashes(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/gs, (_m, e: string) => {
    switch (e[0]) {
      case 'b': return '\b';
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      // \x without hex digits is a plain 'x', as in PostgreSQL.
      case 'x': return e.length > 1 ? String.fromCodePoint(parseInt(e.slice(1), 16)) : e;
      case 'u': case 'U': {
        // Past U+10FFFF PostgreSQL refuses the literal; the tokenizer never throws, so the escape
        // stays as written and the statement's own parser reports it.
        const code = e.length > 1 ? parseInt(e.slice(1), 16) : NaN;
        return code <= 0x10ffff ? String.fromCodePoint(code) : e.length > 1 ? `\\${e}` : e;
      }
      default:
        return /^[0-7]+$/.test(e) ? String.fromCodePoint(parseInt(e, 8)) : e;
    }
  });
}

/** Tokens of `sql.slice(from, to)` (at most `limit`), whitespace and comments skipped. Never throws. */
export function tokenize(sql: string, from = 0, to = sql.length, limit = Infinity): Token[] {
  const tokens: Token[] = [];
  let i = from;
  while (i < to && tokens.length < limit) {
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
      tokens.push({ kind: 'string', value: sql.slice(i + 1, j - 1).replace(/''/g, "'"), start: i, end: j });
    } else if ((c === 69 || c === 101) && next === Ch.Quote) {
      j = skipQuoted(sql, i + 1, to, Ch.Quote, true);
      const body = sql.slice(i + 2, j - 1).replace(/''/g, "'");
      tokens.push({ kind: 'string', value: unescapeBackslashes(body), start: i, end: j });
    } else if (c === Ch.DoubleQuote) {
      j = skipQuoted(sql, i, to, Ch.DoubleQuote, false);
      tokens.push({ kind: 'quoted', value: sql.slice(i + 1, j - 1).replace(/""/g, '"'), start: i, end: j });
    } else if (c === Ch.Dollar && (j = skipDollarQuote(sql, i, to)) >= 0) {
      const tag = sql.slice(i, sql.indexOf('$', i + 1) + 1);
      tokens.push({ kind: 'string', value: sql.slice(i + tag.length, Math.max(i + tag.length, j - tag.length)), start: i, end: j });
    } else if (isIdentStart(c)) {
      j = i + 1;
      while (j < to && isIdentCont(sql.charCodeAt(j))) j++;
      tokens.push({ kind: 'word', value: sql.slice(i, j).toLowerCase(), start: i, end: j });
    } else if ((c >= 48 && c <= 57) || (c === Ch.Dot && next >= 48 && next <= 57)) {
      NUMBER.lastIndex = i;
      j = i + NUMBER.exec(sql)![0].length;
      tokens.push({ kind: 'number', value: sql.slice(i, j), start: i, end: j });
    } else if (PUNCT.has(sql[i]!)) {
      j = i + 1;
      tokens.push({ kind: 'punct', value: sql[i]!, start: i, end: j });
    } else if (c === Ch.Dollar) {
      j = i + 1;
      while (j < to && sql.charCodeAt(j) >= 48 && sql.charCodeAt(j) <= 57) j++;
      tokens.push({ kind: 'other', value: sql.slice(i, j), start: i, end: j });
    } else {
      OPERATOR_CHARS.lastIndex = i;
      j = i + 1;
      if (OPERATOR_CHARS.test(sql)) {
        while (j < to) {
          OPERATOR_CHARS.lastIndex = j;
          if (!OPERATOR_CHARS.test(sql) || PUNCT.has(sql[j]!) && sql[j] !== '=') break;
          j++;
        }
      }
      tokens.push({ kind: 'other', value: sql.slice(i, j), start: i, end: j });
    }
    i = j;
  }
  return tokens;
}
