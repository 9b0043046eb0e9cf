/**
 * The TypeORM script both servers run: synchronize twice (the second time must change nothing),
 * then CRUD, relations, a transaction and a unique violation. It returns what it observed.
 */
import { DataSource, QueryFailedError, type Logger } from 'typeorm';
import { observe, type Observations } from '../observations.js';
import { InvoiceMigration1700000000000 } from './migration.js';
import { authorEntity, PostEntity, TagEntity, type Author, type Post } from './entities.js';

const AuthorEntity = authorEntity(false);

export interface Target {
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

/**
 * Statements that change the schema. `CREATE EXTENSION IF NOT EXISTS "uuid-ossp"` is not one of
 * them: TypeORM sends it on every connect when an entity has a uuid key, before it diffs anything.
 */
const DDL = /^\s*(CREATE|ALTER|DROP|COMMENT)\b(?!\s+EXTENSION\s+IF\s+NOT\s+EXISTS)/i;

/** Collects every statement TypeORM sends, so a synchronize run can be checked for DDL. */
class QueryLog implements Logger {
  readonly queries: string[] = [];
  logQuery(query: string): void {
    this.queries.push(query);
  }
  logQueryError(error: string | Error, query: string): void {
    this.queries.push(`-- failed: ${query}: ${String(error)}`);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
  ddl(): string[] {
    return this.queries.filter((q) => DDL.test(q));
  }
}

async function synchronize(target: Target, evolved = false, synchronize = true): Promise<{ source: DataSource; log: QueryLog }> {
  const log = new QueryLog();
  const source = new DataSource({
    type: 'postgres',
    host: '127.0.0.1',
    port: target.port,
    username: target.user,
    password: target.password,
    database: 'postgres',
    entities: [evolved ? authorEntity(true) : AuthorEntity, PostEntity, TagEntity],
    synchronize,
    migrations: [InvoiceMigration1700000000000],
    logging: ['query', 'error'],
    logger: log,
  });
  await source.initialize();
  return { source, log };
}

function authorShape(a: Author | null): unknown {
  if (!a) return null;
  const { joinedAt, posts, ...rest } = a;
  return {
    ...rest,
    joinedAtIsDate: joinedAt instanceof Date && !Number.isNaN(joinedAt.getTime()),
    posts: posts?.map(postShape).sort((x, y) => x.id - y.id),
  };
}

/** A post without the clock's value (updated_at), which only has to be a time. */
function postShape(p: Post): Omit<Post, 'updatedAt'> & { stamped: boolean } {
  const { updatedAt, ...rest } = p;
  return { ...rest, stamped: updatedAt instanceof Date };
}

export async function runTypeormScript(target: Target): Promise<{ seen: Observations; secondRunDdl: string[] }> {
  const seen: Observations = new Map();
  const first = await synchronize(target);
  seen.set('first synchronize DDL', first.log.ddl());
  seen.set('first synchronize failed queries', first.log.queries.filter((q) => q.startsWith('-- failed')));
  await first.source.destroy();

  const second = await synchronize(target);
  const secondRunDdl = second.log.ddl();
  seen.set('second synchronize DDL', secondRunDdl);
  seen.set('second synchronize failed queries', second.log.queries.filter((q) => q.startsWith('-- failed')));
  const db = second.source;
  const authors = db.getRepository(AuthorEntity);
  const posts = db.getRepository(PostEntity);

  await observe(seen, 'insert authors', async () => {
    const saved = await authors.save([
      { email: 'ada@example.com', name: 'Ada', age: 36, balance: '12.50', profile: { langs: ['en', 'fr'], level: 3 } },
      { email: 'alan@example.com', name: 'Alan', age: 41, active: false, bio: 'codebreaker', nickname: null },
    ]);
    return saved.map(authorShape);
  });
  await observe(seen, 'insert posts', async () => {
    const ada = await authors.findOneByOrFail({ email: 'ada@example.com' });
    const saved = await posts.save([
      { title: 'Notes on the Engine', author: ada },
      { title: 'Sketch of the Analytical Engine', views: 7, author: ada },
    ]);
    return saved.map(({ author: _a, ...p }) => postShape(p));
  });
  await observe(seen, 'many-to-many through a join table', async () => {
    const tags = db.getRepository(TagEntity);
    const [math, engines] = await tags.save([{ label: 'math' }, { label: 'engines', lang: 'fr' }]);
    const post = await posts.findOneByOrFail({ title: 'Notes on the Engine' });
    post.tags = [math!, engines!];
    await posts.save(post);
    const loaded = await posts.findOneOrFail({ where: { id: post.id }, relations: { tags: true } });
    return {
      uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(math!.id),
      tags: loaded.tags!.map((t) => `${t.label}/${t.lang}`).sort(),
      revision: loaded.revision,
    };
  });
  await observe(seen, 'check constraint', async () => {
    try {
      await posts.update({ title: 'Notes on the Engine' }, { views: -1 });
      return 'no error';
    } catch (e) {
      const driver = (e as { driverError?: { code?: string; constraint?: string } }).driverError;
      return { code: driver?.code, constraint: driver?.constraint };
    }
  });
  await observe(seen, 'pagination with a join', async () => {
    const [page, total] = await posts.findAndCount({ relations: { author: true, tags: true }, order: { id: 'DESC' }, skip: 0, take: 1 });
    return { total, titles: page.map((p) => p.title) };
  });
  await observe(seen, 'upsert', async () => {
    await authors.upsert([{ email: 'ada@example.com', name: 'Ada L.', age: 37 }], ['email']);
    return authorShape(await authors.findOneBy({ email: 'ada@example.com' }));
  });
  await observe(seen, 'soft delete and restore', async () => {
    await posts.softDelete({ title: 'Notes on the Engine' });
    const hidden = await posts.count();
    const withDeleted = await posts.count({ withDeleted: true });
    await posts.restore({ title: 'Notes on the Engine' });
    return { hidden, withDeleted, after: await posts.count() };
  });
  await observe(seen, 'nested transaction rolls back to its savepoint', async () => {
    await db.transaction(async (outer) => {
      await outer.save(AuthorEntity, { email: 'kept@example.com', name: 'Kept', age: 2 });
      const runner = outer.queryRunner!;
      await runner.startTransaction();
      await outer.save(AuthorEntity, { email: 'dropped@example.com', name: 'Dropped', age: 3 });
      await runner.rollbackTransaction();
    });
    return { kept: await authors.countBy({ email: 'kept@example.com' }), dropped: await authors.countBy({ email: 'dropped@example.com' }) };
  });
  await observe(seen, 'find with relations', async () => {
    const all = await authors.find({ relations: { posts: true }, order: { id: 'ASC' } });
    return all.map(authorShape);
  });
  await observe(seen, 'query builder join and filter', async () =>
    posts
      .createQueryBuilder('p')
      .innerJoinAndSelect('p.author', 'a')
      .where('a.active = :active AND p.views >= :min', { active: true, min: 0 })
      .orderBy('p.title', 'DESC')
      .getMany()
      .then((rows) => rows.map((p) => ({ title: p.title, author: p.author?.name }))),
  );
  await observe(seen, 'update', async () => {
    const r = await authors.update({ email: 'alan@example.com' }, { age: 42, profile: { note: 'updated' }, balance: '-3.75' });
    return { affected: r.affected, row: authorShape(await authors.findOneBy({ email: 'alan@example.com' })) };
  });
  await observe(seen, 'count and aggregate', async () => ({
    count: await authors.count(),
    sum: await posts.sum('views'),
    max: await authors.maximum('age'),
  }));
  await observe(seen, 'transaction commits', async () => {
    await db.transaction(async (m) => {
      const grace = await m.save(AuthorEntity, { email: 'grace@example.com', name: 'Grace', age: 85 });
      await m.save(PostEntity, { title: 'COBOL', author: grace });
    });
    return authors.count();
  });
  await observe(seen, 'transaction rolls back', async () => {
    const failed = await db
      .transaction(async (m) => {
        await m.save(AuthorEntity, { email: 'ghost@example.com', name: 'Ghost', age: 1 });
        throw new Error('abort');
      })
      .catch((e: Error) => e.message);
    return { failed, ghosts: await authors.countBy({ email: 'ghost@example.com' }) };
  });
  await observe(seen, 'unique violation', async () => {
    try {
      await authors.insert({ email: 'ada@example.com', name: 'Ada again', age: 1 });
      return 'no error';
    } catch (e) {
      const driver = (e as QueryFailedError & { driverError: { code?: string; detail?: string; constraint?: string } }).driverError;
      return { isQueryFailedError: e instanceof QueryFailedError, code: driver.code, detail: driver.detail, constraintPrefix: driver.constraint?.slice(0, 3) };
    }
  });
  await observe(seen, 'delete cascades', async () => {
    await authors.delete({ email: 'ada@example.com' });
    return { authors: await authors.count(), posts: await posts.count() };
  });
  await db.destroy();

  // The model moves on: the diff TypeORM computes from the catalogs must be PostgreSQL's diff,
  // and once applied, a further run must again find nothing to do.
  const third = await synchronize(target, true);
  seen.set('evolved synchronize DDL', third.log.ddl());
  await observe(seen, 'evolved rows keep their data', async () =>
    third.source.getRepository(authorEntity(true)).find({ order: { id: 'ASC' } }).then((rows) => rows.map(authorShape)),
  );
  await third.source.destroy();
  const fourth = await synchronize(target, true);
  const fourthRunDdl = fourth.log.ddl();
  seen.set('evolved synchronize again DDL', fourthRunDdl);
  await fourth.source.destroy();

  // A migration through the QueryRunner API, run and undone.
  const fifth = await synchronize(target, true, false);
  await observe(seen, 'migration up', async () => {
    const ran = await fifth.source.runMigrations({ transaction: 'all' });
    const rows = await fifth.source.query(`SELECT "number", "amount", "memo" FROM "typeorm_invoice"`);
    return { ran: ran.map((m) => m.name), rows, ddl: fifth.log.ddl() };
  });
  await observe(seen, 'migration down', async () => {
    fifth.log.queries.length = 0;
    await fifth.source.undoLastMigration({ transaction: 'all' });
    const left = await fifth.source.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'typeorm_invoice'`);
    return { ddl: fifth.log.ddl(), left };
  });
  await fifth.source.destroy();
  return { seen, secondRunDdl: [...secondRunDdl, ...fourthRunDdl] };
}
