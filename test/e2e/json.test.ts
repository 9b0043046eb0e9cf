/**
 * json and jsonb against a throwaway PostgreSQL 15: the same statements on both servers must give
 * the same rows (as text), column names and type OIDs, or fail with the same SQLSTATE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { withOursAndReference } from '../support/server-pair.js';

const SETUP = [
  'CREATE TABLE jdocs (id int PRIMARY KEY, b jsonb, j json, ts timestamptz, n numeric, f float8)',
  `INSERT INTO jdocs VALUES
    (1, '{"k": "v", "n": 1.50, "arr": [1, "two", null, {"x": [true]}], "o": {"z": 1, "a": {"deep": "yes"}}}', '{"z": 1,  "a": [1,  2], "a": 3}', '2024-03-15 13:45:30.25+00', 1.50, 1e20),
    (2, '[1, 2, [3, 4], {"a": null}]', '[ "x" , {"y" :  null} ]', '2024-01-01 00:00:00+00', 'NaN', 'Infinity'),
    (3, '"scalar"', '  12.50  ', NULL, -0.5, 0.1),
    (4, 'null', 'null', NULL, NULL, NULL),
    (5, NULL, NULL, NULL, NULL, NULL)`,
];

const QUERIES = [
  // access
  "SELECT id, b -> 'k', b ->> 'n', b -> 'arr' -> 3 -> 'x' ->> 0, b -> 'o' FROM jdocs ORDER BY id",
  "SELECT id, j -> 'a', j ->> 'z', j -> 1, j -> 1 -> 'y', j ->> 0 FROM jdocs ORDER BY id",
  "SELECT id, b #> '{o,a,deep}', b #>> '{arr,-1,x}', b #> '{}', b #>> '{}', j #> '{a,1}', j #>> '{}' FROM jdocs ORDER BY id",
  "SELECT id, b #> '{arr,x}', b #> '{arr,99}', b #> '{k,0}', b #> '{NULL}', b #> '{{o},{z}}' FROM jdocs ORDER BY id",
  "SELECT jsonb_extract_path(b, 'o', 'a'), jsonb_extract_path_text(b, 'arr', '1'), json_extract_path(j, 'a'), json_extract_path_text(j, 'z') FROM jdocs WHERE id = 1",
  "SELECT '[1,2,3]'::jsonb -> -3, '[1,2,3]'::jsonb -> -4, '{\"1\": 2}'::jsonb -> 1, '[1]'::jsonb -> 'a', '{\"a\": 1}'::jsonb -> 1::int2",
  // containment and existence
  "SELECT id FROM jdocs WHERE b @> '{\"o\": {\"a\": {}}}' ORDER BY id",
  "SELECT id, b @> '[[3]]', b <@ '[1, 2, [3, 4], {\"a\": null}, 5]', b @> '1', b ? 'k', b ? 'scalar', b ?| '{k,zz}', b ?& '{k,n}', b ?& '{}' FROM jdocs ORDER BY id",
  "SELECT '[1, 2]'::jsonb @> '1', '1'::jsonb @> '[1]', '{\"a\": [1, 2]}'::jsonb @> '{\"a\": 1}', '{\"a\": 1.0}'::jsonb @> '{\"a\": 1}', '[{\"a\": 1, \"b\": 2}]'::jsonb @> '[{\"a\": 1}]'",
  "SELECT jsonb_exists(b, 'k'), jsonb_exists_any(b, '{a,n}'), jsonb_exists_all(b, '{k,NULL}'), jsonb_contains(b, '{\"k\": \"v\"}'), jsonb_contained('{\"k\": \"v\"}', b) FROM jdocs WHERE id = 1",
  // modification
  "SELECT id, b || '{\"new\": 1}', b || '[9]', b - 'k', b - 0, b #- '{o,a}', b #- '{arr,-1,x,0}' FROM jdocs WHERE id <= 3 ORDER BY id",
  "SELECT '\"a\"'::jsonb || '\"b\"', '{\"a\": 1}'::jsonb || '[1]', '[]'::jsonb || '{}', '{\"a\": {\"b\": 1}}'::jsonb || '{\"a\": {\"c\": 2}}'",
  "SELECT '{\"a\": 1}'::jsonb || 'x'::text, '{\"a\": 1}'::json || 'x'",
  "SELECT '\"x\"'::jsonb - 'x'",
  "SELECT '\"x\"'::jsonb #- '{a}'",
  "SELECT '{\"a\": [1, 2]}'::jsonb #- '{a,x}'",
  "SELECT '{\"a\": [1, 2]}'::jsonb #- '{a,NULL}'",
  "SELECT jsonb_set(b, '{o,a,deep}', '\"no\"'), jsonb_set(b, '{arr,0}', '{\"r\": 1}'), jsonb_set(b, '{missing,x}', '1'), jsonb_set(b, '{arr,-99}', '0'), jsonb_set(b, '{arr,99}', '0', false) FROM jdocs WHERE id = 1",
  "SELECT jsonb_set('[1, 2]', '{x}', '1')",
  "SELECT jsonb_set('{\"a\": 1}', '{a}', NULL), jsonb_set('{\"a\": 1}', '{a}', '2', NULL)",
  "SELECT jsonb_insert(b, '{arr,-1}', '\"end\"', true), jsonb_insert(b, '{arr,99}', '0'), jsonb_insert(b, '{o,new}', '[]') FROM jdocs WHERE id = 1",
  "SELECT jsonb_insert('{\"a\": {\"b\": 1}}', '{a,b}', '2')",
  "SELECT jsonb_insert('\"s\"', '{0}', '1')",
  // builders and conversions
  "SELECT jsonb_build_object('n', n, 'f', f, 'ts', ts, 'j', j, 'b', b), json_build_object('n', n, 'f', f, 'ts', ts, 'j', j) FROM jdocs ORDER BY id",
  "SELECT json_build_array(n, f, ts, j, b, id > 2), jsonb_build_array(n, f, ts, j, id > 2) FROM jdocs ORDER BY id",
  "SELECT to_json(n), to_jsonb(n), to_json(f), to_jsonb(f), to_json(ts), to_jsonb(j), to_json(b) FROM jdocs ORDER BY id",
  "SELECT json_build_object(1.5, 'x', true, 'y'), jsonb_build_object('a', 1, 'a', 2), json_build_object('a', 1, 'a', 2)",
  "SELECT json_build_object(NULL, 1)",
  "SELECT jsonb_build_object(NULL, 1)",
  "SELECT json_build_object(j, 1) FROM jdocs WHERE id = 1",
  "SELECT to_json('x')",
  "SELECT json_object('{{a,1},{b,NULL}}'), jsonb_object('{a,b}', '{1,2}'), json_object('{}')",
  "SELECT json_object('{a,b,c}')",
  "SELECT json_object('{a,b}', '{1}')",
  "SELECT to_json(x), to_jsonb(x), row_to_json(x), row_to_json(x, true) FROM jdocs x WHERE id = 1",
  "SELECT to_jsonb(t.*) FROM (SELECT id, n FROM jdocs) t ORDER BY 1",
  "SELECT row_to_json(row(1, 2.5, 'x', NULL, true)), to_jsonb(row(n, ts)) FROM jdocs WHERE id = 1",
  "SELECT row_to_json(5)",
  // aggregates
  "SELECT json_agg(b ORDER BY id), jsonb_agg(j ORDER BY id), json_agg(n ORDER BY id DESC), jsonb_agg(ts ORDER BY id) FROM jdocs",
  "SELECT json_object_agg(id, n ORDER BY id), jsonb_object_agg(id::text, b) FROM jdocs",
  "SELECT jsonb_object_agg(b, 1) FROM jdocs WHERE id = 1",
  "SELECT json_object_agg(CASE WHEN id = 5 THEN NULL ELSE id END, 1) FROM jdocs",
  "SELECT json_agg(x ORDER BY id) FROM jdocs x WHERE id > 3",
  "SELECT id > 2 AS g, jsonb_agg(id ORDER BY id) FROM jdocs GROUP BY 1 ORDER BY 1",
  // info functions
  "SELECT id, jsonb_typeof(b), json_typeof(j), jsonb_typeof(b -> 'n'), json_typeof(j -> 'a') FROM jdocs ORDER BY id",
  "SELECT jsonb_array_length(b -> 'arr'), json_array_length(j -> 'a'), json_array_length('[]') FROM jdocs WHERE id = 1",
  "SELECT json_array_length('{}')",
  "SELECT jsonb_strip_nulls(b), json_strip_nulls(j) FROM jdocs ORDER BY id",
  "SELECT jsonb_pretty(b) FROM jdocs ORDER BY id",
  // ordering and equality
  "SELECT id FROM jdocs WHERE b IS NOT NULL ORDER BY b, id",
  "SELECT id FROM jdocs WHERE b IS NOT NULL ORDER BY b DESC, id",
  "SELECT max(b), min(b) FROM jdocs",
  "SELECT '1'::jsonb < '[]', '[1]'::jsonb > '1', '{}'::jsonb > '[1, 2]', 'true'::jsonb > '99', '\"a\"'::jsonb < '1', '{\"b\": 1}'::jsonb > '{\"a\": 2}', '[1.0]'::jsonb = '[1]', '{\"a\": 1}'::jsonb <> '{\"a\": 2}'",
  "SELECT DISTINCT b FROM jdocs ORDER BY b",
  "SELECT j = j FROM jdocs",
  // operator resolution
  "SELECT '{\"a\": 1}' -> 'a'",
  "SELECT '{\"a\": 1}' @> '{}'",
  "SELECT '{\"a\": 1}'::jsonb - 1::int8",
  "SELECT '{\"a\": 1}'::jsonb ? 1",
  "SELECT '{\"a\": 1}'::json @> '{}'",
  "SELECT '{\"a\": 1}'::jsonb #> 'a'",
  "SELECT '{\"a\": 1}'::jsonb - 'a' AS x, '{}'::json -> 'a' AS y, '{}'::jsonb #>> '{a}' AS z",
  "SELECT '{\"a\": [1, 2], \"a\": 3}'::json #> '{a,1}', '{\"a\": 1, \"a\": null}'::json ->> 'a', ' [1] '::json #> '{}', '  \"x\"  '::json #>> '{}'",
];

const pair = withOursAndReference();
let a: pg.Client;
let b: pg.Client;
const raw = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;

beforeAll(async () => {
  a = await pair.ours.client();
  b = new pg.Client({ host: '127.0.0.1', port: pair.ref.port, user: pair.ref.user, database: 'postgres' });
  b.on('error', () => undefined);
  await b.connect();
  for (const sql of SETUP) {
    await a.query(sql);
    await b.query(sql);
  }
});
afterAll(async () => {
  await a?.end();
  await b?.end();
});

async function answer(c: pg.Client, text: string) {
  try {
    const r = await c.query({ text, rowMode: 'array', types: raw });
    return { rows: r.rows, fields: r.fields.map((f) => `${f.name}:${f.dataTypeID}`) };
  } catch (e) {
    return { error: (e as { code?: string }).code, message: (e as Error).message };
  }
}

describe('json and jsonb answers match PostgreSQL 15', () => {
  for (const q of QUERIES) {
    it(q, async () => {
      const [x, y] = await Promise.all([answer(a, q), answer(b, q)]);
      expect(x).toEqual(y);
    });
  }
});
