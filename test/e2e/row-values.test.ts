/**
 * Row values (anonymous records) and field selection, compared with PostgreSQL 15: what pgjdbc's
 * DatabaseMetaData needs — `information_schema._pg_expandarray(i.indkey)` in a SELECT list, in
 * FROM, and `(…).n` / `(result.keys).x` — and the comma-joined catalog queries it sends.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { answer, differentialPair } from '../support/differential.js';

const SETUP = [
  'CREATE TABLE parent (a int, b text, PRIMARY KEY (b, a))',
  'CREATE TABLE child (id int PRIMARY KEY, pa int, pb text, FOREIGN KEY (pb, pa) REFERENCES parent (b, a))',
  'CREATE TABLE l (id int PRIMARY KEY, v int)',
  'CREATE TABLE m (id int PRIMARY KEY, l_id int, w int)',
  'CREATE TABLE r (id int PRIMARY KEY, m_id int, tag text)',
  'INSERT INTO l SELECT g, g % 7 FROM generate_series(1, 400) g',
  'CREATE SEQUENCE calls',
  'INSERT INTO m SELECT g, g % 400 + 1, g % 5 FROM generate_series(1, 400) g',
  "INSERT INTO r SELECT g, (g * 3) % 400 + 1, 't' || g % 3 FROM generate_series(1, 400) g",
];

const PGJDBC_PRIMARY_KEYS = `SELECT result.TABLE_CAT, result.TABLE_SCHEM, result.TABLE_NAME, result.COLUMN_NAME, result.KEY_SEQ, result.PK_NAME
  FROM (SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM, ct.relname AS TABLE_NAME, a.attname AS COLUMN_NAME,
    (information_schema._pg_expandarray(i.indkey)).n AS KEY_SEQ, ci.relname AS PK_NAME,
    information_schema._pg_expandarray(i.indkey) AS KEYS, a.attnum AS A_ATTNUM
    FROM pg_catalog.pg_class ct JOIN pg_catalog.pg_attribute a ON (ct.oid = a.attrelid)
    JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid) JOIN pg_catalog.pg_index i ON (a.attrelid = i.indrelid)
    JOIN pg_catalog.pg_class ci ON (ci.oid = i.indexrelid)
    WHERE true AND n.nspname = 'public' AND ct.relname = 'parent' AND i.indisprimary) result
  WHERE result.A_ATTNUM = (result.KEYS).x ORDER BY result.table_name, result.pk_name, result.key_seq`;

const PGJDBC_IMPORTED_KEYS = `SELECT NULL::text AS PKTABLE_CAT, pkn.nspname AS PKTABLE_SCHEM, pkc.relname AS PKTABLE_NAME,
  pka.attname AS PKCOLUMN_NAME, fkn.nspname AS FKTABLE_SCHEM, fkc.relname AS FKTABLE_NAME, fka.attname AS FKCOLUMN_NAME,
  pos.n AS KEY_SEQ, con.conname AS FK_NAME, pkic.relname AS PK_NAME
  FROM pg_catalog.pg_namespace pkn, pg_catalog.pg_class pkc, pg_catalog.pg_attribute pka, pg_catalog.pg_namespace fkn,
    pg_catalog.pg_class fkc, pg_catalog.pg_attribute fka, pg_catalog.pg_constraint con, pg_catalog.generate_series(1, 32) pos(n),
    pg_catalog.pg_class pkic
  WHERE pkn.oid = pkc.relnamespace AND pkc.oid = pka.attrelid AND pka.attnum = con.confkey[pos.n] AND con.confrelid = pkc.oid
    AND fkn.oid = fkc.relnamespace AND fkc.oid = fka.attrelid AND fka.attnum = con.conkey[pos.n] AND con.conrelid = fkc.oid
    AND con.contype = 'f' AND (pkic.relkind = 'i' OR pkic.relkind = 'I') AND pkic.oid = con.conindid
    AND fkn.nspname = 'public' AND fkc.relname = 'child' ORDER BY pkn.nspname, pkc.relname, con.conname, pos.n`;

const QUERIES = [
  'SELECT information_schema._pg_expandarray(ARRAY[5, 6])',
  `SELECT information_schema._pg_expandarray('{a,"b c",NULL,"",x\\\\y,"q""",(p)}'::text[]) AS r`,
  'SELECT * FROM information_schema._pg_expandarray(ARRAY[10, 20, 30]) AS e',
  'SELECT e.n, e.x FROM information_schema._pg_expandarray(ARRAY[[1, 2], [3, 4]]) e',
  'SELECT x, n FROM information_schema._pg_expandarray(NULL::int[])',
  "SELECT * FROM information_schema._pg_expandarray('{}'::text[])",
  "SELECT (information_schema._pg_expandarray(v)).n, (information_schema._pg_expandarray(v)).x FROM (VALUES ('[0:2]={7,8,9}'::int[])) t(v)",
  "SELECT (s.r).x, (s.r).n, s.r FROM (SELECT information_schema._pg_expandarray(ARRAY['p', NULL]) AS r) s",
  'SELECT (information_schema._pg_expandarray(ARRAY[ARRAY[1, 2]])).x[2]',
  'SELECT pg_typeof(r) FROM (SELECT information_schema._pg_expandarray(ARRAY[1]) AS r) s',
  `SELECT jsonb_each('{"a": 1, "b": [2, "x y"]}')`,
  PGJDBC_PRIMARY_KEYS,
  PGJDBC_IMPORTED_KEYS,
  // Comma-joined items: WHERE's equalities join each item by hash, its filters apply as soon as their columns are in.
  `SELECT l.id, m.id, r.id, r.tag FROM l, m, r WHERE m.l_id = l.id AND r.m_id = m.id AND l.v = 3 AND r.tag <> 't0' ORDER BY 1, 2, 3`,
  'SELECT count(*) FROM l, m, r WHERE l.id = m.l_id AND m.id = r.m_id',
  'SELECT count(*) FROM l a, l b WHERE a.id + 1 = b.id AND a.v = 0',
  // A USING join as an item: its merged column comes after both sides' columns in its rows.
  'SELECT l.id, m.id, r.tag FROM l, m JOIN r USING (id) WHERE m.id = l.id + 1 AND l.v = 2 ORDER BY 1 LIMIT 5',
  'SELECT count(*), sum(x.id) FROM m JOIN r USING (id), l x WHERE x.id = r.m_id',
  // A volatile conjunct runs once per joined row, not also early on one item's rows.
  "SELECT count(*) FROM l a, l b WHERE a.id = b.id AND a.v = 1 AND nextval('calls') > 0",
  "SELECT currval('calls')",
  // Errors: PostgreSQL's SQLSTATEs.
  'SELECT (1).x',
  'SELECT (information_schema._pg_expandarray(ARRAY[1])).z',
  'SELECT _pg_expandarray(ARRAY[1])',
  'SELECT information_schema._pg_expandarray(1)',
  'SELECT * FROM information_schema._pg_expandarray(1)',
  "SELECT '(1,2)'::record",
  'SELECT NULL::record',
  'CREATE TABLE rec_t AS SELECT information_schema._pg_expandarray(ARRAY[1]) AS r',
  'CREATE VIEW rec_v AS SELECT information_schema._pg_expandarray(ARRAY[1]) AS r',
  'CREATE TABLE rec_c (r record)',
  'SELECT information_schema.nosuch(1)',
];

const pair = differentialPair(SETUP);

describe('row values and field selection match PostgreSQL 15', () => {
  for (const q of QUERIES) {
    it(q.replace(/\s+/g, ' ').slice(0, 120), async () => {
      const [x, y] = await Promise.all([answer(pair.ours, q), answer(pair.reference, q)]);
      expect(x).toEqual(y);
    });
  }

  it('sends a record in binary as record_send does', async () => {
    const raw = { getTypeParser: () => (v: Buffer | string) => (Buffer.isBuffer(v) ? v.toString('hex') : v) } as unknown as pg.CustomTypesConfig;
    const ours = await pair.server.client({ binary: true });
    const theirs = new pg.Client({ host: '127.0.0.1', port: pair.ref.port, user: pair.ref.user, database: 'postgres', binary: true });
    await theirs.connect();
    try {
      const q = { text: "SELECT information_schema._pg_expandarray(ARRAY['a', NULL]) AS r", rowMode: 'array' as const, types: raw };
      const [x, y] = [await ours.query(q), await theirs.query(q)];
      expect(x.rows).toEqual(y.rows);
      expect(x.rows).toHaveLength(2);
    } finally {
      await theirs.end();
    }
  });
});
