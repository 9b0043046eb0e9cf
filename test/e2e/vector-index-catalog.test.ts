/**
 * CREATE INDEX … USING hnsw end to end, as PostgreSQL 15 with pgvector 0.8 answers it: what the
 * catalogs and psql show for the index it makes, and pgvector's errors (texts and SQLSTATEs from
 * pgvector's hnswbuild.c, hnsw.c and its regression outputs; the option-bound and GUC-range
 * messages are PostgreSQL's reloptions.c and guc.c). test/system/vector-index-catalog.test.ts covers
 * the catalog side against stored definitions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runPsql } from '../../compat/psql-runner.js';
import { PASSWORD, SUPERUSER, withServerAndClient } from './harness.js';

const s = withServerAndClient();

/** The error a statement fails with: SQLSTATE, message, detail and hint as the client got them. */
async function failure(sql: string): Promise<{ code?: string; message: string; detail?: string; hint?: string }> {
  try {
    await s.c.query(sql);
  } catch (e) {
    const { code, message, detail, hint } = e as { code?: string; message: string; detail?: string; hint?: string };
    return { code, message, ...(detail ? { detail } : {}), ...(hint ? { hint } : {}) };
  }
  throw new Error(`no error from: ${sql}`);
}

beforeAll(async () => {
  await s.c.query('CREATE TABLE items (id bigserial PRIMARY KEY, embedding vector(3))');
});

describe('an hnsw index made by CREATE INDEX', () => {
  it('is in pg_class, pg_index and pg_indexes as pgvector shows it', async () => {
    await s.c.query('CREATE INDEX items_embedding_idx ON items USING hnsw (embedding vector_l2_ops) WITH (m = 16, ef_construction = 64)');
    const r = await s.c.query(`SELECT am.amname, c.reloptions::text, o.opcname, i.indoption::text, x.indexdef
      FROM pg_class c JOIN pg_am am ON am.oid = c.relam JOIN pg_index i ON i.indexrelid = c.oid
      JOIN pg_opclass o ON o.oid = i.indclass[0] JOIN pg_indexes x ON x.indexname = c.relname
      WHERE c.relname = 'items_embedding_idx'`);
    expect(r.rows).toEqual([{
      amname: 'hnsw', reloptions: '{m=16,ef_construction=64}', opcname: 'vector_l2_ops', indoption: '0',
      indexdef: "CREATE INDEX items_embedding_idx ON public.items USING hnsw (embedding vector_l2_ops) WITH (m='16', ef_construction='64')",
    }]);
  });

  it('is listed by psql \\d under Indexes with its class and options', async () => {
    const r = await runPsql(`host=127.0.0.1 port=${s.t.port} user=${SUPERUSER} dbname=postgres`, '\\d items\n', [], PASSWORD);
    expect(r.stdout).toContain(`Indexes:\n    "items_pkey" PRIMARY KEY, btree (id)\n    "items_embedding_idx" hnsw (embedding vector_l2_ops) WITH (m='16', ef_construction='64')\n`);
  });

  it('prints no WITH when none was given', async () => {
    await s.c.query('CREATE INDEX items_cos_idx ON items USING hnsw (embedding vector_cosine_ops)');
    const r = await s.c.query("SELECT pg_get_indexdef('items_cos_idx'::regclass) AS d, reloptions FROM pg_class WHERE relname = 'items_cos_idx'");
    expect(r.rows).toEqual([{ d: 'CREATE INDEX items_cos_idx ON public.items USING hnsw (embedding vector_cosine_ops)', reloptions: null }]);
  });
});

describe("pgvector's errors", () => {
  it('hnsw has no default operator class for vector', async () => {
    expect(await failure('CREATE INDEX ON items USING hnsw (embedding)')).toEqual({
      code: '42704', message: 'data type vector has no default operator class for access method "hnsw"',
      hint: 'You must specify an operator class for the index or define a default operator class for the data type.',
    });
    expect(await failure('CREATE INDEX ON items USING hnsw (embedding vector_l1_ops)')).toEqual({
      code: '42704', message: 'operator class "vector_l1_ops" does not exist for access method "hnsw"',
    });
  });

  it('m and ef_construction out of bounds, and ef_construction below 2 * m', async () => {
    expect(await failure('CREATE INDEX ON items USING hnsw (embedding vector_l2_ops) WITH (m = 1)')).toEqual({
      code: '22023', message: 'value 1 out of bounds for option "m"', detail: 'Valid values are between "2" and "100".',
    });
    expect(await failure('CREATE INDEX ON items USING hnsw (embedding vector_l2_ops) WITH (m = 101)')).toEqual({
      code: '22023', message: 'value 101 out of bounds for option "m"', detail: 'Valid values are between "2" and "100".',
    });
    expect(await failure('CREATE INDEX ON items USING hnsw (embedding vector_l2_ops) WITH (ef_construction = 3)')).toEqual({
      code: '22023', message: 'value 3 out of bounds for option "ef_construction"', detail: 'Valid values are between "4" and "1000".',
    });
    expect(await failure('CREATE INDEX ON items USING hnsw (embedding vector_l2_ops) WITH (ef_construction = 1001)')).toEqual({
      code: '22023', message: 'value 1001 out of bounds for option "ef_construction"', detail: 'Valid values are between "4" and "1000".',
    });
    expect(await failure('CREATE INDEX ON items USING hnsw (embedding vector_l2_ops) WITH (m = 16, ef_construction = 31)')).toEqual({
      code: '22023', message: 'ef_construction must be greater than or equal to 2 * m',
    });
  });

  it("what hnsw cannot do, in PostgreSQL's words for an access method without order, uniqueness or several columns", async () => {
    await s.c.query('ALTER TABLE items ADD COLUMN note text');
    const cases: readonly (readonly [string, string, string])[] = [
      ['(note vector_l2_ops)', '42804', 'operator class "vector_l2_ops" does not accept data type text'],
      ['(embedding vector_l2_ops DESC)', '0A000', 'access method "hnsw" does not support ASC/DESC options'],
      ['(embedding vector_l2_ops NULLS FIRST)', '0A000', 'access method "hnsw" does not support NULLS FIRST/LAST options'],
      ['(embedding vector_l2_ops, id)', '0A000', 'access method "hnsw" does not support multicolumn indexes'],
      ['(embedding vector_l2_ops) WITH (foo = 1)', '22023', 'unrecognized parameter "foo"'],
      ["(embedding vector_l2_ops) WITH (m = 'abc')", '22023', 'invalid value for integer option "m": abc'],
    ];
    for (const [rest, code, message] of cases) {
      expect(await failure(`CREATE INDEX ON items USING hnsw ${rest}`)).toEqual({ code, message });
    }
    expect(await failure('CREATE UNIQUE INDEX ON items USING hnsw (embedding vector_l2_ops)')).toEqual({
      code: '0A000', message: 'access method "hnsw" does not support unique indexes',
    });
  });

  it('a column without dimensions, or with more than 2000', async () => {
    await s.c.query('CREATE TABLE nodim (v vector)');
    await s.c.query('CREATE TABLE wide (v vector(2001))');
    expect(await failure('CREATE INDEX ON nodim USING hnsw (v vector_l2_ops)')).toEqual({
      code: '22023', message: 'column does not have dimensions',
    });
    expect(await failure('CREATE INDEX ON wide USING hnsw (v vector_l2_ops)')).toEqual({
      code: '54000', message: 'column cannot have more than 2000 dimensions for hnsw index',
    });
  });

  it('hnsw.ef_search: 40 by default, 1 .. 1000', async () => {
    expect((await s.c.query('SHOW hnsw.ef_search')).rows).toEqual([{ 'hnsw.ef_search': '40' }]);
    expect(await failure('SET hnsw.ef_search = 0')).toEqual({
      code: '22023', message: '0 is outside the valid range for parameter "hnsw.ef_search" (1 .. 1000)',
    });
    expect(await failure('SET hnsw.ef_search = 1001')).toEqual({
      code: '22023', message: '1001 is outside the valid range for parameter "hnsw.ef_search" (1 .. 1000)',
    });
  });
});
