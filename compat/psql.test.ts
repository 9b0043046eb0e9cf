/**
 * psql, the real one, against kalamdb-pg and a throwaway PostgreSQL 15: the same script must
 * print the same thing. KalamDB-only statements are checked on their own.
 */
import { runPsql } from './psql-runner.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, SUPERUSER, startTestServer, type TestServer } from '../test/e2e/harness.js';
import { startReferencePostgres, type ReferencePostgres } from '../test/support/pg-reference.js';

let ours: TestServer;
let ref: ReferencePostgres;

beforeAll(async () => {
  [ours, ref] = await Promise.all([startTestServer(), startReferencePostgres()]);
});
afterAll(async () => {
  await ours?.stop();
  await ref?.stop();
});

function conninfo(port: number): string {
  return `host=127.0.0.1 port=${port} user=${SUPERUSER} dbname=postgres sslmode=prefer`;
}

async function psql(port: number, script: string, extra: string[] = []): Promise<string> {
  const r = await runPsql(conninfo(port), script, extra, PASSWORD);
  if (r.code !== 0) throw new Error(`psql failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** stdout and stderr together, as a person at a terminal sees them. */
async function psqlAll(port: number, script: string, extra: string[] = []): Promise<string> {
  const r = await runPsql(conninfo(port), script, extra, PASSWORD);
  return `${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

async function both(script: string, extra: string[] = []): Promise<[string, string]> {
  return [await psqlAll(ours.port, script, extra), await psqlAll(ref.port, script, extra)];
}

describe('psql', () => {
  it('connects with SCRAM and sslmode=prefer, and \\conninfo works', async () => {
    const out = await psql(ours.port, '\\conninfo\n');
    expect(out).toContain(`You are connected to database "postgres" as user "${SUPERUSER}" on host "127.0.0.1"`);
    expect(out).toContain(`port "${ours.port}"`);
  });

  it('prints literals exactly as PostgreSQL does', async () => {
    const [a, b] = await both(`SELECT 1.5e10, 9223372036854775807::bigint;
SELECT 0.1::float8 AS f, 1e100::float8 AS g, -0.0::float8 AS z, 'NaN'::float8 AS n, 1.0/3 AS third;
SELECT true AS t, false AS f, NULL AS n, 'a''b' AS q, E'tab\\there' AS e, 'ünïcødé' AS u;
SELECT '2024-01-02 03:04:05.5'::timestamp AS ts, '2024-01-02 03:04:05.5+05'::timestamptz AS tstz, '2024-02-29'::date AS d, '\\x00ff'::bytea AS b;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS u, '{"b": 2, "a": 1}'::jsonb AS j, '12.50'::numeric(6,3) AS n;
`);
    expect(a).toBe(b);
  });

  it('runs the same table session with the same output', async () => {
    const script = `CREATE TABLE people (id int PRIMARY KEY, name varchar(20) NOT NULL, born date, score numeric(5,1));
INSERT INTO people VALUES (1, 'Ada', '1815-12-10', 99.5), (2, 'Alan', '1912-06-23', NULL), (3, 'Grace', '1906-12-09', 87);
INSERT INTO people VALUES (4, 'Edsger', '1930-05-11', 75.25) RETURNING *;
SELECT * FROM people ORDER BY id;
SELECT name, score FROM people WHERE score > 80 ORDER BY score DESC;
UPDATE people SET score = score + 1 WHERE id IN (1, 3) RETURNING id, score;
DELETE FROM people WHERE born < '1900-01-01' RETURNING name;
SELECT count(*), max(score), min(name) FROM people;
SELECT id, name FROM people ORDER BY name LIMIT 2 OFFSET 1;
INSERT INTO people VALUES (2, 'dup', NULL, NULL);
SELECT * FROM people WHERE id = 2;
`;
    const [a, b] = await both(script);
    expect(a).toBe(b);
  });

  it('reports errors like PostgreSQL', async () => {
    const script = `SELECT * FROM missing_table;
SELEC 1;
SELECT 1/0;
SELECT 'abc'::int;
SELECT nope FROM (SELECT 1 AS a) s;
`;
    const [a, b] = await both(script);
    expect(a).toBe(b);
  });

  it('runs a KalamDB session: namespace, USER table, INSERT … RETURNING, SELECT', async () => {
    const out = await psql(ours.port, `CREATE NAMESPACE app;
CREATE USER TABLE app.messages (id BIGINT PRIMARY KEY, body TEXT NOT NULL, embedding EMBEDDING(3)) WITH (FLUSH_POLICY = 'rows:1000');
INSERT INTO app.messages VALUES (1, 'hello', '[1,2,3]') RETURNING id, body, embedding;
SELECT body, embedding <-> '[1,2,4]' AS distance FROM app.messages;
DESCRIBE TABLE app.messages;
`, ['-A']);
    expect(out).toBe(`CREATE NAMESPACE
CREATE TABLE
id|body|embedding
1|hello|[1,2,3]
(1 row)
INSERT 0 1
body|distance
hello|1
(1 row)
column_name|ordinal_position|data_type|is_nullable|is_primary_key|is_partition_key|default_value|column_comment|schema_version
id|1|bigint|f|t|f|||1
body|2|text|f|f|f|||1
embedding|3|vector(3)|t|f|f|||1
(3 rows)
`);
  });
});
