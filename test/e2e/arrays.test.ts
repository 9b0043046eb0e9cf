/**
 * Arrays on kalamdb-pg and a throwaway PostgreSQL 15, side by side: the same statements must give
 * the same rows (as text and, for a few, as binary array_send bytes), column names and type OIDs,
 * or fail with the same SQLSTATE and message.
 */
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { postgresAvailable } from '../support/pg-reference.js';
import { differentialPair } from '../support/differential.js';

const SETUP = [
  'CREATE TABLE ta (id int PRIMARY KEY, tags text[], scores int[], v varchar(3)[], ts timestamptz[], n numeric(5,2)[])',
  `INSERT INTO ta VALUES (1, ARRAY['a', 'b c'], ARRAY[1, 2, 3], '{abc}', '{"2024-01-01 00:00:00+00"}', '{1.234, 2}'),
    (2, '{"x,y",NULL}', '{}', NULL, NULL, NULL), (3, NULL, '{5,NULL}', '{}', '{}', '{}')`,
];

const STATEMENTS = [
  'SELECT * FROM ta ORDER BY id',
  'SELECT id FROM ta ORDER BY scores NULLS FIRST, id',
  "INSERT INTO ta VALUES (4, '{abcd}', NULL, NULL, NULL, NULL)",
  "INSERT INTO ta (id, v) VALUES (4, '{abcd}')",
  'UPDATE ta SET scores[5] = 9, scores[0] = 7 WHERE id = 1 RETURNING scores',
  'UPDATE ta SET scores[2:3] = ARRAY[20, 30, 40] WHERE id = 1 RETURNING scores',
  'UPDATE ta SET scores[1:2] = ARRAY[1] WHERE id = 1',
  'UPDATE ta SET tags[1] = NULL, n[2] = 3.14159 WHERE id = 1 RETURNING tags, n',
  "UPDATE ta SET v[2] = 'x' WHERE id = 3 RETURNING v",
  "SELECT id FROM ta WHERE 'a' = ANY(tags) OR 5 = ANY(scores) ORDER BY id",
  'SELECT id, scores @> ARRAY[2], tags && ARRAY[\'b c\'], array_length(scores, 1), cardinality(tags) FROM ta ORDER BY id',
  "SELECT array_agg(id ORDER BY id DESC), array_agg(tags[1] ORDER BY id), array_agg(DISTINCT tags[1]) FROM ta",
  "SELECT array_to_string(ts, ','), array_to_string(tags, '|', '*') FROM ta ORDER BY id",
  "SELECT array[1,2] || '{3}', array[1,2] || 3.5, array[1] || null, null || array[1], 0 || array[1]",
  "SELECT array[1,2] || '3'",
  'SELECT array[]::int[] || array[1], array[[1,2]] || array[3,4], array[[1,2]] || array[[3,4]]',
  'SELECT array_append(array[[1]], 2)',
  'SELECT (array[1,2])[1.5], (array[1,2])[null], (array[[1,2],[3,4]])[1], (array[[1,2],[3,4]])[2:2], (array[1,2,3])[2:]',
  'SELECT (1)[1]',
  "SELECT array[1,2] @> '{1}', 1 = any('{1,2}'), 'a' = any('{a}'), null::int = any(array[]::int[]), 1 = any(null::int[]), 1 <> all(array[2,null])",
  "SELECT array[1, 'a']",
  "SELECT array[1, '2'], array['1', 2], array[1::int2, 2::int8], array[null], array[null, 1]",
  'SELECT array[]',
  "SELECT ARRAY[1.5, 2.5]::int[] AS x, ARRAY['1','2']::int[]",
  'SELECT array[array[1,2], array[3,4]], array[array[1], null], array[[1,2],[3,4]]::text[]',
  'SELECT array[[1,2],[3]]',
  "SELECT array[1,2] = array[1.0,2.0]",
  "SELECT array[1,2] <> array[1,2], array['a'] < array['b'], array[1,2] = '{1,2}', array[1, null] = array[1, null], array[2] > array[1, 9]",
  "SELECT array_length(array[1,2], 2), array_length('{}'::int[], 1), array_ndims('{}'::int[]), array_dims('[0:1][1:1]={{1},{2}}'::int[])",
  'SELECT array_position(array[1,null,3], null), array_positions(array[1,2,1], 1), array_remove(array[1,null,1], 1), array_replace(array[1,2,1], 1, 0)',
  'SELECT array_remove(array[[1,2]], 1)',
  'SELECT array_position(array[[1,2]], 1)',
  "SELECT array_to_string(array[1.5::float8, null], ','), array_to_string(array['2024-01-01'::date], ','), array_to_string(array[true, false], ' ')",
  "SELECT string_to_array('abc', ''), string_to_array('a,b,,c', ',', ''), string_to_array(NULL, ','), string_to_array('abc', NULL)",
  "SELECT array_fill(7, array[2,2]), array_fill(7, array[2], array[0]), array_fill('x'::text, array[0])",
  'SELECT array_fill(1, ARRAY[2], ARRAY[1, 2])',
  "SELECT array_cat(ARRAY[1], ARRAY[2.5]), array_append(ARRAY[1], 2.5), array_prepend('x', ARRAY['y'])",
  'SELECT array_cat(ARRAY[[1, 2]], ARRAY[[1, 2, 3]])',
  "SELECT ARRAY[1, 2] || ARRAY['a']",
  'SELECT array_length(ARRAY[1, 2])',
  'SELECT max(x), min(x) FROM (VALUES (array[1,2]), (array[3]), (array[1,2,3])) v(x)',
  'SELECT x, count(*) FROM (VALUES (array[1,2]), (array[1,2]), (array[1])) v(x) GROUP BY x ORDER BY x',
  "SELECT '{\"a b\", \"c\\\\d\"}'::text[], '{  a  ,  b c  }'::text[], '{\"\",\"\"}'::text[]",
  "SELECT '{1,2}}'::int[]",
  "SELECT 'x'::int[]",
  "SELECT '[1:2]={1}'::int[]",
  "SELECT '[2:3][1:1]={{1},{2}}'::int[], ('[2:3][1:1]={{1},{2}}'::int[])[3][1], ('[2:3]={1,2}'::int[])[1:2]",
  "SELECT '{1,2}'::int[]::text, ARRAY['a']::varchar[], '{ab}'::text[]::varchar(1)[]",
  "SELECT name FROM (VALUES ('abc'), ('xyz'), ('add')) v(name) WHERE name LIKE ANY (ARRAY['a%', '%d']) ORDER BY 1",
  "SELECT 1 = ANY (ARRAY['a', 'b'])",
  "SELECT '{1,2}'::int2[], '{t,f}'::bool[], '{\"2024-01-02\"}'::date[], '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::uuid[], '{1.5,NaN}'::float4[], '{\"\\\\x0102\"}'::bytea[], '{\"{\\\"a\\\": 1}\"}'::jsonb[]",
];

const BINARY = [
  "SELECT '{1,NULL,3}'::int[], '[0:1][1:2]={{a,b},{c,NULL}}'::text[], '{}'::int8[]",
  "SELECT '{1.5,-2}'::numeric[], '{t,f}'::bool[], '{\"2024-01-02 03:04:05\"}'::timestamp[], '{2024-01-02}'::date[]",
];

const run = postgresAvailable() ? describe : describe.skip;

const raw = { getTypeParser: () => (v: string | Buffer) => (typeof v === 'string' ? v : Buffer.from(v).toString('hex')) } as unknown as pg.CustomTypesConfig;

async function answer(c: pg.Client, text: string, binary = false) {
  await c.query('BEGIN');
  try {
    const r = await c.query({ text, rowMode: 'array', types: raw, binary });
    return { rows: r.rows, fields: r.fields.map((f) => `${f.name}:${f.dataTypeID}`) };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return { error: err.code, message: err.message };
  } finally {
    await c.query('ROLLBACK');
  }
}

run('arrays match PostgreSQL 15', () => {
  const pair = differentialPair(SETUP);

  for (const q of STATEMENTS) {
    it(q, async () => {
      const [x, y] = await Promise.all([answer(pair.ours, q), answer(pair.reference, q)]);
      expect(x).toEqual(y);
    });
  }
  for (const q of BINARY) {
    it(`binary: ${q}`, async () => {
      const [x, y] = await Promise.all([answer(pair.ours, q, true), answer(pair.reference, q, true)]);
      expect(x).toEqual(y);
    });
  }
});
