/**
 * What a server answered to one case, in a form that compares and serialises: the columns (name
 * and type OID), the rows as PostgreSQL's text output, the command tag — or the SQLSTATE.
 */
import type pg from 'pg';

export type Outcome =
  | { readonly tag: string; readonly columns: readonly string[]; readonly rows: readonly (readonly (string | null)[])[] }
  | { readonly error: string; readonly message: string };

const asText = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;

export async function runCase(c: pg.Client, sql: string, timeoutMs: number): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'TIMEOUT' })), timeoutMs);
  });
  try {
    const r = (await Promise.race([c.query({ text: sql, rowMode: 'array', types: asText }), timeout])) as pg.QueryResult<(string | null)[]>;
    return {
      tag: r.command === null ? '' : `${r.command} ${r.rowCount ?? ''}`.trim(),
      columns: r.fields.map((f) => `${f.name}:${f.dataTypeID}`),
      rows: r.rows,
    };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return { error: err.code ?? 'NO SQLSTATE', message: err.message ?? String(e) };
  } finally {
    clearTimeout(timer);
  }
}

export function isError(o: Outcome): o is { readonly error: string; readonly message: string } {
  return 'error' in o;
}

/** Rows in a canonical order, for queries whose order PostgreSQL does not define. */
function sortedRows(rows: readonly (readonly (string | null)[])[]): string[] {
  return rows.map((r) => JSON.stringify(r)).sort();
}

/** Why `got` differs from `want`, or null when it matches. */
export function difference(want: Outcome, got: Outcome, ordered: boolean): string | null {
  if (isError(want)) {
    if (!isError(got)) return `expected SQLSTATE ${want.error}, got a result`;
    return got.error === want.error ? null : `expected SQLSTATE ${want.error}, got ${got.error}: ${got.message}`;
  }
  if (isError(got)) return `${got.error}: ${got.message}`;
  if (got.columns.join(',') !== want.columns.join(',')) {
    return `columns differ: expected ${want.columns.join(', ')}; got ${got.columns.join(', ')}`;
  }
  if (got.tag !== want.tag) return `command tag differs: expected "${want.tag}", got "${got.tag}"`;
  const w = ordered ? want.rows.map((r) => JSON.stringify(r)) : sortedRows(want.rows);
  const g = ordered ? got.rows.map((r) => JSON.stringify(r)) : sortedRows(got.rows);
  for (let i = 0; i < Math.max(w.length, g.length); i++) {
    if (w[i] !== g[i]) return `row ${i + 1} differs: expected ${w[i] ?? '(none)'}, got ${g[i] ?? '(none)'}`;
  }
  return null;
}
