/** Per-user tables: two logins, one USER table, each sees only their own rows. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, sqlstate, type TestServer } from './harness.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.stop());

describe('USER tables', () => {
  it('isolate rows by authenticated user over separate connections', async () => {
    const admin = await t.client();
    await admin.query("CREATE USER 'alice' WITH PASSWORD 'alice-pw' ROLE user");
    await admin.query("CREATE USER bob WITH PASSWORD 'bob-pw'");
    await admin.query('CREATE NAMESPACE chat');
    await admin.query('CREATE USER TABLE chat.notes (id INT PRIMARY KEY, body TEXT)');

    const alice = await t.client({ user: 'alice', password: 'alice-pw' });
    const bob = await t.client({ user: 'bob', password: 'bob-pw' });
    await alice.query("INSERT INTO chat.notes VALUES (1, 'alice one'), (2, 'alice two')");
    // Same primary key, different partition: no conflict.
    await bob.query("INSERT INTO chat.notes VALUES (1, 'bob one')");

    expect((await alice.query('SELECT id, body FROM chat.notes ORDER BY id')).rows).toEqual([
      { id: 1, body: 'alice one' },
      { id: 2, body: 'alice two' },
    ]);
    expect((await bob.query('SELECT id, body FROM chat.notes')).rows).toEqual([{ id: 1, body: 'bob one' }]);
    expect((await bob.query('SELECT body FROM chat.notes WHERE id = 2')).rows).toEqual([]);
    // Updates and deletes stay inside the partition too.
    expect((await bob.query("UPDATE chat.notes SET body = 'x'")).rowCount).toBe(1);
    expect((await bob.query('DELETE FROM chat.notes WHERE id = 2')).rowCount).toBe(0);
    expect((await alice.query('SELECT count(*)::int AS n FROM chat.notes')).rows).toEqual([{ n: 2 }]);
    // The superuser is a user too: it sees its own (empty) partition.
    expect((await admin.query('SELECT count(*)::int AS n FROM chat.notes')).rows).toEqual([{ n: 0 }]);
  });

  it('rejects wrong passwords and unknown users alike (28P01)', async () => {
    expect(await sqlstate(t.client({ user: 'alice', password: 'wrong' }))).toBe('28P01');
    expect(await sqlstate(t.client({ user: 'mallory', password: 'x' }))).toBe('28P01');
  });

  it('lets only dba and system manage users, and lists no password material', async () => {
    const alice = await t.client({ user: 'alice', password: 'alice-pw' });
    expect(await sqlstate(alice.query("CREATE USER 'eve' WITH PASSWORD 'x' ROLE user"))).toBe('42501');
    const admin = await t.client();
    const users = await admin.query('SELECT * FROM system.users ORDER BY username');
    expect(users.rows.map((r) => [r.username, r.role])).toEqual([
      ['alice', 'user'],
      ['bob', 'user'],
      ['postgres', 'system'],
    ]);
    expect(JSON.stringify(users.rows)).not.toMatch(/SCRAM|md5/);
    // A plain user sees only themselves.
    expect((await alice.query('SELECT username FROM system.users')).rows).toEqual([{ username: 'alice' }]);
  });

  it('authenticates md5 and cleartext users per user', async () => {
    const admin = await t.client();
    await admin.query("CREATE USER 'carol' WITH PASSWORD 'carol-pw' ROLE user AUTH_TYPE 'md5'");
    await admin.query("CREATE USER 'dave' WITH PASSWORD 'dave-pw' ROLE user AUTH_TYPE 'password'");
    const carol = await t.client({ user: 'carol', password: 'carol-pw' });
    expect((await carol.query('SELECT current_user AS u')).rows).toEqual([{ u: 'carol' }]);
    const dave = await t.client({ user: 'dave', password: 'dave-pw' });
    expect((await dave.query('SELECT current_user AS u')).rows).toEqual([{ u: 'dave' }]);
    expect(await sqlstate(t.client({ user: 'carol', password: 'nope' }))).toBe('28P01');
    expect(await sqlstate(t.client({ user: 'dave', password: 'nope' }))).toBe('28P01');
  });

  it('EXECUTE AS USER acts in the other user\'s partition where the role allows', async () => {
    const admin = await t.client();
    const r = await admin.query("EXECUTE AS USER 'alice' (SELECT count(*)::int AS n FROM chat.notes)");
    expect(r.rows).toEqual([{ n: 2 }]);
    const bob = await t.client({ user: 'bob', password: 'bob-pw' });
    expect(await sqlstate(bob.query("EXECUTE AS USER 'alice' (SELECT 1)"))).toBe('42501');
  });
});
