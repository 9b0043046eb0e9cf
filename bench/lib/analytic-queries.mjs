// The analytic suite's queries, per server kind, and how two answers are compared.
import { DIM_ROWS, queryVector } from './analytic-dataset.mjs';

/**
 * Each query: a name for the table, the SQL for kalamdb-pg and for PostgreSQL (the same text
 * except kNN, where PostgreSQL has no pgvector), its parameters, and how closely floating-point
 * columns must agree (sums in another order differ in the last digits; pgvector's distances
 * accumulate in single precision).
 */
export function analyticQueries() {
  const vector = queryVector();
  const same = (sql) => ({ kalamdb: sql, postgres: sql });
  return [
    { id: 'count', name: 'count(*)', ...same('SELECT count(*) FROM bench_fact'), tolerance: 0 },
    { id: 'sum-avg', name: 'sum(val), avg(val)', ...same('SELECT sum(val), avg(val) FROM bench_fact'), tolerance: 1e-9 },
    {
      id: 'group-by', name: 'GROUP BY grp, 3 aggregates (100 groups)',
      ...same('SELECT grp, count(*), sum(val), max(val) FROM bench_fact GROUP BY grp'), tolerance: 1e-9,
    },
    {
      id: 'filter', name: 'filter val BETWEEN 500 AND 501 (~0.1 %)',
      ...same('SELECT id, name FROM bench_fact WHERE val BETWEEN 500 AND 501'), tolerance: 0,
    },
    {
      id: 'top-10', name: 'ORDER BY val DESC LIMIT 10',
      ...same('SELECT id, val FROM bench_fact ORDER BY val DESC, id LIMIT 10'), tolerance: 0,
    },
    {
      id: 'join', name: `join with the ${DIM_ROWS.toLocaleString('en-US')}-row dim, GROUP BY (10 groups)`,
      ...same('SELECT d.cat, count(*), sum(f.val * d.weight) FROM bench_fact f '
        + `JOIN bench_dim d ON d.id = f.id % ${DIM_ROWS} GROUP BY d.cat`),
      tolerance: 1e-9,
    },
    {
      id: 'knn', name: 'kNN top-10, L2, 384 dims',
      kalamdb: 'SELECT id, v <-> $1 AS distance FROM bench_vec ORDER BY v <-> $1 LIMIT 10',
      kalamdbParams: [`[${vector.join(',')}]`],
      // No pgvector here: the same L2 distance over a real[] column, summed in double precision.
      postgres: 'SELECT id, distance FROM (SELECT id, (SELECT sqrt(sum((a::float8 - b::float8) ^ 2)) '
        + 'FROM unnest(v, $1::real[]) AS u(a, b)) AS distance FROM bench_vec) s ORDER BY distance LIMIT 10',
      postgresParams: [`{${vector.join(',')}}`],
      tolerance: 1e-5,
    },
  ];
}

export function sqlFor(query, kind) {
  return kind === 'postgres'
    ? { sql: query.postgres, params: query.postgresParams ?? [] }
    : { sql: query.kalamdb, params: query.kalamdbParams ?? [] };
}

function sameValue(a, b, tolerance) {
  if (a === b) return true;
  if (a === null || b === null || tolerance === 0) return false;
  const x = Number(a);
  const y = Number(b);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  return Math.abs(x - y) <= tolerance * Math.max(1, Math.abs(x), Math.abs(y));
}

/**
 * Whether two answers (rows of text values) agree: the same rows, in the same order only for
 * queries whose order is defined (ORDER BY … LIMIT), floats within the query's tolerance.
 * Returns null when they agree, else a short description of the first difference.
 */
export function compareAnswers(query, ours, theirs) {
  if (ours.length !== theirs.length) return `${ours.length} rows vs ${theirs.length}`;
  const keepOrder = query.kalamdb.includes('ORDER BY');
  const sorted = (rows) => (keepOrder ? rows : [...rows].sort((r, s) => {
    const x = JSON.stringify(r);
    const y = JSON.stringify(s);
    return x < y ? -1 : x > y ? 1 : 0;
  }));
  const a = sorted(ours);
  const b = sorted(theirs);
  for (let i = 0; i < a.length; i++) {
    if (a[i].length !== b[i].length) return `row ${i + 1}: ${a[i].length} columns vs ${b[i].length}`;
    for (let c = 0; c < a[i].length; c++) {
      if (!sameValue(a[i][c], b[i][c], query.tolerance)) {
        return `row ${i + 1}, column ${c + 1}: ${JSON.stringify(a[i][c])} vs ${JSON.stringify(b[i][c])}`;
      }
    }
  }
  return null;
}
