/**
 * Enum types against a throwaway PostgreSQL 15: the same DDL, DML, queries and catalog reads on
 * both servers must give the same rows, command tags, SQLSTATEs, messages and DETAILs. OIDs of
 * user objects are normalised (PostgreSQL spends OIDs on toast tables and row types we do not
 * have); everything else is compared as the client receives it.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { differentialPair, TEXT_TYPES } from '../support/differential.js';
import { removeDir, startTestServer } from './harness.js';

const pair = differentialPair();

/** A user OID (≥ 16384) wherever it appears: in a message, a DETAIL, a value or a field's type. */
const USER_OID = /\b(1[6-9]\d{3}|[2-9]\d{4}|\d{6,})\b/g;

function normalise(text: string): string {
  return text.replace(USER_OID, '<oid>');
}

type Seen =
  | { readonly rows: unknown[][]; readonly fields: string[]; readonly tag: string; readonly notices: string[] }
  | { readonly code?: string; readonly message: string; readonly detail?: string; readonly hint?: string; readonly notices: string[] };

async function seen(c: pg.Client, text: string, values?: unknown[]): Promise<Seen> {
  const notices: string[] = [];
  const onNotice = (n: { code?: string; message?: string; detail?: string }): void => {
    notices.push(`${n.code} ${n.message} ${n.detail ?? ''}`);
  };
  c.on('notice', onNotice);
  try {
    const r = await c.query({ text, values, rowMode: 'array', types: TEXT_TYPES });
    const rows = (r.rows as unknown[][]).map((row) => row.map((v) => (Buffer.isBuffer(v) ? `\\x${v.toString('hex')}` : v)));
    return {
      rows: JSON.parse(normalise(JSON.stringify(rows))) as unknown[][],
      fields: r.fields.map((f) => `${f.name}:${normalise(String(f.dataTypeID))}`),
      tag: `${r.command} ${r.rowCount}`,
      notices,
    };
  } catch (e) {
    const err = e as { code?: string; message: string; detail?: string; hint?: string };
    return {
      code: err.code, message: normalise(err.message), notices,
      ...(err.detail !== undefined ? { detail: normalise(err.detail) } : {}),
      ...(err.hint !== undefined ? { hint: err.hint } : {}),
    };
  } finally {
    c.off('notice', onNotice);
  }
}

async function expectSame(steps: readonly string[]): Promise<void> {
  for (const sql of steps) {
    const ours = await seen(pair.ours, sql);
    const theirs = await seen(pair.reference, sql);
    expect([sql, ours]).toEqual([sql, theirs]);
  }
}

describe('enum DDL matches PostgreSQL 15', () => {
  it('creates, alters, comments on and refuses as PostgreSQL does', async () => {
    await expectSame([
      "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
      'CREATE TYPE nothing AS ENUM ()',
      "CREATE TYPE mood AS ENUM ('x')",
      "CREATE TYPE dup AS ENUM ('a', 'b', 'a')",
      `CREATE TYPE toolong AS ENUM ('${'x'.repeat(64)}')`,
      `CREATE TYPE justright AS ENUM ('${'é'.repeat(31)}x')`,
      "ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok'",
      "ALTER TYPE mood ADD VALUE 'ecstatic' AFTER 'happy'",
      "ALTER TYPE mood ADD VALUE 'glum' AFTER 'sad'",
      "ALTER TYPE mood ADD VALUE 'grim' BEFORE 'glum'",
      "ALTER TYPE mood ADD VALUE 'awful' BEFORE 'sad'",
      "ALTER TYPE mood ADD VALUE 'angry'",
      "ALTER TYPE mood ADD VALUE 'angry'",
      "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'angry'",
      "ALTER TYPE mood ADD VALUE 'zz' BEFORE 'nope'",
      `ALTER TYPE mood ADD VALUE '${'y'.repeat(64)}'`,
      "ALTER TYPE nosuch ADD VALUE 'a'",
      "ALTER TYPE nothing ADD VALUE 'first'",
      "ALTER TYPE nothing RENAME VALUE 'first' TO 'only'",
      "ALTER TYPE nothing RENAME VALUE 'nope' TO 'x'",
      "ALTER TYPE mood RENAME VALUE 'sad' TO 'ok'",
      'ALTER TYPE nothing RENAME TO lonely',
      'ALTER TYPE lonely RENAME TO mood',
      "COMMENT ON TYPE mood IS 'how one feels'",
      "SELECT obj_description('mood'::regtype, 'pg_type')",
      "COMMENT ON TYPE mood IS NULL",
      "SELECT obj_description('mood'::regtype, 'pg_type')",
      "COMMENT ON TYPE mood IS 'how one feels'",
      "SELECT e.enumlabel, e.enumsortorder FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'mood' ORDER BY e.enumsortorder",
      "SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'lonely'",
      `SELECT t.typname, t.typtype, t.typcategory, t.typlen, t.typbyval, t.typalign, t.typstorage, t.typdelim,
              t.typinput::regproc, t.typoutput::regproc, t.typreceive::regproc, t.typsend::regproc, t.typanalyze::regproc,
              t.typsubscript::regproc, t.typcollation, t.typnamespace::regnamespace, pg_get_userbyid(t.typowner),
              t.typelem::regtype, t.typarray::regtype, t.typrelid, t.typbasetype, t.typtypmod, t.typndims, t.typacl
         FROM pg_type t WHERE t.typname IN ('mood', '_mood', 'lonely', '_lonely') ORDER BY t.typname`,
      "SELECT format_type('mood'::regtype, NULL), format_type('_mood'::regtype, -1), 'mood[]'::regtype, pg_type_is_visible('mood'::regtype)",
      `SELECT d.classid::regclass, d.refclassid::regclass, d.deptype, (SELECT typname FROM pg_type WHERE oid = d.objid) AS obj,
              d.refobjid = 'public'::regnamespace OR d.refobjid = 'mood'::regtype AS ref_ok
         FROM pg_depend d WHERE d.objid IN ('mood'::regtype, '_mood'::regtype) ORDER BY 4`,
    ]);
  });

  it('stores, validates, orders and compares enum columns as PostgreSQL does', async () => {
    await expectSame([
      "CREATE TABLE feelings (id int PRIMARY KEY, m mood DEFAULT 'ok', ms mood[], note text)",
      "INSERT INTO feelings VALUES (1, 'happy', '{happy,sad}', 'a'), (2, 'sad', NULL, 'b'), (3, 'meh', '{ok}', 'c')",
      "INSERT INTO feelings (id, ms) VALUES (4, '{}')",
      'INSERT INTO feelings (id) VALUES (5)',
      "INSERT INTO feelings VALUES (6, 'ecstatic', NULL, NULL), (7, NULL, NULL, NULL), (8, 'awful', '{awful,grim,glum}', NULL)",
      "INSERT INTO feelings VALUES (9, 'nope')",
      "INSERT INTO feelings VALUES (9, 'Happy')",
      "INSERT INTO feelings (id, ms) VALUES (9, '{ok,nope}')",
      "UPDATE feelings SET m = 'bad' WHERE id = 5",
      "UPDATE feelings SET m = 'angry' WHERE id = 5",
      'SELECT * FROM feelings ORDER BY m, id',
      'SELECT * FROM feelings ORDER BY m DESC NULLS LAST, id',
      'SELECT id, m FROM feelings ORDER BY ms, id',
      'SELECT min(m), max(m), count(m), count(DISTINCT m) FROM feelings',
      "SELECT id FROM feelings WHERE m > 'meh' ORDER BY id",
      "SELECT id FROM feelings WHERE m <= 'glum' ORDER BY id",
      "SELECT id FROM feelings WHERE m = 'sad'",
      "SELECT id FROM feelings WHERE m IN ('sad', 'happy') ORDER BY 1",
      "SELECT id FROM feelings WHERE m BETWEEN 'sad' AND 'happy' ORDER BY 1",
      "SELECT id FROM feelings WHERE m = 'nope'",
      'SELECT m, count(*) FROM feelings GROUP BY m ORDER BY m',
      'SELECT DISTINCT m FROM feelings ORDER BY m',
      "SELECT greatest('sad'::mood, 'happy', 'ok'), least('happy'::mood, 'ok')",
      'SELECT id, rank() OVER (ORDER BY m), first_value(m) OVER (ORDER BY m DESC) FROM feelings ORDER BY id',
      'SELECT id, ms[1], ms[2], array_length(ms, 1) FROM feelings ORDER BY id',
      "SELECT id FROM feelings WHERE 'sad' = ANY (ms) ORDER BY id",
      'SELECT array_agg(m ORDER BY m), string_agg(m::text, \',\' ORDER BY m DESC) FROM feelings',
      "SELECT m FROM feelings UNION SELECT 'ok' ORDER BY 1",
      "SELECT 'ok'::mood < 'happy'::mood, 'ok'::mood = 'ok', 'sad'::mood <> 'sad', 'happy'::mood > 'sad'",
      'SELECT pg_typeof(m), pg_typeof(ms) FROM feelings LIMIT 1',
      "SELECT 'ok'::mood::text, 'ok'::text::mood, CAST('ok' AS mood), 'ok'::mood::varchar(1), '{sad,ok}'::mood[]",
      "SELECT 'x'::mood",
      "SELECT '{ok,x}'::mood[]",
      'SELECT 1::mood',
      "SELECT 'ok'::mood::int",
      "SELECT 'ok'::mood = 'ok'::text",
      "SELECT upper('ok'::mood)",
      "SELECT m || '!' FROM feelings WHERE id = 1",
      "SELECT 'ok'::mood::lonely",
      'SELECT enum_range(NULL::mood), enum_first(NULL::mood), enum_last(NULL::mood)',
      "SELECT enum_range('glum'::mood, 'ok'::mood), enum_range(NULL, 'sad'::mood), enum_range('happy'::mood, NULL), enum_range('ok'::mood, 'sad'::mood)",
      'SELECT enum_range(NULL::lonely), enum_first(NULL::lonely)',
      'SELECT enum_first(1)',
      "ALTER TABLE feelings ADD COLUMN later mood NOT NULL DEFAULT 'happy'",
      "ALTER TABLE feelings ADD COLUMN worse mood DEFAULT 'worse'",
      'SELECT id, later FROM feelings ORDER BY id LIMIT 3',
      "SELECT column_name, data_type, udt_schema, udt_name, column_default, character_octet_length FROM information_schema.columns WHERE table_name = 'feelings' ORDER BY ordinal_position",
      "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attlen, a.attbyval, a.attstorage, a.attalign, a.attcollation FROM pg_attribute a WHERE a.attrelid = 'feelings'::regclass AND a.attnum > 0 ORDER BY a.attnum",
      "ALTER TABLE feelings ALTER COLUMN m SET DEFAULT 'sad'",
      "ALTER TABLE feelings ALTER COLUMN ms SET DEFAULT '{ok}'",
      "ALTER TABLE feelings ALTER COLUMN later SET DEFAULT 'nope'",
      'INSERT INTO feelings (id) VALUES (10) RETURNING m, ms, later',
      "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d WHERE d.adrelid = 'feelings'::regclass ORDER BY d.adnum",
      'CREATE TABLE mood (a int)',
      'CREATE VIEW mood AS SELECT 1',
      'CREATE SEQUENCE mood',
      'ALTER TABLE feelings RENAME TO mood',
    ]);
  });

  it('keys, references, checks and indexes enum columns as PostgreSQL does', async () => {
    await expectSame([
      "CREATE TYPE sz AS ENUM ('s', 'm', 'l', 'xl')",
      'CREATE TABLE sizes (code sz PRIMARY KEY, label text)',
      "CREATE TABLE shirts (id int PRIMARY KEY, size sz REFERENCES sizes(code), alt sz CHECK (alt <> 's'), UNIQUE (id, size))",
      'CREATE INDEX shirts_size ON shirts (size)',
      "INSERT INTO sizes VALUES ('s', 'small'), ('m', 'medium'), ('l', 'large'), ('xl', 'extra')",
      "INSERT INTO shirts VALUES (1, 'm', 'l'), (2, 'xl', NULL), (3, 's', 'm'), (4, 'm', 'xl')",
      "INSERT INTO shirts VALUES (5, 'm', 's')",
      "INSERT INTO sizes VALUES ('m', 'dup')",
      "INSERT INTO sizes VALUES ('m', 'dup2') ON CONFLICT (code) DO UPDATE SET label = excluded.label RETURNING *",
      "SELECT * FROM shirts WHERE size = 'm' ORDER BY id",
      'SELECT DISTINCT ON (size) size, id FROM shirts ORDER BY size, id DESC',
      "SELECT id, CASE WHEN id > 2 THEN size ELSE 'l' END, COALESCE(alt, 'xl'), nullif(size, 'm') FROM shirts ORDER BY id",
      "SELECT * FROM (VALUES ('s'::sz), ('xl'), ('m')) v(x) ORDER BY x",
      "SELECT id FROM shirts WHERE size = ANY('{s,xl}') ORDER BY id",
      'SELECT s.code, count(sh.id) FROM sizes s LEFT JOIN shirts sh ON sh.size = s.code GROUP BY s.code ORDER BY s.code',
      "CREATE VIEW big AS SELECT id, size FROM shirts WHERE size >= 'l'",
      'SELECT * FROM big ORDER BY id',
      "DELETE FROM sizes WHERE code = 'xl'",
      "SELECT x FROM unnest('{xl,s,m}'::sz[]) x ORDER BY x",
      'SELECT size, lag(size) OVER (ORDER BY size, id) FROM shirts ORDER BY size, id',
    ]);
  });

  it('answers the enum introspection of Sequelize, drizzle-kit, SQLAlchemy and TypeORM as PostgreSQL does', async () => {
    await expectSame([
      // Sequelize describeTable
      `SELECT pk.constraint_type as "Constraint",c.column_name as "Field", c.column_default as "Default",c.is_nullable as "Null", (CASE WHEN c.udt_name = 'hstore' THEN c.udt_name ELSE c.data_type END) || (CASE WHEN c.character_maximum_length IS NOT NULL THEN '(' || c.character_maximum_length || ')' ELSE '' END) as "Type", (SELECT array_agg(e.enumlabel) FROM pg_catalog.pg_type t JOIN pg_catalog.pg_enum e ON t.oid=e.enumtypid WHERE t.typname=c.udt_name) AS "special", (SELECT pgd.description FROM pg_catalog.pg_statio_all_tables AS st INNER JOIN pg_catalog.pg_description pgd on (pgd.objoid=st.relid) WHERE c.ordinal_position=pgd.objsubid AND c.table_name=st.relname) AS "Comment" FROM information_schema.columns c LEFT JOIN (SELECT tc.table_schema, tc.table_name, cu.column_name, tc.constraint_type FROM information_schema.TABLE_CONSTRAINTS tc JOIN information_schema.KEY_COLUMN_USAGE  cu ON tc.table_schema=cu.table_schema and tc.table_name=cu.table_name and tc.constraint_name=cu.constraint_name and tc.constraint_type='PRIMARY KEY') pk ON pk.table_schema=c.table_schema AND pk.table_name=c.table_name AND pk.column_name=c.column_name WHERE c.table_name = 'feelings' AND c.table_schema = 'public'`,
      // drizzle-kit pull
      `select n.nspname as enum_schema, t.typname as enum_name, e.enumlabel as enum_value, e.enumsortorder as sort_order
         from pg_type t join pg_enum e on t.oid = e.enumtypid join pg_catalog.pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' order by enum_schema, enum_name, sort_order`,
      // SQLAlchemy Inspector.get_enums
      `SELECT pg_catalog.pg_type.typname AS name, pg_catalog.pg_type_is_visible(pg_catalog.pg_type.oid) AS visible, pg_catalog.pg_namespace.nspname AS schema, lbl_agg.labels AS labels
         FROM pg_catalog.pg_type JOIN pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = pg_catalog.pg_type.typnamespace LEFT OUTER JOIN (SELECT pg_catalog.pg_enum.enumtypid AS enumtypid, array_agg(CAST(pg_catalog.pg_enum.enumlabel AS TEXT) ORDER BY pg_catalog.pg_enum.enumsortorder) AS labels
         FROM pg_catalog.pg_enum GROUP BY pg_catalog.pg_enum.enumtypid) AS lbl_agg ON pg_catalog.pg_type.oid = lbl_agg.enumtypid
        WHERE pg_catalog.pg_type.typtype = 'e' ORDER BY pg_catalog.pg_namespace.nspname, pg_catalog.pg_type.typname`,
      // TypeORM's enum values
      `SELECT "e"."enumlabel" AS "value" FROM "pg_enum" "e" INNER JOIN "pg_type" "t" ON "t"."oid" = "e"."enumtypid" INNER JOIN "pg_namespace" "n" ON "n"."oid" = "t"."typnamespace" WHERE "n"."nspname" = 'public' AND "t"."typname" = 'mood'`,
    ]);
  });

  it('takes enum parameters typed by the column, in text and binary', async () => {
    for (const binary of [false, true]) {
      const ours = await pair.server.client({ binary });
      const theirs = new pg.Client({ host: '127.0.0.1', port: pair.ref.port, user: pair.ref.user, database: 'postgres', binary });
      await theirs.connect();
      try {
        for (const [sql, values] of [
          ['SELECT m, ms, id FROM feelings WHERE m = $1 ORDER BY id', ['happy']],
          ['SELECT m FROM feelings WHERE m > $1 ORDER BY m, id', ['meh']],
          ['SELECT m FROM feelings WHERE m = $1', ['nope']],
          ['SELECT $1::mood, $2::mood[]', ['sad', '{ok,sad}']],
          ['INSERT INTO feelings (id, m, ms) VALUES ($1, $2, $3) RETURNING m, ms', [20 + Number(binary), 'glum', '{grim}']],
          ['INSERT INTO feelings (id, m) VALUES ($1, $2)', [30, 'nope']],
        ] as const) {
          expect([sql, binary, await seen(ours, sql, [...values])]).toEqual([sql, binary, await seen(theirs, sql, [...values])]);
        }
      } finally {
        await ours.end();
        await theirs.end();
      }
    }
  });

  it('drops types as PostgreSQL does, and undoes enum DDL on ROLLBACK', async () => {
    await expectSame([
      // PostgreSQL lists what depends on the type in pg_depend's physical order; one table keeps that plain.
      "CREATE TYPE weather AS ENUM ('rain', 'sun')",
      'CREATE TABLE forecast (id int, w weather, hist weather[])',
      'DROP TYPE weather',
      'CREATE TYPE spare AS ENUM ()',
      'DROP TYPE spare, weather',
      'DROP TYPE nosuch',
      'DROP TYPE IF EXISTS nosuch, lonely',
      "SELECT count(*) FROM pg_type WHERE typname IN ('lonely', '_lonely')",
      'BEGIN',
      "CREATE TYPE temp_e AS ENUM ('a')",
      "ALTER TYPE mood ADD VALUE 'rolled_back'",
      'ALTER TYPE temp_e RENAME TO temp_f',
      'ROLLBACK',
      "SELECT count(*) FROM pg_type WHERE typname IN ('temp_e', 'temp_f')",
      'SELECT enum_last(NULL::mood)',
      'CREATE TYPE cascaded AS ENUM (\'x\')',
      'CREATE TABLE uses_cascaded (id int, c cascaded)',
      "INSERT INTO uses_cascaded VALUES (1, 'x')",
      'DROP TYPE cascaded CASCADE',
      'SELECT * FROM uses_cascaded',
      "CREATE TYPE feelings AS ENUM ('x')",
      "CREATE SCHEMA elsewhere",
      "CREATE TYPE elsewhere.color AS ENUM ('red', 'green')",
      "SELECT format_type('elsewhere.color'::regtype, NULL), 'red'::elsewhere.color, 'blue'::elsewhere.color",
      "CREATE TYPE public.color AS ENUM ('cyan')",
      'SET search_path = elsewhere, public',
      "SELECT format_type('elsewhere.color'::regtype, NULL), format_type('elsewhere._color'::regtype, NULL), format_type('mood'::regtype, NULL), pg_type_is_visible('elsewhere.color'::regtype)",
      "SELECT 'red'::color::text, 'red'::color = 'red'::elsewhere.color, '{green}'::color[] = '{green}'::elsewhere.color[]",
      "SELECT 'cyan'::public.color::text, pg_typeof('red'::color), pg_typeof('cyan'::public.color)",
      'SET search_path = "$user", public',
      "SELECT format_type('elsewhere.color'::regtype, NULL), pg_type_is_visible('elsewhere.color'::regtype), pg_typeof('red'::elsewhere.color)",
      "SELECT 'blue'::elsewhere.color",
      'DROP TYPE color',
      'DROP SCHEMA elsewhere',
      "CREATE TABLE elsewhere.paint (id int, c elsewhere.color DEFAULT 'green')",
      "INSERT INTO elsewhere.paint VALUES (1, 'red'), (2, DEFAULT)",
      'SELECT * FROM elsewhere.paint ORDER BY c DESC',
      'DROP SCHEMA elsewhere',
      'DROP SCHEMA elsewhere CASCADE',
      "SELECT count(*) FROM pg_type WHERE typname = 'color'",
    ]);
  });
});

describe('enum types survive a restart', () => {
  it('keeps OIDs, labels, sort orders and the rows that use them', async () => {
    const first = await startTestServer();
    const dir = first.dataDir;
    const read = async (c: pg.Client) => ({
      types: (await c.query("SELECT oid, typname, typarray FROM pg_type WHERE typname IN ('level', '_level') ORDER BY oid")).rows,
      labels: (await c.query("SELECT oid, enumlabel, enumsortorder FROM pg_enum WHERE enumtypid = 'level'::regtype ORDER BY enumsortorder")).rows,
      rows: (await c.query({ text: 'SELECT l, ls FROM levels ORDER BY l', types: TEXT_TYPES })).rows,
    });
    let before: unknown;
    try {
      const c = await first.client();
      await c.query("CREATE TYPE level AS ENUM ('low', 'high')");
      await c.query("ALTER TYPE level ADD VALUE 'mid' AFTER 'low'");
      await c.query("COMMENT ON TYPE level IS 'how much'");
      await c.query('CREATE TABLE levels (l level PRIMARY KEY, ls level[])');
      await c.query("INSERT INTO levels VALUES ('high', '{mid,low}'), ('low', NULL), ('mid', '{}')");
      before = await read(c);
      expect((before as { labels: unknown[] }).labels).toHaveLength(3);
      await c.end();
    } finally {
      await first.server.close(500);
    }
    const second = await startTestServer(dir);
    try {
      const c = await second.client();
      expect(await read(c)).toEqual(before);
      expect((await c.query("SELECT obj_description('level'::regtype, 'pg_type') AS d")).rows[0].d).toBe('how much');
      await expect(c.query("INSERT INTO levels VALUES ('extreme')")).rejects.toThrow('invalid input value for enum level: "extreme"');
      await c.query("ALTER TYPE level ADD VALUE 'extreme'");
      await c.query("INSERT INTO levels VALUES ('extreme')");
      expect((await c.query({ text: 'SELECT max(l) AS m FROM levels', types: TEXT_TYPES })).rows[0].m).toBe('extreme');
    } finally {
      await second.stop();
      removeDir(dir);
    }
  });
});
