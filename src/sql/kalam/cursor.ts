/**
 * A read head over one KalamDB statement's tokens, with the few moves a recursive-descent parser
 * needs and PostgreSQL-style syntax errors:
 *
 *   STORAGE FLUSH foo   →  42601 syntax error at or near "foo"  (position 15)
 *                          DETAIL: Expected TABLE or ALL.
 */
import { SqlError } from '../../errors/sql-error.js';
import { indexToPosition } from '../position.js';
import type { Token } from './tokenizer.js';

/** A possibly namespace-qualified object name; unquoted parts folded to lower case as PostgreSQL does. */
export interface QualifiedName {
  readonly namespace?: string;
  readonly name: string;
  /** 1-based PostgreSQL position of the name in the whole query string (for error reports). */
  readonly position: number;
}

export class TokenCursor {
  private at = 0;

  /**
   * @param sql the whole query string (token offsets index into it)
   * @param tokens the statement's tokens, its terminating `;` included when it has one
   * @param endIndex JS index reported for "syntax error at end of input"
   */
  constructor(
    readonly sql: string,
    private readonly tokens: readonly Token[],
    private readonly endIndex: number,
  ) {}

  peek(ahead = 0): Token | undefined {
    const t = this.tokens[this.at + ahead];
    return t && !(t.value === ';' && t.kind === 'punct' && this.at + ahead === this.tokens.length - 1) ? t : undefined;
  }

  next(): Token | undefined {
    const t = this.peek();
    if (t) this.at++;
    return t;
  }

  /** Index of the next token in `tokens` (for callers that cut out raw text). */
  get index(): number {
    return this.at;
  }

  seek(index: number): void {
    this.at = index;
  }

  get all(): readonly Token[] {
    return this.tokens;
  }

  isWord(...words: string[]): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'word' && words.includes(t.value);
  }

  isPunct(p: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'punct' && t.value === p;
  }

  acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.at++;
    return true;
  }

  /** Accepts the words in order, or consumes nothing. */
  acceptWords(...words: string[]): boolean {
    for (let k = 0; k < words.length; k++) {
      const t = this.peek(k);
      if (!t || t.kind !== 'word' || t.value !== words[k]) return false;
    }
    this.at += words.length;
    return true;
  }

  acceptPunct(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.at++;
    return true;
  }

  expectWord(word: string, expected = word.toUpperCase()): Token {
    if (!this.isWord(word)) this.fail(expected);
    return this.next()!;
  }

  expectPunct(p: string): Token {
    if (!this.isPunct(p)) this.fail(`"${p}"`);
    return this.next()!;
  }

  /** An identifier: a bare word (folded to lower case) or a "quoted" one (kept as written). */
  expectIdentifier(what: string): string {
    const t = this.peek();
    if (!t || (t.kind !== 'word' && t.kind !== 'quoted')) this.fail(what);
    if (t.kind === 'quoted' && t.value === '') this.failAt(t, 'zero-length delimited identifier');
    this.at++;
    return t.value;
  }

  /** `name` or `namespace.name`. */
  expectQualifiedName(what: string): QualifiedName {
    const first = this.peek();
    const head = this.expectIdentifier(what);
    const position = indexToPosition(this.sql, first!.start);
    if (!this.acceptPunct('.')) return { name: head, position };
    const name = this.expectIdentifier(`${what} after "."`);
    if (this.isPunct('.')) this.fail('end of name (names have at most two parts: namespace.name)');
    return { namespace: head, name, position };
  }

  /** A '…' string literal's value. */
  expectString(what: string): string {
    const t = this.peek();
    if (!t || t.kind !== 'string') this.fail(what);
    this.at++;
    return t.value;
  }

  /** A string literal or a bare word (for values like ROLE dba / ROLE 'dba'). */
  expectStringOrWord(what: string): string {
    const t = this.peek();
    if (!t || (t.kind !== 'string' && t.kind !== 'word' && t.kind !== 'quoted')) this.fail(what);
    this.at++;
    return t.value;
  }

  /** An unsigned integer literal. */
  expectInteger(what: string): number {
    const t = this.peek();
    if (!t || t.kind !== 'number' || !/^\d+$/.test(t.value)) this.fail(what);
    this.at++;
    return Number(t.value);
  }

  /** Nothing may follow but the terminating `;`. */
  expectEnd(): void {
    if (this.peek()) this.fail('end of statement');
  }

  /** 42601 at the next token (or at end of input), naming what was expected. */
  fail(expected: string): never {
    const t = this.peek() ?? this.tokens[this.at]; // the terminating ';' reads as PostgreSQL's 'at or near ";"'
    const near = t ? `at or near "${this.sql.slice(t.start, t.end)}"` : 'at end of input';
    const index = t ? t.start : this.endIndex;
    throw new SqlError('42601', `syntax error ${near}`, {
      position: indexToPosition(this.sql, index),
      detail: `Expected ${expected}.`,
    });
  }

  /** PostgreSQL position of `token`, or of the end of input when there is none. */
  failPosition(token: Token | undefined): number {
    return indexToPosition(this.sql, token ? token.start : this.endIndex);
  }

  /** 42601 with a message of its own, positioned at `token`. */
  failAt(token: Token | undefined, message: string, detail?: string): never {
    throw new SqlError('42601', message, { position: this.failPosition(token), detail });
  }
}
