/**
 * psql, the real one, against kalamdb-pg and a throwaway PostgreSQL 15: the same script must
 * print the same thing. KalamDB-only statements are checked on their own.
 */
import { runPsql } from './psql-runner.js';
import { describe, expect, it } from 'vitest';
import { PASSWORD, SUPERUSER } from '../test/e2e/harness.js';
import { withOursAndReference } from '../test/support/server-pair.js';

const pair = withOursAndReference();

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
  return [await psqlAll(pair.ours.port, script, extra), await psqlAll(pair.ref.port, script, extra)];
}

describe('psql', () => {
  it('connects with SCRAM and sslmode=prefer, and \\conninfo works', async () => {
    const out = await psql(pair.ours.port, '\\conninfo\n');
    expect(out).toContain(`You are connected to database "postgres" as user "${SUPERUSER}" on host "127.0.0.1"`);
    expect(out).toContain(`port "${pair.ours.port}"`);
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

  it('gives the same answers when one statement shape repeats with other literals', async () => {
    // The second and later texts of a shape run from a literal template (no parse): their answers,
    // errors and error positions must still be PostgreSQL's.
    const script = `CREATE TABLE shapes (id int PRIMARY KEY, name text, n numeric(8,2), d date);
INSERT INTO shapes VALUES (1, 'a', 1.5, '2024-01-01');
INSERT INTO shapes VALUES (2, 'bb', 22.25, '2024-02-02');
INSERT INTO shapes VALUES (3, 'it''s', 3, '2024-03-03');
INSERT INTO shapes VALUES (4, 'x', 99999999.999, '2024-04-04');
INSERT INTO shapes VALUES (5, 'y', 5, '2024-13-45');
INSERT INTO shapes VALUES (2, 'dup', 1, '2024-01-01');
SELECT * FROM shapes WHERE id = 1;
SELECT * FROM shapes WHERE id = 3;
SELECT * FROM shapes WHERE id = 3000000000;
SELECT * FROM shapes WHERE id = 99;
SELECT name FROM shapes WHERE name = 'bb';
SELECT name FROM shapes WHERE name = 'it''s';
SELECT id, name FROM shapes ORDER BY 1;
SELECT id, name FROM shapes ORDER BY 2;
SELECT '12'::int + 1, 'x' AS s;
SELECT 'abc'::int + 1, 'y' AS s;
SELECT  n * 2   FROM shapes WHERE d > '2024-01-15' AND id < 10;
SELECT n * 2 FROM shapes WHERE d > 'garbage' AND id < 10;
SELECT id FROM shapes WHERE id IN (1, 2) LIMIT 1;
SELECT id FROM shapes WHERE id IN (3, 4) LIMIT 5;
SELECT substr(name, 1, 1) FROM shapes WHERE id = 2;
SELECT substr(name, 2, 5) FROM shapes WHERE id = 3;
UPDATE shapes SET n = 7.5 WHERE id = 1 RETURNING n;
UPDATE shapes SET n = 8 WHERE id = 2 RETURNING n;
SELECT 1.5 AS v;
SELECT 250 AS v;
SELECT 1.50 AS v, 2 AS w;
SELECT 2.500 AS v, 3 AS w;
SELECT -1.50 AS v, -2 AS w;
SELECT -2.500 AS v, -3 AS w;
SELECT 1e3 AS v;
SELECT 2.5E-2 AS v;
SELECT n FROM shapes WHERE n > 1.0 AND n < 100.00 ORDER BY 1;
SELECT n FROM shapes WHERE n > 2.0 AND n < 9.000 ORDER BY 1;
SELECT 'a' || 'b', 'x' = 'x';
SELECT 'c' || 'd', 'x' = 'y';
SELECT '{"a": 1}'::jsonb -> 'a', 5 / 2, 5.0 / 2;
SELECT '{"b": 2}'::jsonb -> 'b', 7 / 2, 7.0 / 2;
SELECT id FROM shapes ORDER BY id LIMIT 2 OFFSET 1;
SELECT id FROM shapes ORDER BY id LIMIT 1 OFFSET 0;
`;
    const [a, b] = await both(script);
    expect(a).toBe(b);
  });

  it('handles the session commands drivers send like PostgreSQL', async () => {
    const script = `SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED;
SHOW TRANSACTION ISOLATION LEVEL;
START TRANSACTION;
SHOW transaction_isolation;
COMMIT;
SET DateStyle = 'ISO';
SHOW DateStyle;
SET extra_float_digits = 3;
SELECT 0.1::float8;
SET extra_float_digits = 0;
SELECT 0.1::float8, 1.0/3::float8;
RESET extra_float_digits;
SET TIME ZONE 'America/New_York';
SHOW TimeZone;
SELECT '2024-01-02 03:04:05+00'::timestamptz;
SET TIME ZONE 5;
SHOW TimeZone;
SELECT '2024-01-02 03:04:05+00'::timestamptz;
SET TIME ZONE '+02:30';
SELECT '2024-01-02 03:04:05+00'::timestamptz;
SET TIME ZONE LOCAL;
SET timezone TO DEFAULT;
SHOW TimeZone;
SET application_name = 'x';
SHOW application_name;
SET search_path = public, "\$user";
SHOW search_path;
SET client_min_messages TO warning;
SHOW client_min_messages;
SET statement_timeout = 0;
SET lock_timeout = '5s';
SHOW lock_timeout;
SET nosuch = 1;
SET my.custom = 'v';
SHOW my.custom;
SHOW standard_conforming_strings;
SELECT current_setting('TimeZone');
SET intervalstyle = 'iso_8601';
BEGIN; SELECT 1; ROLLBACK;
`;
    const [a, b] = await both(script);
    expect(a).toBe(b);
  });

  it('runs a KalamDB session: namespace, USER table, INSERT … RETURNING, SELECT', async () => {
    const out = await psql(pair.ours.port, `CREATE NAMESPACE app;
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
