/**
 * What the SQL front end hands the binder: one ParsedStatement per statement of a query string,
 * in order. PostgreSQL syntax arrives as libpg-query's JSON AST (see AST-NOTES.md for its shapes);
 * KalamDB's own statements as typed nodes (kalam/statement.ts).
 *
 * Parses are cached and shared between sessions, so every ParsedStatement and everything under it
 * is deeply frozen: a binder that wants a different tree builds a new one.
 *
 * Offsets: `offset` is a JS string index into the whole query string, so
 * `sql.slice(offset, offset + text.length) === text`. Every `location` inside an AST is a UTF-8
 * byte offset into the whole query string; `locationToPosition(sql, location)` (position.ts)
 * turns it into the 1-based position an ErrorResponse carries.
 */
import type { KalamStatement } from './kalam/statement.js';

/** A libpg-query JSON node: one key naming the node type, e.g. `{ SelectStmt: { … } }`. */
export type PgNode = Record<string, unknown>;

export type ParsedStatement =
  | {
      readonly kind: 'pg';
      /** The object under stmts[i].stmt, e.g. `{ SelectStmt: {…} }`. */
      readonly ast: PgNode;
      /** The statement as written (for CREATE USER TABLE: with USER still in it), no trailing `;`. */
      readonly text: string;
      /** 0-based JS index of `text` in the whole query string. */
      readonly offset: number;
      /** Set when CREATE USER|SHARED|STREAM TABLE was rewritten to CREATE TABLE. */
      readonly tableType?: 'USER' | 'SHARED' | 'STREAM';
    }
  | {
      readonly kind: 'kalam';
      readonly stmt: KalamStatement;
      readonly text: string;
      readonly offset: number;
    };

export type PgStatement = Extract<ParsedStatement, { kind: 'pg' }>;
export type KalamParsedStatement = Extract<ParsedStatement, { kind: 'kalam' }>;
export type { KalamStatement } from './kalam/statement.js';
