/**
 * The Knex script: migrations up, down and up again, then CRUD with `returning`, a join, a
 * transaction committed and one rolled back, and the errors PostgreSQL gives for a duplicate key
 * and a missing parent. Each step records what Knex hands back.
 */
import knexFactory, { type Knex } from 'knex';
import { Observations, serverError, type ScriptTarget } from '../../../test/support/observations.js';
import * as users from './migrations/001_users.js';
import * as posts from './migrations/002_posts.js';
import * as alter from './migrations/003_alter.js';

const MIGRATIONS: ReadonlyMap<string, Knex.Migration> = new Map([
  ['001_users', users],
  ['002_posts', posts],
  ['003_alter', alter],
]);

/** The two migration files, handed to Knex in order (as its directory loader would). */
const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => [...MIGRATIONS.keys()],
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS.get(name)!,
};

export async function runKnexScript(target: ScriptTarget): Promise<Observations> {
  const knex = knexFactory({
    client: 'pg',
    connection: { host: '127.0.0.1', port: target.port, user: target.user, password: target.password, database: 'postgres' },
    pool: { min: 0, max: 2 },
    migrations: { migrationSource },
  });
  const o = new Observations();
  try {
    await migrations(knex, o);
    await crud(knex, o);
    await transactions(knex, o);
    await errors(knex, o);
  } finally {
    await knex.destroy();
  }
  return o;
}

async function migrations(knex: Knex, o: Observations): Promise<void> {
  await o.step('migrate.latest', () => knex.migrate.latest());
  await o.step('hasTable after latest', async () => ({
    users: await knex.schema.hasTable('users'),
    posts: await knex.schema.hasTable('posts'),
    knex_migrations: await knex.schema.hasTable('knex_migrations'),
    knex_migrations_lock: await knex.schema.hasTable('knex_migrations_lock'),
  }));
  await o.step('hasColumn', async () => [await knex.schema.hasColumn('users', 'email'), await knex.schema.hasColumn('users', 'nope')]);
  await o.step('columnInfo users', () => knex('users').columnInfo());
  await o.step('columnInfo posts', () => knex('posts').columnInfo());
  await o.step('migrate.status', () => knex.migrate.status());
  await o.step('migrate.down one', () => knex.migrate.down());
  await o.step('columnInfo after down', async () => ({ users: await knex('users').columnInfo(), posts: await knex('posts').columnInfo() }));
  await o.step('migrate.rollback all', () => knex.migrate.rollback(undefined, true));
  await o.step('hasTable after rollback', async () => [await knex.schema.hasTable('users'), await knex.schema.hasTable('posts')]);
  await o.step('migrate.latest again', () => knex.migrate.latest());
  await o.step('columnInfo after the alter migration', async () => ({ users: await knex('users').columnInfo(), posts: await knex('posts').columnInfo() }));
  await o.step('knex_migrations rows', () => knex('knex_migrations').select('id', 'name', 'batch').orderBy('id'));
  await o.step('knex_migrations_lock rows', () => knex('knex_migrations_lock').select('*'));
  await o.step('migrate.currentVersion', () => knex.migrate.currentVersion());
}

async function crud(knex: Knex, o: Observations): Promise<void> {
  await o.step('insert users returning', () =>
    knex('users')
      .insert([
        { email: 'ada@example.com', name: 'Ada', age: 36, prefs: { theme: 'dark', langs: ['en', 'fr'] } },
        { email: 'bob@example.com', name: 'Bob', about: 'likes SQL', active: false },
      ])
      .returning(['id', 'email', 'active', 'prefs']),
  );
  await o.step('insert posts returning *', async () => {
    const rows = await knex('posts')
      .insert([
        { user_id: 1, title: 'Hello', body: 'first post', draft: true },
        { user_id: 1, title: 'Again' },
        { user_id: 2, title: 'Bob here', views: 5 },
      ])
      .returning('*');
    return rows;
  });
  await o.step('select where', () => knex('users').select('id', 'name', 'about', 'age', 'active', 'prefs').where('active', true));
  await o.step('timestamps are set', async () => {
    const row = await knex('users').first('created_at', 'updated_at').where({ id: 1 });
    return [row.created_at instanceof Date, row.updated_at instanceof Date];
  });
  await o.step('update returning', () => knex('posts').where({ title: 'Again' }).update({ views: knex.raw('views + 1'), body: 'edited' }).returning(['id', 'views', 'body']));
  await o.step('join', () =>
    knex('posts as p')
      .join('users as u', 'u.id', 'p.user_id')
      .select('u.name', 'p.title', 'p.views')
      .orderBy([{ column: 'u.name' }, { column: 'p.title', order: 'desc' }]),
  );
  await o.step('count and group', () => knex('posts').select('user_id').count('* as n').groupBy('user_id').orderBy('user_id'));
  await o.step('jsonb operator', () => knex('users').select(knex.raw("prefs->>'theme' as theme")).whereRaw("prefs \\? 'langs'"));
  await o.step('upsert (onConflict merge)', () =>
    knex('users')
      .insert([{ email: 'ada@example.com', name: 'Ada L.' }, { email: 'new@example.com', name: 'New' }])
      .onConflict('email')
      .merge(['name'])
      .returning(['id', 'email', 'name']),
  );
  await o.step('onConflict ignore', () => knex('users').insert({ email: 'bob@example.com' }).onConflict('email').ignore().returning('id'));
  await o.step('increment and first', async () => {
    await knex('posts').where({ title: 'Hello' }).increment('views', 10);
    return knex('posts').first('title', 'views').where({ title: 'Hello' });
  });
  await o.step('whereExists subquery and whereIn', () =>
    knex('users')
      .select('name')
      .whereExists(knex('posts').select(knex.raw('1')).whereRaw('posts.user_id = users.id'))
      .whereIn('id', knex('posts').select('user_id').where('views', '>=', 0))
      .orderBy('name'),
  );
  await o.step('raw with bindings', () => knex.raw('select ?::int + ? as n, ?? as col from users where email = ?', [1, 2, 'email', 'ada@example.com']).then((r) => r.rows));
  await o.step('left join with aggregates', () =>
    knex('users as u')
      .leftJoin('posts as p', 'p.user_id', 'u.id')
      .select('u.email')
      .count('p.id as posts')
      .max('p.views as most')
      .groupBy('u.email')
      .orderBy('u.email'),
  );
  await o.step('pagination', () => knex('users').select('email').orderBy('id').limit(2).offset(1));
  // RETURNING comes in the order rows are met: PostgreSQL's heap order, where an updated row moves.
  await o.step('delete returning', async () => (await knex('posts').where('views', '>', 4).del().returning(['id', 'title'])).sort((a, b) => a.id - b.id));
}

async function transactions(knex: Knex, o: Observations): Promise<void> {
  await o.step('transaction commit', async () => {
    await knex.transaction(async (trx) => {
      const [u] = await trx('users').insert({ email: 'cy@example.com', name: 'Cy' }).returning('id');
      await trx('posts').insert({ user_id: u.id, title: 'In a transaction' });
    });
    return knex('posts').count('* as n').first();
  });
  await o.step('transaction rollback', async () => {
    const outcome = await knex
      .transaction(async (trx) => {
        await trx('users').insert({ email: 'dee@example.com', name: 'Dee' });
        throw new Error('changed my mind');
      })
      .catch((e: Error) => e.message);
    return [outcome, await knex('users').where({ email: 'dee@example.com' }).count('* as n').first()];
  });
  await o.step('savepoint (nested transaction)', async () => {
    await knex.transaction(async (trx) => {
      await trx('users').insert({ email: 'eve@example.com' });
      await trx.transaction(async (inner) => {
        await inner('users').insert({ email: 'fay@example.com' });
        throw new Error('inner only');
      }).catch(() => undefined);
    });
    return knex('users').select('email').whereIn('email', ['eve@example.com', 'fay@example.com']);
  });
  await o.step('cascade delete', async () => {
    await knex('users').where({ email: 'cy@example.com' }).del();
    return knex('posts').where({ title: 'In a transaction' }).count('* as n').first();
  });
}

async function errors(knex: Knex, o: Observations): Promise<void> {
  await o.step('unique violation', () => knex('users').insert({ email: 'ada@example.com' }).then(() => 'no error', serverError));
  await o.step('foreign key violation', () => knex('posts').insert({ user_id: 999, title: 'orphan' }).then(() => 'no error', serverError));
  await o.step('not null violation', () => knex('posts').insert({ user_id: 1 }).then(() => 'no error', serverError));
}
