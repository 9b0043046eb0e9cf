/**
 * The hand parser's entry: reads one KalamDB statement (already routed here by classify.ts) by
 * dispatching on its leading words to the parser of its family.
 */
import { TokenCursor } from './cursor.js';
import { parseExecuteAs, type NestedParser } from './execute-as.js';
import { parseKill } from './kill.js';
import { parseCreateNamespace, parseDropNamespace, parseShowNamespaces, parseUse } from './namespace.js';
import type { KalamStatement } from './statement.js';
import { parseAlterStorage, parseCreateStorage, parseDropStorage, parseFlush, parseShowStorages, parseStorageCommand } from './storage.js';
import { parseShowStats } from './stats.js';
import { parseSubscribe } from './subscribe.js';
import { parseAlterTableAccessLevel, parseDescribe, parseShowTables } from './table.js';
import { tokenize } from './tokenizer.js';
import { parseAlterUser, parseCreateUser, parseDropUser } from './user.js';

type FamilyParser = (c: TokenCursor, nested: NestedParser) => KalamStatement;

/** Second-word tables for the verbs several families share. */
const CREATE: Readonly<Record<string, FamilyParser>> = {
  namespace: parseCreateNamespace,
  storage: parseCreateStorage,
  user: parseCreateUser,
};
const DROP: Readonly<Record<string, FamilyParser>> = {
  namespace: parseDropNamespace,
  storage: parseDropStorage,
  user: parseDropUser,
};
const SHOW: Readonly<Record<string, FamilyParser>> = {
  namespaces: parseShowNamespaces,
  tables: parseShowTables,
  storages: parseShowStorages,
  stats: parseShowStats,
};
const ALTER: Readonly<Record<string, FamilyParser>> = {
  storage: parseAlterStorage,
  table: parseAlterTableAccessLevel,
  user: parseAlterUser,
};

function bySecondWord(table: Readonly<Record<string, FamilyParser>>, expected: string): FamilyParser {
  return (c, nested) => {
    const t = c.peek();
    const parse = t?.kind === 'word' ? table[t.value] : undefined;
    if (!parse) return c.fail(expected);
    c.next();
    return parse(c, nested);
  };
}

const FIRST_WORD: Readonly<Record<string, FamilyParser>> = {
  create: bySecondWord(CREATE, 'NAMESPACE, STORAGE or USER'),
  drop: bySecondWord(DROP, 'NAMESPACE, STORAGE or USER'),
  show: bySecondWord(SHOW, 'NAMESPACES, TABLES, STORAGES or STATS'),
  alter: bySecondWord(ALTER, 'STORAGE or USER'),
  use: parseUse,
  describe: parseDescribe,
  desc: parseDescribe,
  storage: parseStorageCommand,
  flush: parseFlush,
  execute: parseExecuteAs,
  subscribe: parseSubscribe,
  kill: parseKill,
};

/**
 * Parses the KalamDB statement in `sql.slice(start, end)` (`end` past its `;` if it has one).
 * Throws SqlError 42601 (or 22023 for a bad value) positioned in `sql`.
 */
export function parseKalam(sql: string, start: number, end: number, nested: NestedParser): KalamStatement {
  const c = new TokenCursor(sql, tokenize(sql, start, end), end);
  const first = c.next();
  const parse = first?.kind === 'word' ? FIRST_WORD[first.value] : undefined;
  if (!parse) {
    c.seek(0);
    return c.fail('a KalamDB statement');
  }
  return parse(c, nested);
}
