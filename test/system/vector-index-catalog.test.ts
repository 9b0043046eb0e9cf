/**
 * hnsw indexes in the catalogs, as PostgreSQL 15 with pgvector 0.8 shows them: pg_am, pg_opfamily,
 * pg_opclass, pg_class.relam/reloptions, pg_index.indclass, pg_get_indexdef, pg_indexes and psql's
 * `\d`, `\di+`. The index definitions are put into the schema store directly (CREATE INDEX USING
 * hnsw is built elsewhere); everything after that is read over a real socket. The expected psql
 * text was captured from PostgreSQL 15 with an access method named hnsw and an operator class
 * named vector_l2_ops standing in for pgvector's (same describe.c paths, same ruleutils).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { IndexDefinition, VectorIndexOptions } from '../../src/catalog/table-definition.js';
import { runPsql } from '../../compat/psql-runner.js';
import { PASSWORD, startTestServer, SUPERUSER, type TestServer } from '../e2e/harness.js';

let t: TestServer;
let c: pg.Client;

/** Adds an hnsw index over items.embedding to the stored table definition, as CREATE INDEX will. */
async function addHnswIndex(name: string, vector: VectorIndexOptions): Promise<void> {
  const schema = t.server.db.schema;
  const table = schema.table('public', 'items')!;
  const embedding = table.columns.find((col) => col.name === 'embedding')!;
  const index: IndexDefinition = {
    oid: schema.allocateOid(), name, columns: [embedding.ordinal], descending: [false], nullsFirst: [false],
    unique: false, primary: false, storageId: schema.allocateTableId(), method: 'hnsw', vector,
  };
  await schema.putTable({ ...table, indexes: [...(table.indexes ?? []), index] }, [], table);
}

beforeAll(async () => {
  t = await startTestServer();
  c = await t.client();
  await c.query('CREATE TABLE items (id bigserial PRIMARY KEY, embedding vector(3), note text)');
  await c.query('CREATE INDEX items_note_idx ON items (note)');
  await addHnswIndex('items_embedding_idx', { opclass: 'vector_l2_ops', m: 16, efConstruction: 64, reloptions: ['m=16', 'ef_construction=64'] });
  await addHnswIndex('items_cos_idx', { opclass: 'vector_cosine_ops', m: 16, efConstruction: 64, reloptions: [] });
  await addHnswIndex('items_ip_idx', { opclass: 'vector_ip_ops', m: 8, efConstruction: 64, reloptions: ['m=8'] });
});

afterAll(async () => {
  await t?.stop();
});

const rows = async (sql: string): Promise<unknown[][]> => (await c.query({ text: sql, rowMode: 'array' })).rows;

describe('access methods and operator classes', () => {
  it('lists hnsw and ivfflat in pg_am as index access methods, beside the built-in ones', async () => {
    expect(await rows("SELECT oid::int, amname, amtype FROM pg_am WHERE amname IN ('btree', 'hnsw', 'ivfflat') ORDER BY oid"))
      .toEqual([[403, 'btree', 'i'], [14100, 'hnsw', 'i'], [14101, 'ivfflat', 'i']]);
  });

  it("has pgvector's operator classes for vector: none of hnsw's is the default, ivfflat's l2 and btree's vector_ops are", async () => {
    expect(await rows(`SELECT am.amname, c.opcname, c.opcdefault, f.opfname, n.nspname
      FROM pg_opclass c JOIN pg_am am ON am.oid = c.opcmethod JOIN pg_opfamily f ON f.oid = c.opcfamily
      JOIN pg_namespace n ON n.oid = c.opcnamespace
      WHERE c.opcintype = 'vector'::regtype ORDER BY am.amname, c.oid`)).toEqual([
      ['btree', 'vector_ops', true, 'vector_ops', 'pg_catalog'],
      ['hnsw', 'vector_l2_ops', false, 'vector_l2_ops', 'pg_catalog'],
      ['hnsw', 'vector_ip_ops', false, 'vector_ip_ops', 'pg_catalog'],
      ['hnsw', 'vector_cosine_ops', false, 'vector_cosine_ops', 'pg_catalog'],
      ['ivfflat', 'vector_l2_ops', true, 'vector_l2_ops', 'pg_catalog'],
      ['ivfflat', 'vector_ip_ops', false, 'vector_ip_ops', 'pg_catalog'],
      ['ivfflat', 'vector_cosine_ops', false, 'vector_cosine_ops', 'pg_catalog'],
    ]);
  });

  it('has every operator family an operator class names, each of its class\'s access method (PostgreSQL 15: 146 built in)', async () => {
    expect(await rows(`SELECT count(*)::int FROM pg_opclass c LEFT JOIN pg_opfamily f ON f.oid = c.opcfamily
      WHERE f.oid IS NULL OR f.opfmethod <> c.opcmethod`)).toEqual([[0]]);
    expect(await rows('SELECT count(*)::int FROM pg_opfamily WHERE oid < 14000')).toEqual([[146]]);
  });
});

describe('an hnsw index in pg_class and pg_index', () => {
  it('records the access method and the WITH options (NULL without any); b-tree indexes keep btree', async () => {
    expect(await rows(`SELECT c.relname, am.amname, c.reloptions::text, c.relkind FROM pg_class c JOIN pg_am am ON am.oid = c.relam
      WHERE c.relname LIKE 'items%' ORDER BY c.relname`)).toEqual([
      ['items', 'heap', null, 'r'],
      ['items_cos_idx', 'hnsw', null, 'i'],
      ['items_embedding_idx', 'hnsw', '{m=16,ef_construction=64}', 'i'],
      ['items_ip_idx', 'hnsw', '{m=8}', 'i'],
      ['items_note_idx', 'btree', null, 'i'],
      ['items_pkey', 'btree', null, 'i'],
    ]);
  });

  it('names the operator class in pg_index.indclass, with indoption 0', async () => {
    expect(await rows(`SELECT c.relname, o.opcname, am.amname, i.indoption::text, i.indkey::text
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_opclass o ON o.oid = i.indclass[0]
      JOIN pg_am am ON am.oid = o.opcmethod
      WHERE i.indrelid = 'items'::regclass ORDER BY c.relname`)).toEqual([
      ['items_cos_idx', 'vector_cosine_ops', 'hnsw', '0', '2'],
      ['items_embedding_idx', 'vector_l2_ops', 'hnsw', '0', '2'],
      ['items_ip_idx', 'vector_ip_ops', 'hnsw', '0', '2'],
      ['items_note_idx', 'text_ops', 'btree', '0', '3'],
      ['items_pkey', 'int8_ops', 'btree', '0', '1'],
    ]);
  });
});

describe('pg_get_indexdef and pg_indexes', () => {
  it('print the operator class always and the options quoted, as ruleutils does', async () => {
    expect(await rows("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'items' ORDER BY indexname")).toEqual([
      ['items_cos_idx', 'CREATE INDEX items_cos_idx ON public.items USING hnsw (embedding vector_cosine_ops)'],
      ['items_embedding_idx', "CREATE INDEX items_embedding_idx ON public.items USING hnsw (embedding vector_l2_ops) WITH (m='16', ef_construction='64')"],
      ['items_ip_idx', "CREATE INDEX items_ip_idx ON public.items USING hnsw (embedding vector_ip_ops) WITH (m='8')"],
      ['items_note_idx', 'CREATE INDEX items_note_idx ON public.items USING btree (note)'],
      ['items_pkey', 'CREATE UNIQUE INDEX items_pkey ON public.items USING btree (id)'],
    ]);
  });

  it('pretty: the table unqualified when on the search path; a column alone without its class', async () => {
    const oid = "'public.items_embedding_idx'::regclass";
    expect(await rows(`SELECT pg_get_indexdef(${oid}, 0, true), pg_get_indexdef(${oid}, 1, true), pg_get_indexdef(${oid}, 0, false)`)).toEqual([[
      "CREATE INDEX items_embedding_idx ON items USING hnsw (embedding vector_l2_ops) WITH (m='16', ef_construction='64')",
      'embedding',
      "CREATE INDEX items_embedding_idx ON public.items USING hnsw (embedding vector_l2_ops) WITH (m='16', ef_construction='64')",
    ]]);
    await c.query('SET search_path = pg_catalog');
    try {
      expect(await rows(`SELECT pg_get_indexdef(${oid}, 0, true)`)).toEqual([[
        "CREATE INDEX items_embedding_idx ON public.items USING hnsw (embedding vector_l2_ops) WITH (m='16', ef_construction='64')",
      ]]);
    } finally {
      await c.query('RESET search_path');
    }
  });
});

describe('psql', () => {
  const psql = async (command: string): Promise<string> => {
    const r = await runPsql(`host=127.0.0.1 port=${t.port} user=${SUPERUSER} dbname=postgres`, `${command}\n`, [], PASSWORD);
    expect(r.stderr).toBe('');
    return r.stdout;
  };

  it('\\d items lists each hnsw index with its class and options under Indexes', async () => {
    const out = await psql('\\d items');
    expect(out.slice(out.indexOf('Indexes:'))).toBe([
      'Indexes:',
      '    "items_pkey" PRIMARY KEY, btree (id)',
      '    "items_cos_idx" hnsw (embedding vector_cosine_ops)',
      `    "items_embedding_idx" hnsw (embedding vector_l2_ops) WITH (m='16', ef_construction='64')`,
      `    "items_ip_idx" hnsw (embedding vector_ip_ops) WITH (m='8')`,
      '    "items_note_idx" btree (note)',
      '', '',
    ].join('\n'));
  });

  it('\\d and \\d+ of the index name its access method and, verbose, its options', async () => {
    expect(await psql('\\d items_embedding_idx')).toBe([
      '    Index "public.items_embedding_idx"',
      '  Column   |   Type    | Key? | Definition ',
      '-----------+-----------+------+------------',
      ' embedding | vector(3) | yes  | embedding',
      'hnsw, for table "public.items"',
      '', '',
    ].join('\n'));
    const verbose = await psql('\\d+ items_embedding_idx');
    expect(verbose).toContain('hnsw, for table "public.items"\nOptions: m=16, ef_construction=64\n');
  });

  it('\\dA+ lists hnsw and ivfflat with their handlers and comments, beside the built-in methods', async () => {
    expect(await psql('\\dA+')).toBe([
      ' '.repeat(29) + 'List of access methods',
      '  Name   | Type  |       Handler        |              Description               ',
      '---------+-------+----------------------+----------------------------------------',
      ' brin    | Index | brinhandler          | block range index (BRIN) access method',
      ' btree   | Index | bthandler            | b-tree index access method',
      ' gin     | Index | ginhandler           | GIN index access method',
      ' gist    | Index | gisthandler          | GiST index access method',
      ' hash    | Index | hashhandler          | hash index access method',
      ' heap    | Table | heap_tableam_handler | heap table access method',
      ' hnsw    | Index | hnswhandler          | hnsw index access method',
      ' ivfflat | Index | ivfflathandler       | ivfflat index access method',
      ' spgist  | Index | spghandler           | SP-GiST index access method',
      '(9 rows)',
      '', '',
    ].join('\n'));
  });

  it('\\di lists the indexes with their tables; \\di+ shows the access method', async () => {
    expect(await psql('\\di items_*')).toBe([
      '                    List of relations',
      ' Schema |        Name         | Type  |  Owner   | Table ',
      '--------+---------------------+-------+----------+-------',
      ' public | items_cos_idx       | index | postgres | items',
      ' public | items_embedding_idx | index | postgres | items',
      ' public | items_ip_idx        | index | postgres | items',
      ' public | items_note_idx      | index | postgres | items',
      ' public | items_pkey          | index | postgres | items',
      '(5 rows)',
      '', '',
    ].join('\n'));
    const lines = (await psql('\\pset format unaligned\n\\di+ items_*')).split('\n');
    expect(lines[2]!.split('|')[6]).toBe('Access method');
    expect(lines.slice(3, 8).map((l) => { const f = l.split('|'); return [f[1], f[6]]; })).toEqual([
      ['items_cos_idx', 'hnsw'], ['items_embedding_idx', 'hnsw'], ['items_ip_idx', 'hnsw'], ['items_note_idx', 'btree'], ['items_pkey', 'btree'],
    ]);
  });
});
