/**
 * Which parser a statement goes to, decided from its first few tokens:
 *
 *   SELECT …, CREATE TABLE …, CREATE USER alice …     → 'pg'      libpg-query
 *   CREATE NAMESPACE …, SHOW TABLES, CREATE USER 'a'  → 'kalam'   the hand parser
 *   CREATE USER|SHARED|STREAM TABLE …                 → 'rewrite' libpg-query, after blanking
 *                                                       the kind word (positions stay right)
 *
 * The user statements are the subtle ones: PostgreSQL has CREATE/ALTER/DROP USER too. KalamDB's
 * form names the user with a string literal ('alice'), or (CREATE USER) has a ROLE clause naming
 * a KalamDB role, or (ALTER USER) sets PASSWORD, EMAIL or a KalamDB ROLE, or UNLOCKs.
 */
import { KALAM_ROLES } from './user.js';
import { tokenize, type Token } from './tokenizer.js';

export type TableType = 'USER' | 'SHARED' | 'STREAM';

export type Route =
  | { readonly to: 'pg' }
  | { readonly to: 'kalam' }
  | { readonly to: 'rewrite'; readonly tableType: TableType; readonly wordStart: number; readonly wordEnd: number };

const PG: Route = { to: 'pg' };
const KALAM: Route = { to: 'kalam' };

/** Statements whose first word alone makes them KalamDB's. */
const KALAM_FIRST_WORDS = new Set(['use', 'describe', 'desc', 'storage', 'flush', 'subscribe', 'kill']);
const KALAM_SHOW = new Set(['namespaces', 'tables', 'storages', 'stats']);
const TABLE_KINDS: Readonly<Record<string, TableType>> = { user: 'USER', shared: 'SHARED', stream: 'STREAM' };

function isWord(t: Token | undefined, ...words: string[]): boolean {
  return t !== undefined && t.kind === 'word' && words.includes(t.value);
}

function isKalamRole(t: Token | undefined): boolean {
  return t !== undefined && (t.kind === 'word' || t.kind === 'string') && (KALAM_ROLES as readonly string[]).includes(t.value.toLowerCase());
}

/** Routes the statement in `sql.slice(start, end)`. */
export function classify(sql: string, start: number, end: number): Route {
  const head = tokenize(sql, start, end, 4);
  const [a, b, c, d] = head;
  if (!a || a.kind !== 'word') return PG;
  if (KALAM_FIRST_WORDS.has(a.value)) return KALAM;
  switch (a.value) {
    case 'show':
      return isWord(b, ...KALAM_SHOW) ? KALAM : PG;
    case 'execute':
      return isWord(b, 'as') ? KALAM : PG;
    case 'create':
      if (isWord(b, 'namespace', 'storage')) return KALAM;
      if (b && b.kind === 'word' && TABLE_KINDS[b.value] && isWord(c, 'table')) {
        return { to: 'rewrite', tableType: TABLE_KINDS[b.value]!, wordStart: b.start, wordEnd: b.end };
      }
      if (!isWord(b, 'user')) return PG;
      if (c?.kind === 'string') return KALAM;
      return hasKalamRoleClause(tokenize(sql, start, end)) ? KALAM : PG;
    case 'drop':
      if (isWord(b, 'namespace', 'storage')) return KALAM;
      if (!isWord(b, 'user')) return PG;
      return c?.kind === 'string' || (isWord(c, 'if') && tokenize(sql, start, end, 5)[4]?.kind === 'string') ? KALAM : PG;
    case 'alter': {
      if (isWord(b, 'storage')) return KALAM;
      if (isWord(b, 'table')) return setsAccessLevel(tokenize(sql, start, end, 8)) || createsVectorIndex(tokenize(sql, start, end, 8)) ? KALAM : PG;
      if (!isWord(b, 'user')) return PG;
      if (c?.kind === 'string') return KALAM;
      const [, , , , e, f] = tokenize(sql, start, end, 6);
      if (isWord(d, 'unlock') && !e) return KALAM;
      return isWord(d, 'set') && (isWord(e, 'password', 'email') || (isWord(e, 'role') && isKalamRole(f))) ? KALAM : PG;
    }
    default:
      return PG;
  }
}

/** ALTER TABLE [ns.]t SET ACCESS_LEVEL …: KalamDB's; every other ALTER TABLE is PostgreSQL's. */
function setsAccessLevel(tokens: readonly Token[]): boolean {
  for (let k = 3; k < tokens.length - 1; k++) {
    if (isWord(tokens[k], 'set') && isWord(tokens[k + 1], 'access_level')) return true;
  }
  return false;
}

/** ALTER TABLE [ns.]t CREATE VECTOR INDEX …: KalamDB's (PostgreSQL has no such form). */
function createsVectorIndex(tokens: readonly Token[]): boolean {
  for (let k = 3; k < tokens.length - 2; k++) {
    if (isWord(tokens[k], 'create') && isWord(tokens[k + 1], 'vector') && isWord(tokens[k + 2], 'index')) return true;
  }
  return false;
}

/** CREATE USER name … ROLE dba (but not PostgreSQL's IN ROLE g or ROLE some_member). */
function hasKalamRoleClause(tokens: readonly Token[]): boolean {
  for (let k = 3; k < tokens.length; k++) {
    if (isWord(tokens[k], 'role') && !isWord(tokens[k - 1], 'in') && isKalamRole(tokens[k + 1])) return true;
  }
  return false;
}
