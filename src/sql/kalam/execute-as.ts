/**
 * Acting for another user (DESIGN.md §7):
 *
 *   EXECUTE AS USER 'alice' ( SELECT * FROM app.messages )
 *
 * The statement inside the parentheses is parsed like any other — PostgreSQL or KalamDB — with
 * its offset and AST locations still pointing into the whole query string.
 */
import type { ParsedStatement } from '../statement.js';
import type { TokenCursor } from './cursor.js';

export interface ExecuteAs {
  readonly kind: 'ExecuteAs';
  readonly username: string;
  readonly statement: ParsedStatement;
}

/** Parses `sql.slice(from, to)` into its statements (the router in parse.ts). */
export type NestedParser = (from: number, to: number) => readonly ParsedStatement[];

/** After EXECUTE. */
export function parseExecuteAs(c: TokenCursor, nested: NestedParser): ExecuteAs {
  c.expectWord('as', 'AS USER');
  c.expectWord('user', 'USER');
  const username = c.expectStringOrWord("user name ('…')");
  const open = c.expectPunct('(');
  let depth = 1;
  let close = undefined;
  while (c.peek()) {
    const t = c.next()!;
    if (t.kind !== 'punct') continue;
    if (t.value === '(') depth++;
    else if (t.value === ')' && --depth === 0) { close = t; break; }
  }
  if (!close) return c.fail('")" closing EXECUTE AS USER ( …');
  c.expectEnd();
  const statements = nested(open.end, close.start);
  if (statements.length === 0) {
    c.seek(c.all.indexOf(close));
    return c.fail('a statement inside EXECUTE AS USER ( … )');
  }
  if (statements.length > 1) {
    c.seek(c.all.findIndex((t) => t.start >= statements[1]!.offset));
    return c.failAt(c.peek(), 'EXECUTE AS USER takes exactly one statement');
  }
  return { kind: 'ExecuteAs', username, statement: statements[0]! };
}
