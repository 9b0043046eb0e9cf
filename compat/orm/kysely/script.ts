/**
 * The Kysely script: the schema built with Kysely's schema builder, what its Postgres
 * introspector reads back (schemas, tables, views, columns), then CRUD with `returning`, a join,
 * transactions and the errors PostgreSQL gives for a duplicate key and a missing parent.
 */
import { Kysely, Migrator, PostgresDialect, sql, type Generated, type ColumnType, type Migration } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import pg from 'pg';
import { Observations, serverError, type ScriptTarget } from '../../../test/support/observations.js';

interface Database {
  authors: {
    id: Generated<number>;
    email: string;
    name: string | null;
    bio: string | null;
    age: number | null;
    active: Generated<boolean>;
    prefs: unknown;
    created_at: ColumnType<Date, never, never>;
  };
  books: {
    id: Generated<number>;
    author_id: number;
    title: string;
    pages: Generated<number>;
  };
}

export async function runKyselyScript(target: ScriptTarget): Promise<Observations> {
  const pool = new pg.Pool({ host: '127.0.0.1', port: target.port, user: target.user, password: target.password, database: 'postgres', max: 2 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const o = new Observations();
  try {
    await migrations(db, o);
    await schema(db, o);
    await introspection(db, o);
    await crud(db, o);
    await transactions(db, o);
    await errors(db, o);
  } finally {
    await db.destroy();
  }
  return o;
}

/** Kysely's Migrator keeps kysely_migration and kysely_migration_lock, as Knex keeps its two. */
const MIGRATIONS: Record<string, Migration> = {
  '001_tags': {
    up: (db) => db.schema.createTable('tags').addColumn('id', 'serial', (c) => c.primaryKey()).addColumn('label', 'text', (c) => c.notNull().unique()).execute(),
    down: (db) => db.schema.dropTable('tags').execute(),
  },
  '002_tag_color': {
    up: (db) => db.schema.alterTable('tags').addColumn('color', 'varchar(7)', (c) => c.defaultTo('#000000')).execute(),
    down: (db) => db.schema.alterTable('tags').dropColumn('color').execute(),
  },
};

async function migrations(db: Kysely<Database>, o: Observations): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const outcome = (r: Awaited<ReturnType<Migrator['migrateToLatest']>>) => ({
    error: r.error ? String(r.error) : undefined,
    results: r.results?.map((x) => `${x.direction} ${x.migrationName} ${x.status}`),
  });
  await o.step('migrateToLatest', async () => outcome(await migrator.migrateToLatest()));
  await o.step('migrateDown', async () => outcome(await migrator.migrateDown()));
  await o.step('migrateToLatest again', async () => outcome(await migrator.migrateToLatest()));
  await o.step('getMigrations', async () => (await migrator.getMigrations()).map((m) => [m.name, m.executedAt instanceof Date]));
}

async function schema(db: Kysely<Database>, o: Observations): Promise<void> {
  await o.step('create authors', () =>
    db.schema
      .createTable('authors')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('email', 'varchar(120)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar')
      .addColumn('bio', 'text')
      .addColumn('age', 'integer', (c) => c.check(sql`age >= 0`))
      .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
      .addColumn('prefs', 'jsonb')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute(),
  );
  await o.step('create books', () =>
    db.schema
      .createTable('books')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id').onDelete('cascade'))
      .addColumn('title', 'varchar(200)', (c) => c.notNull())
      .addColumn('pages', 'integer', (c) => c.notNull().defaultTo(0).check(sql`pages >= 0`))
      .addUniqueConstraint('books_author_title_unique', ['author_id', 'title'])
      .execute(),
  );
  await o.step('create index', () => db.schema.createIndex('books_title_idx').on('books').column('title').execute());
  await o.step('create view', () =>
    db.schema.createView('long_books').as(db.selectFrom('books').select(['id', 'title']).where('pages', '>', 300)).execute(),
  );
  await o.step('create schema and table in it', async () => {
    await db.schema.createSchema('archive').ifNotExists().execute();
    await db.schema.withSchema('archive').createTable('old_books').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('title', 'text').execute();
  });
  await o.step('alter table add column', () => db.schema.alterTable('books').addColumn('isbn', 'char(13)').execute());
}

async function introspection(db: Kysely<Database>, o: Observations): Promise<void> {
  await o.step('getSchemas', async () => (await db.introspection.getSchemas()).map((s) => s.name).filter(notSystem).sort());
  await o.step('getTables', async () => {
    const tables = (await db.introspection.getTables()).filter((t) => notSystem(t.schema ?? ''));
    return tables.sort((a, b) => `${a.schema}.${a.name}`.localeCompare(`${b.schema}.${b.name}`));
  });
  await o.step('getTables with internal tables', async () =>
    (await db.introspection.getTables({ withInternalKyselyTables: true })).filter((t) => notSystem(t.schema ?? '')).map((t) => `${t.schema}.${t.name}`).sort());
  await o.step('system schema tables introspect', async () =>
    (await db.introspection.getTables()).filter((t) => !notSystem(t.schema ?? '')).every((t) => t.columns.length > 0));
}

/**
 * kalamdb-pg has a built-in `system` schema (system.tables, system.users, ...) that PostgreSQL has
 * not; introspection lists it as it lists any schema, so it is left out of the comparison.
 */
function notSystem(schema: string): boolean {
  return schema !== 'system';
}

async function crud(db: Kysely<Database>, o: Observations): Promise<void> {
  await o.step('insert returning', () =>
    db
      .insertInto('authors')
      .values([
        { email: 'ann@example.com', name: 'Ann', age: 41, prefs: JSON.stringify({ genres: ['sf'] }) },
        { email: 'ben@example.com', name: 'Ben', bio: 'poet', active: false },
      ])
      .returning(['id', 'email', 'active', 'prefs'])
      .execute(),
  );
  await o.step('insert books returningAll', () =>
    db
      .insertInto('books')
      .values([
        { author_id: 1, title: 'Dune Again', pages: 412 },
        { author_id: 1, title: 'Short One', pages: 90 },
        { author_id: 2, title: 'Verses' },
      ])
      .returningAll()
      .execute(),
  );
  await o.step('select where', () => db.selectFrom('authors').select(['id', 'name', 'age', 'active']).where('active', '=', true).execute());
  await o.step('selectAll from view', () => db.selectFrom('long_books' as 'books').selectAll().execute());
  await o.step('update returning', () =>
    db.updateTable('books').set((eb) => ({ pages: eb('pages', '+', 10) })).where('title', '=', 'Verses').returning(['id', 'pages']).execute(),
  );
  await o.step('join', () =>
    db
      .selectFrom('books as b')
      .innerJoin('authors as a', 'a.id', 'b.author_id')
      .select(['a.name', 'b.title', 'b.pages'])
      .orderBy('a.name')
      .orderBy('b.title', 'desc')
      .execute(),
  );
  await o.step('aggregate', () =>
    db
      .selectFrom('books')
      .select(['author_id', (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.sum<string>('pages').as('total')])
      .groupBy('author_id')
      .orderBy('author_id')
      .execute(),
  );
  await o.step('upsert (onConflict doUpdateSet)', () =>
    db
      .insertInto('authors')
      .values({ email: 'ben@example.com', name: 'Benjamin' })
      .onConflict((oc) => oc.column('email').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
      .returning(['id', 'name'])
      .execute(),
  );
  await o.step('jsonArrayFrom and jsonObjectFrom', () =>
    db
      .selectFrom('authors as a')
      .select((eb) => [
        'a.name',
        jsonArrayFrom(eb.selectFrom('books as b').select(['b.title', 'b.pages']).whereRef('b.author_id', '=', 'a.id').orderBy('b.title')).as('books'),
        jsonObjectFrom(eb.selectFrom('books as b').select('b.title').whereRef('b.author_id', '=', 'a.id').orderBy('b.pages', 'desc').limit(1)).as('longest'),
      ])
      .orderBy('a.id')
      .execute(),
  );
  await o.step('with (CTE) and subquery in from', () =>
    db
      .with('counts', (qb) => qb.selectFrom('books').select(['author_id', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('author_id'))
      .selectFrom('counts')
      .innerJoin(db.selectFrom('authors').select(['id', 'email']).as('au'), 'au.id', 'counts.author_id')
      .select(['au.email', 'counts.n'])
      .orderBy('au.email')
      .execute(),
  );
  await o.step('case, coalesce and exists', () =>
    db
      .selectFrom('authors')
      .select((eb) => [
        'email',
        eb.case().when('active', '=', true).then('on').else('off').end().as('state'),
        eb.fn.coalesce('bio', sql<string>`'-'`).as('bio'),
        eb.exists(eb.selectFrom('books').select('id').whereRef('books.author_id', '=', 'authors.id')).as('has_books'),
      ])
      .orderBy('email')
      .execute(),
  );
  await o.step('delete returning', () => db.deleteFrom('books').where('pages', '<', 100).returning(['id', 'title']).execute());
}

async function transactions(db: Kysely<Database>, o: Observations): Promise<void> {
  await o.step('transaction commit', async () => {
    await db.transaction().execute(async (trx) => {
      const a = await trx.insertInto('authors').values({ email: 'cat@example.com' }).returning('id').executeTakeFirstOrThrow();
      await trx.insertInto('books').values({ author_id: a.id, title: 'Committed' }).execute();
    });
    return db.selectFrom('books').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst();
  });
  await o.step('transaction rollback', async () => {
    const outcome = await db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('authors').values({ email: 'dan@example.com' }).execute();
        throw new Error('changed my mind');
      })
      .catch((e: Error) => e.message);
    const left = await db.selectFrom('authors').select('email').where('email', '=', 'dan@example.com').execute();
    return [outcome, left];
  });
  await o.step('isolation level', () =>
    db
      .transaction()
      .setIsolationLevel('read committed')
      .execute(async (trx) => sql<{ transaction_isolation: string }>`show transaction isolation level`.execute(trx).then((r) => r.rows)),
  );
}

async function errors(db: Kysely<Database>, o: Observations): Promise<void> {
  await o.step('unique violation', () => db.insertInto('authors').values({ email: 'ann@example.com' }).execute().then(() => 'no error', serverError));
  await o.step('composite unique violation', () =>
    db.insertInto('books').values({ author_id: 1, title: 'Dune Again' }).execute().then(() => 'no error', serverError));
  await o.step('foreign key violation', () => db.insertInto('books').values({ author_id: 99, title: 'x' }).execute().then(() => 'no error', serverError));
  await o.step('check violation', () => db.insertInto('books').values({ author_id: 1, title: 'Negative', pages: -1 }).execute().then(() => 'no error', serverError));
}
