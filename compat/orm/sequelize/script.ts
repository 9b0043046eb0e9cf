/**
 * The Sequelize script both servers run: sync({ alter: true }) twice, then CRUD, eager loading,
 * managed transactions and a unique violation. It returns what it observed.
 */
import { Op, QueryTypes, Sequelize, UniqueConstraintError, type Model } from 'sequelize';
import { observe, type Observations } from '../observations.js';
import { defineModels, type Models } from './models.js';

export interface Target {
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

const DDL = /^\s*(CREATE|ALTER|DROP|COMMENT)\b/i;

function connect(target: Target, log: string[]): Sequelize {
  return new Sequelize('postgres', target.user, target.password, {
    dialect: 'postgres',
    host: '127.0.0.1',
    port: target.port,
    logging: (sql: string) => log.push(sql.replace(/^Executing \([^)]*\): /, '')),
  });
}

async function syncAlter(target: Target, evolved = false): Promise<{ db: Sequelize; models: Models; log: string[] }> {
  const log: string[] = [];
  const db = connect(target, log);
  const models = defineModels(db, evolved);
  await db.sync({ alter: true });
  return { db, models, log };
}

/** A row without the columns whose values are the clock's. */
function plain(m: Model | null): unknown {
  if (!m) return null;
  const { createdAt, updatedAt, posts, author, ...rest } = m.get({ plain: true }) as Record<string, unknown>;
  return {
    ...rest,
    stamped: createdAt instanceof Date && updatedAt instanceof Date,
    ...(posts ? { posts: (posts as Record<string, unknown>[]).map(({ createdAt: _c, updatedAt: _u, ...p }) => p) } : {}),
    ...(author ? { author: (author as { name: string }).name } : {}),
  };
}

export async function runSequelizeScript(target: Target): Promise<Observations> {
  const seen: Observations = new Map();
  const first = await syncAlter(target);
  seen.set('first sync DDL', first.log.filter((q) => DDL.test(q)));
  await first.db.close();

  const second = await syncAlter(target);
  seen.set('second sync DDL', second.log.filter((q) => DDL.test(q)));
  const { db } = second;
  await observe(seen, 'schema as Sequelize reads it', () => introspect(db));
  const { Author, Post, Tag } = second.models;

  await observe(seen, 'create authors', async () => {
    const rows = await Author.bulkCreate(
      [
        { email: 'ada@example.com', name: 'Ada', age: 36, balance: '12.50', profile: { langs: ['en', 'fr'], level: 3 } },
        { email: 'alan@example.com', name: 'Alan', age: 41, active: false, bio: 'codebreaker', nickname: null },
      ],
      { returning: true },
    );
    return rows.map(plain);
  });
  await observe(seen, 'create posts', async () => {
    const ada = await Author.findOne({ where: { email: 'ada@example.com' } });
    const id = ada?.get('id');
    const posts = [
      await Post.create({ title: 'Notes on the Engine', authorId: id }),
      await Post.create({ title: 'Sketch of the Analytical Engine', views: 7, authorId: id, publishedAt: new Date('1843-09-01T00:00:00Z') }),
    ];
    return posts.map(plain);
  });
  await observe(seen, 'find all with include', async () =>
    (await Author.findAll({ include: [{ model: Post, as: 'posts' }], order: [['id', 'ASC'], [{ model: Post, as: 'posts' }, 'id', 'ASC']] })).map(plain),
  );
  await observe(seen, 'find posts with author', async () =>
    (await Post.findAll({ include: [{ model: Author, as: 'author', where: { active: true } }], order: [['title', 'DESC']] })).map(plain),
  );
  await observe(seen, 'many-to-many and arrays', async () => {
    const [math, engines] = await Tag.bulkCreate([{ label: 'math', aliases: ['maths', 'mathematics'] }, { label: 'engines', lang: 'fr' }], { returning: true });
    const post = await Post.findOne({ where: { title: 'Notes on the Engine' } });
    await (post as unknown as { setTags(t: unknown[]): Promise<void> }).setTags([math, engines]);
    const loaded = await Post.findByPk(post!.get('id') as number, { include: [{ model: Tag, as: 'tags' }] });
    const tags = (loaded!.get('tags') as Model[]).map((t) => ({ label: t.get('label'), lang: t.get('lang'), aliases: t.get('aliases') }));
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(math!.get('id') as string);
    return { uuid, tags: tags.sort((a, b) => String(a.label).localeCompare(String(b.label))) };
  });
  await observe(seen, 'array operators', async () =>
    (await Tag.findAll({ where: { aliases: { [Op.contains]: ['maths'] } } })).map((t) => t.get('label')),
  );
  await observe(seen, 'paginated include counts', async () => {
    const { count, rows } = await Author.findAndCountAll({ include: [{ model: Post, as: 'posts' }], distinct: true, limit: 1, order: [['id', 'DESC']] });
    return { count, names: rows.map((r) => r.get('name')) };
  });
  await observe(seen, 'upsert and increment', async () => {
    const [row, created] = await Author.upsert({ email: 'ada@example.com', name: 'Ada L.', age: 37 }, { returning: true });
    await Post.increment('views', { by: 5, where: { title: 'COBOL' } });
    await Post.increment({ views: 2 }, { where: { title: 'Notes on the Engine' } });
    return { created, name: row.get('name'), views: (await Post.findAll({ order: [['id', 'ASC']] })).map((p) => p.get('views')) };
  });
  await observe(seen, 'paranoid destroy and restore', async () => {
    await Tag.destroy({ where: { label: 'math' } });
    const visible = await Tag.count();
    const all = await Tag.count({ paranoid: false });
    await Tag.restore({ where: { label: 'math' } });
    return { visible, all, after: await Tag.count() };
  });
  await observe(seen, 'raw query with replacements', async () =>
    db.query('SELECT name, age FROM sequelize_author WHERE age > :min ORDER BY age', { replacements: { min: 30 }, type: QueryTypes.SELECT }),
  );
  await observe(seen, 'update', async () => {
    const [affected] = await Author.update({ age: 42, profile: { note: 'updated' }, balance: '-3.75' }, { where: { email: 'alan@example.com' } });
    return { affected, row: plain(await Author.findOne({ where: { email: 'alan@example.com' } })) };
  });
  await observe(seen, 'count and aggregate', async () => ({
    count: await Author.count(),
    sum: await Post.sum('views'),
    max: await Author.max('age'),
  }));
  await observe(seen, 'managed transaction commits', async () => {
    await db.transaction(async (t) => {
      const grace = await Author.create({ email: 'grace@example.com', name: 'Grace', age: 85 }, { transaction: t });
      await Post.create({ title: 'COBOL', authorId: grace.get('id') }, { transaction: t });
    });
    return Author.count();
  });
  await observe(seen, 'managed transaction rolls back', async () => {
    const failed = await db
      .transaction(async (t) => {
        await Author.create({ email: 'ghost@example.com', name: 'Ghost', age: 1 }, { transaction: t });
        throw new Error('abort');
      })
      .catch((e: Error) => e.message);
    return { failed, ghosts: await Author.count({ where: { email: 'ghost@example.com' } }) };
  });
  await observe(seen, 'unique violation', async () => {
    try {
      await Author.create({ email: 'ada@example.com', name: 'Ada again', age: 1 });
      return 'no error';
    } catch (e) {
      const u = e as UniqueConstraintError;
      return {
        isUniqueConstraintError: e instanceof UniqueConstraintError,
        fields: u.fields,
        errors: u.errors?.map((x) => ({ message: x.message, path: x.path, value: x.value })),
        code: (u.parent as { code?: string } | undefined)?.code,
      };
    }
  });
  await observe(seen, 'destroy cascades', async () => {
    await Author.destroy({ where: { email: 'ada@example.com' } });
    return { authors: await Author.count(), posts: await Post.count() };
  });
  await db.close();

  // The model moves on: alter must migrate the rows, as it does on PostgreSQL.
  const third = await syncAlter(target, true);
  seen.set('evolved sync DDL', third.log.filter((q) => DDL.test(q)));
  await observe(seen, 'evolved schema as Sequelize reads it', () => introspect(third.db));
  await observe(seen, 'evolved rows keep their data', async () => (await third.models.Author.findAll({ order: [['id', 'ASC']] })).map(plain));
  await third.db.close();
  return seen;
}

/** What sync({ alter: true }) reads to decide what to change: columns, indexes, foreign keys. */
async function introspect(db: Sequelize): Promise<unknown> {
  const qi = db.getQueryInterface();
  const out: Record<string, unknown> = {};
  for (const table of ['sequelize_author', 'sequelize_post', 'sequelize_tag', 'sequelize_post_tags']) {
    out[`${table} columns`] = await qi.describeTable(table);
    out[`${table} indexes`] = await qi.showIndex(table);
    out[`${table} foreign keys`] = await qi.getForeignKeyReferencesForTable(table);
  }
  return out;
}
