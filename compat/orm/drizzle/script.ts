/**
 * The Drizzle script: drizzle-kit pushes the schema, pushes it again (nothing to change), and
 * pulls it back; then drizzle-orm (node-postgres) does CRUD with `returning`, a join, a
 * relational query, transactions, and meets PostgreSQL's errors for a duplicate key and a
 * missing parent.
 */
import { asc, count, desc, eq, gt, sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { Observations, serverError, type ScriptTarget } from '../../../test/support/observations.js';
import { pull, push } from './drizzle-kit-cli.js';
import * as core from './schema.js';
import * as extra from './schema-extra.js';
import { members, notes } from './schema.js';
import { archivedOrders, invoiceNumbers, orderLines, orders } from './schema-extra.js';

const schema = { ...core, ...extra };

type Db = NodePgDatabase<typeof schema>;

export async function runDrizzleScript(target: ScriptTarget): Promise<Observations> {
  const o = new Observations();
  await drizzleKit(target, o);
  const pool = new pg.Pool({ host: '127.0.0.1', port: target.port, user: target.user, password: target.password, database: 'postgres', max: 2 });
  const db = drizzle(pool, { schema });
  try {
    await crud(db, o);
    await transactions(db, o);
    await errors(db, o);
  } finally {
    await pool.end();
  }
  await laterRelease(target, o);
  return o;
}

async function drizzleKit(target: ScriptTarget, o: Observations): Promise<void> {
  await o.step('drizzle-kit push', () => push(target));
  await o.step('drizzle-kit push again changes nothing', () => push(target));
  await o.step('drizzle-kit pull', () => pull(target));
}

/** The later schema pushed over the first, with rows in the tables. */
async function laterRelease(target: ScriptTarget, o: Observations): Promise<void> {
  await o.step('drizzle-kit push the later schema', () => push(target, 2));
  await o.step('drizzle-kit push the later schema again changes nothing', () => push(target, 2));
  await o.step('drizzle-kit pull the later schema', () => pull(target));
}

async function crud(db: Db, o: Observations): Promise<void> {
  await o.step('insert returning', () =>
    db
      .insert(members)
      .values([
        { email: 'ida@example.com', name: 'Ida', age: 29, prefs: { theme: 'light', tags: ['a'] } },
        { email: 'joe@example.com', name: 'Joe', bio: 'writes', active: false, lastSeen: new Date('2024-05-06T07:08:09Z') },
      ])
      .returning({ id: members.id, email: members.email, active: members.active, prefs: members.prefs, lastSeen: members.lastSeen }),
  );
  await o.step('insert notes returning', () =>
    db
      .insert(notes)
      .values([
        { memberId: 1, title: 'First', body: 'hello', stars: 3 },
        { memberId: 1, title: 'Second' },
        { memberId: 2, title: 'Joe note', stars: 7 },
      ])
      .returning(),
  );
  await o.step('select where', () =>
    db.select({ id: members.id, name: members.name, prefs: members.prefs }).from(members).where(eq(members.active, true)),
  );
  await o.step('defaults', async () => {
    const [m] = await db.select().from(members).where(eq(members.id, 1));
    return { prefsDefault: (await db.select({ p: members.prefs }).from(members).where(eq(members.id, 2)))[0], joinedAtSet: m?.joinedAt !== null };
  });
  await o.step('update returning', () =>
    db.update(notes).set({ stars: sql`${notes.stars} + 1`, body: 'edited' }).where(eq(notes.title, 'Second')).returning({ id: notes.id, stars: notes.stars, body: notes.body }),
  );
  await o.step('join', () =>
    db
      .select({ member: members.name, title: notes.title, stars: notes.stars })
      .from(notes)
      .innerJoin(members, eq(notes.memberId, members.id))
      .orderBy(asc(members.name), desc(notes.title)),
  );
  await o.step('group by', () =>
    db.select({ memberId: notes.memberId, n: count() }).from(notes).groupBy(notes.memberId).orderBy(notes.memberId),
  );
  await o.step('relational query', () =>
    db.query.members.findMany({
      columns: { id: true, name: true },
      with: { notes: { columns: { title: true, stars: true }, orderBy: [asc(notes.title)] } },
      orderBy: [asc(members.id)],
    }),
  );
  await o.step('relational query one', () =>
    db.query.notes.findFirst({ columns: { title: true }, with: { member: { columns: { email: true } } }, where: eq(notes.stars, 7) }),
  );
  await o.step('jsonb filter', () => db.select({ id: members.id }).from(members).where(sql`${members.prefs}->>'theme' = 'light'`));
  await o.step('insert order returning (uuid, numeric, identity)', async () => {
    const [row] = await db.insert(orders).values({ memberId: 1, price: '12.50', weight: 1.25, tags: ['x', 'y z'], shipped: '2024-02-29' }).returning();
    return { ...row, refIsUuid: /^[0-9a-f-]{36}$/.test(row!.ref), ref: undefined };
  });
  await o.step('composite primary key', async () => {
    await db.insert(orderLines).values([{ orderId: 1, line: 1, item: 'pen' }, { orderId: 1, line: 2, item: 'ink' }]);
    return db.insert(orderLines).values({ orderId: 1, line: 2, item: 'again' }).then(() => 'no error', serverError);
  });
  await o.step('check violation', () => db.insert(orders).values({ ref: '00000000-0000-0000-0000-000000000001', price: '1', qty: 0 }).then(() => 'no error', serverError));
  await o.step('sequence', () => db.execute(sql`select nextval(${invoiceNumbers.seqName!}) as a, nextval(${invoiceNumbers.seqName!}) as b`).then((r) => r.rows));
  await o.step('second schema', async () => {
    await db.insert(archivedOrders).values({ id: 7, note: 'old' });
    return db.select().from(archivedOrders);
  });
  await o.step('delete returning', () => db.delete(notes).where(gt(notes.stars, 6)).returning({ id: notes.id, title: notes.title }));
}

async function transactions(db: Db, o: Observations): Promise<void> {
  await o.step('transaction commit', async () => {
    await db.transaction(async (tx) => {
      const [m] = await tx.insert(members).values({ email: 'kim@example.com' }).returning({ id: members.id });
      await tx.insert(notes).values({ memberId: m!.id, title: 'Committed' });
    });
    return db.select({ n: count() }).from(notes);
  });
  await o.step('transaction rollback', async () => {
    const outcome = await db
      .transaction(async (tx) => {
        await tx.insert(members).values({ email: 'lee@example.com' });
        tx.rollback();
      })
      .then(() => 'committed', (e: Error) => e.message);
    return [outcome, await db.select({ email: members.email }).from(members).where(eq(members.email, 'lee@example.com'))];
  });
  await o.step('nested transaction (savepoint)', async () => {
    await db.transaction(async (tx) => {
      await tx.insert(members).values({ email: 'max@example.com' });
      await tx
        .transaction(async (inner) => {
          await inner.insert(members).values({ email: 'ned@example.com' });
          inner.rollback();
        })
        .catch(() => undefined);
    });
    return db.select({ email: members.email }).from(members).where(sql`${members.email} in ('max@example.com', 'ned@example.com')`);
  });
}

async function errors(db: Db, o: Observations): Promise<void> {
  await o.step('unique violation', () => db.insert(members).values({ email: 'ida@example.com' }).then(() => 'no error', serverError));
  await o.step('composite unique violation', () =>
    db.insert(notes).values({ memberId: 1, title: 'First' }).then(() => 'no error', serverError));
  await o.step('foreign key violation', () => db.insert(notes).values({ memberId: 404, title: 'orphan' }).then(() => 'no error', serverError));
}
