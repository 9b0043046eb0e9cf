/**
 * Live queries (DESIGN.md §6):
 *
 *   SUBSCRIBE TO app.messages [WHERE <expr>] [OPTIONS (last_rows = 10, batch_size = 100)]
 *
 * The WHERE clause is PostgreSQL expression syntax, so rather than parse it here we hand
 * `SELECT*FROM app.messages WHERE <expr>` to libpg-query and keep the SelectStmt: the binder
 * binds a subscription exactly like that query. The text is laid out so that the expression's
 * AST locations point at the expression in the original query string (locations of the
 * synthetic SELECT * FROM part are meaningless).
 */
import { SqlError } from '../../errors/sql-error.js';
import { parsePg } from '../pg-parser.js';
import type { PgNode } from '../statement.js';
import type { QualifiedName, TokenCursor } from './cursor.js';
import type { Token } from './tokenizer.js';

export interface SubscribeOptions {
  /** Rows of the current result sent first (the newest N). */
  readonly lastRows?: number;
  /** Rows per initial batch. */
  readonly batchSize?: number;
}

export interface Subscribe {
  readonly kind: 'Subscribe';
  readonly table: QualifiedName;
  /** The WHERE expression as written, and its JS offset in the whole query string. */
  readonly where?: { readonly text: string; readonly offset: number };
  /** `{ SelectStmt: … }` for SELECT * FROM table [WHERE expr]: what the binder binds. */
  readonly select: PgNode;
  readonly options: SubscribeOptions;
}

const OPTION_KEYS: Readonly<Record<string, keyof SubscribeOptions>> = {
  last_rows: 'lastRows',
  batch_size: 'batchSize',
};

/** SelectStmt keys a plain SELECT * FROM t WHERE e has; anything else was smuggled in via WHERE. */
const PLAIN_SELECT_KEYS = new Set(['targetList', 'fromClause', 'whereClause', 'limitOption', 'op']);

/** Index of the OPTIONS keyword whose parenthesised list ends the statement, or -1. */
function optionsIndex(tokens: readonly Token[], from: number, last: number): number {
  let depth = 0;
  for (let k = from; k <= last; k++) {
    const t = tokens[k]!;
    if (t.kind === 'punct' && t.value === '(') depth++;
    else if (t.kind === 'punct' && t.value === ')') depth--;
    else if (depth === 0 && t.kind === 'word' && t.value === 'options' && tokens[k + 1]?.value === '(') {
      let d = 0;
      let k2 = k + 1;
      for (; k2 <= last; k2++) {
        const u = tokens[k2]!;
        if (u.kind === 'punct' && u.value === '(') d++;
        else if (u.kind === 'punct' && u.value === ')' && --d === 0) break;
      }
      if (k2 === last) return k;
    }
  }
  return -1;
}

function parseOptions(c: TokenCursor): SubscribeOptions {
  const options: { -readonly [K in keyof SubscribeOptions]: number } = {};
  c.expectPunct('(');
  do {
    const keyToken = c.peek();
    const key = c.expectIdentifier('an option name (last_rows, batch_size)');
    const option = OPTION_KEYS[key];
    if (!option) c.failAt(keyToken, `unrecognized SUBSCRIBE option "${key}"`, 'Options are last_rows and batch_size.');
    if (options[option] !== undefined) c.failAt(keyToken, 'conflicting or redundant options');
    c.acceptPunct('=');
    options[option] = c.expectInteger(`a non-negative integer for ${key}`);
  } while (c.acceptPunct(','));
  c.expectPunct(')');
  c.expectEnd();
  return options;
}

/** After SUBSCRIBE. */
export function parseSubscribe(c: TokenCursor): Subscribe {
  c.expectWord('to', 'TO');
  const nameStart = c.peek();
  const table = c.expectQualifiedName('table name');
  const nameText = c.sql.slice(nameStart!.start, c.all[c.index - 1]!.end);

  const tokens = c.all;
  const lastToken = tokens[tokens.length - 1];
  const last = c.peek() ? tokens.length - 1 - (lastToken?.kind === 'punct' && lastToken.value === ';' ? 1 : 0) : -1;
  let where: Subscribe['where'];
  let select: PgNode;
  if (c.isWord('where')) {
    const whereToken = c.next()!;
    const opts = c.peek() ? optionsIndex(tokens, c.index, last) : -1;
    const exprEnd = opts >= 0 ? opts - 1 : last;
    if (exprEnd < c.index) return c.fail('an expression after WHERE');
    const exprStart = tokens[c.index]!.start;
    const exprText = c.sql.slice(exprStart, tokens[exprEnd]!.end);
    where = { text: exprText, offset: exprStart };
    const prefix = `SELECT*FROM ${nameText} WHERE `;
    select = plainSelect(c, parsePg(c.sql, prefix + exprText, prefix.length, exprStart), whereToken);
    c.seek(exprEnd + 1);
  } else {
    const text = `SELECT*FROM ${nameText}`;
    select = plainSelect(c, parsePg(c.sql, text, 0, nameStart!.start), nameStart!);
  }
  const options = c.acceptWord('options') ? parseOptions(c) : {};
  c.expectEnd();
  return { kind: 'Subscribe', table, ...(where && { where }), select, options };
}

function plainSelect(c: TokenCursor, stmts: readonly { stmt: PgNode }[], at: Token): PgNode {
  const stmt = stmts.length === 1 ? stmts[0]!.stmt : undefined;
  const body = stmt?.['SelectStmt'] as Record<string, unknown> | undefined;
  if (!body || Object.keys(body).some((k) => !PLAIN_SELECT_KEYS.has(k))) {
    throw new SqlError('42601', 'SUBSCRIBE takes a WHERE condition only', {
      position: c.failPosition(at),
      detail: 'GROUP BY, ORDER BY, LIMIT, set operations and the like cannot follow a subscription\'s WHERE.',
    });
  }
  return stmt!;
}
