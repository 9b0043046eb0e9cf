/**
 * Whether PostgreSQL defines the order of a case's rows: only a top-level ORDER BY does. Rows of
 * every other statement are compared as a multiset.
 */
import { loadModule, parseSync } from 'libpg-query';

interface Parsed {
  stmts: { stmt: Record<string, { sortClause?: unknown[] } | undefined> }[];
}

export async function loadOrderParser(): Promise<void> {
  await loadModule();
}

export function hasTopLevelOrderBy(sql: string): boolean {
  let parsed: Parsed;
  try {
    parsed = parseSync(sql) as Parsed;
  } catch {
    return false; // a syntax-error case: no rows to order
  }
  const select = parsed.stmts[0]?.stmt.SelectStmt;
  return (select?.sortClause?.length ?? 0) > 0;
}
