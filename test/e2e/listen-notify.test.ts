/**
 * LISTEN / UNLISTEN / NOTIFY / pg_notify with node-postgres, against kalamdb-pg and PostgreSQL 15:
 * each script runs on both, and what the statements answered and what each session received
 * (channel, payload, which session sent it) must be the same. Sessions: L listens, S and T send.
 * Scripts sync only sessions that are idle outside a transaction block (notify-recorder.ts).
 */
import { describe, expect, it } from 'vitest';
import { PASSWORD, SUPERUSER } from './harness.js';
import { withOursAndReference } from '../support/server-pair.js';
import { recordScript, type NotifyScript, type RecordOptions } from '../support/notify-recorder.js';

const pair = withOursAndReference();

/** The script on both servers: returns PostgreSQL's record, after checking ours is the same. */
async function same(script: (s: NotifyScript) => Promise<void>, options: RecordOptions = {}): Promise<string> {
  const ours = await recordScript({ port: pair.ours.port, user: SUPERUSER, password: PASSWORD }, script, options);
  const ref = await recordScript({ port: pair.ref.port, user: pair.ref.user, password: 'unused' }, script, options);
  expect(ours).toBe(ref);
  return ref;
}

/** Savepoints: kept, released, rolled back to; each transaction also inserts a row when `write`. */
function savepointScript(write: string | null): Promise<string> {
  return same(async (s) => {
      await s.run('L', 'LISTEN chat');
      if (write) await s.run('S', 'CREATE TABLE notify_written (id serial PRIMARY KEY)');
      await s.run('S', 'BEGIN');
      if (write) await s.run('S', write);
      await s.run('S', "NOTIFY chat, 'kept 1'");
      await s.run('S', 'SAVEPOINT a');
      await s.run('S', "NOTIFY chat, 'rolled back to a'");
      await s.run('S', "SELECT pg_notify('chat', 'rolled back to a, too')");
      await s.run('S', 'ROLLBACK TO a');
      await s.run('S', "NOTIFY chat, 'kept 2'");
      await s.run('S', 'SAVEPOINT b');
      await s.run('S', "NOTIFY chat, 'released b'");
      await s.run('S', 'RELEASE b');
      await s.run('S', 'COMMIT');
      await s.run('S', 'BEGIN');
      if (write) await s.run('S', write);
      await s.run('S', 'SAVEPOINT c');
      await s.run('S', "NOTIFY chat, 'in a savepoint rolled back after an error'");
      await s.run('S', 'SELECT 1/0');
      await s.run('S', 'ROLLBACK TO c');
      await s.run('S', "NOTIFY chat, 'kept 3'");
      await s.run('S', 'COMMIT');
      // Folding across savepoint levels.
      await s.run('S', `BEGIN; NOTIFY chat, 'x'; SAVEPOINT a; NOTIFY chat, 'x'; NOTIFY chat, 'y'; RELEASE a; NOTIFY chat, 'y'; ${write ?? 'SELECT 1'}; COMMIT`);
      await s.run('S', `BEGIN; NOTIFY chat, 'z'; SAVEPOINT a; NOTIFY chat, 'z'; ROLLBACK TO a; ${write ?? 'SELECT 1'}; COMMIT`);
      await s.run('S', `BEGIN; SAVEPOINT a; NOTIFY chat, 'w'; ROLLBACK TO a; NOTIFY chat, 'w'; ${write ?? 'SELECT 1'}; COMMIT`);
  });
}

const SAVEPOINTS_RECEIVED = 'L received:\n  chat | kept 1 | from S\n  chat | kept 2 | from S\n  chat | released b | from S\n  chat | kept 3 | from S\n  chat | x | from S\n  chat | y | from S\n  chat | z | from S\n  chat | w | from S\n  -- synced --';

describe('LISTEN/NOTIFY against PostgreSQL 15', () => {
  it('delivers after commit, in commit order, naming the sending session, and to the sender itself', async () => {
    const ref = await same(async (s) => {
      await s.run('L', 'LISTEN chat');
      await s.run('S', "NOTIFY chat, 'hello'");
      await s.run('S', 'NOTIFY chat');
      await s.run('S', "NOTIFY Chat, 'folded to lower case'");
      await s.run('S', `NOTIFY "Chat", 'a different channel'`);
      await s.run('S', "NOTIFY nobody, 'lost'");
      await s.run('S', "BEGIN; NOTIFY chat, 'S first'");
      await s.run('T', "BEGIN; NOTIFY chat, 'T second'");
      await s.run('T', 'COMMIT');
      await s.run('S', 'COMMIT');
      await s.run('L', "NOTIFY chat, 'own'");
      await s.run('L', "BEGIN; NOTIFY chat, 'own in a block'; COMMIT");
    });
    expect(ref).toContain('L received:\n  chat | hello | from S\n  chat |  | from S\n  chat | folded to lower case | from S\n  chat | T second | from T\n  chat | S first | from S\n  chat | own | from L\n  chat | own in a block | from L\n');
  });

  it('sends nothing for a rolled-back transaction or a failed block', async () => {
    const ref = await same(async (s) => {
      await s.run('L', 'LISTEN chat');
      await s.run('S', "BEGIN; NOTIFY chat, 'rolled back'; ROLLBACK");
      await s.run('S', "BEGIN; SELECT pg_notify('chat', 'rolled back, too'); ROLLBACK");
      await s.run('S', "NOTIFY chat, 'kept 1'");
      await s.run('S', "BEGIN; NOTIFY chat, 'in a failed block'");
      await s.run('S', 'SELECT 1/0');
      await s.run('S', "NOTIFY chat, 'after the error'");
      await s.run('S', 'COMMIT');
      await s.run('S', "NOTIFY chat, 'kept 2'");
    });
    expect(ref).toContain('L received:\n  chat | kept 1 | from S\n  chat | kept 2 | from S\n  -- synced --');
  });

  it('keeps what precedes a savepoint and what a RELEASE keeps; drops what ROLLBACK TO undoes (in transactions that write a row)', async () => {
    expect(await savepointScript('INSERT INTO notify_written DEFAULT VALUES')).toContain(SAVEPOINTS_RECEIVED);
  });

  // A transaction that made a write set but committed no row (SAVEPOINT makes one, so does an
  // UPDATE of no rows) never becomes visible in the row store: its notifications still go.
  it('keeps what precedes a savepoint and what a RELEASE keeps, in transactions that write no row', async () => {
    expect(await savepointScript(null)).toContain(SAVEPOINTS_RECEIVED);
  });

  it('sends the notifications of a transaction whose writes changed no row', async () => {
    await same(async (s) => {
      await s.run('S', 'CREATE TABLE notify_untouched (id int PRIMARY KEY, v int)');
      await s.run('L', 'LISTEN chat');
      await s.run('S', "BEGIN; UPDATE notify_untouched SET v = 1 WHERE false; NOTIFY chat, 'after an update of no rows'; COMMIT");
      await s.run('S', "BEGIN; DELETE FROM notify_untouched; NOTIFY chat, 'after a delete of no rows'; COMMIT");
      await s.run('S', 'DROP TABLE notify_untouched');
    });
  });

  it('folds duplicates within a transaction, keeping the first, but not across transactions', async () => {
    const ref = await same(async (s) => {
      await s.run('L', 'LISTEN chat; LISTEN other');
      await s.run('S', "BEGIN; NOTIFY chat, 'd'; NOTIFY chat, 'e'; NOTIFY chat, 'd'; NOTIFY other, 'd'; SELECT pg_notify('chat', 'e'); COMMIT");
      await s.run('S', "NOTIFY chat, 'd'");
      await s.run('S', "NOTIFY chat, 'd'");
      await s.run('S', "BEGIN; NOTIFY chat; NOTIFY chat, ''; COMMIT");
    });
    expect(ref).toContain('L received:\n  chat | d | from S\n  chat | e | from S\n  other | d | from S\n  chat | d | from S\n  chat | d | from S\n');
  });

  it('takes LISTEN and UNLISTEN into account only once their transaction commits', async () => {
    const ref = await same(async (s) => {
      await s.run('L', 'BEGIN');
      await s.run('L', 'LISTEN chat');
      await s.run('L', 'SELECT pg_listening_channels()');
      await s.run('S', "NOTIFY chat, 'before the LISTEN committed'");
      await s.run('L', 'COMMIT');
      await s.run('S', "NOTIFY chat, 'after the LISTEN committed'");
      await s.sync('L');
      await s.run('L', 'BEGIN; LISTEN rolled_back; ROLLBACK');
      await s.run('L', 'BEGIN; UNLISTEN chat; ROLLBACK');
      await s.run('L', 'SELECT pg_listening_channels()');
      await s.run('S', "NOTIFY rolled_back, 'not listened'; NOTIFY chat, 'still listened'");
      await s.sync('L');
      await s.run('L', 'BEGIN; LISTEN me; NOTIFY me, \'LISTEN and NOTIFY in one transaction\'; COMMIT');
      await s.run('L', 'UNLISTEN chat');
      await s.run('L', 'UNLISTEN never_listened');
      await s.run('S', "NOTIFY chat, 'after UNLISTEN chat'; NOTIFY me, 'me still'");
      await s.run('L', 'UNLISTEN *');
      await s.run('S', "NOTIFY me, 'after UNLISTEN *'");
      await s.run('L', 'SELECT count(*) FROM pg_listening_channels()');
    });
    expect(ref).toContain('L received:\n  chat | after the LISTEN committed | from S\n  -- synced --\n  chat | still listened | from S\n  -- synced --\n  me | LISTEN and NOTIFY in one transaction | from L\n  me | me still | from S\n');
  });

  // PostgreSQL checks that a session still listens on a channel when it reads the notification,
  // which for a session inside a block is after the block ends — so one sent while its UNLISTEN
  // waits for commit is dropped; the UNLISTEN drops what is queued for the channel here.
  it("drops what arrives for a channel while the listener's UNLISTEN of it waits for commit", async () => {
    const ref = await same(async (s) => {
      await s.run('L', 'LISTEN chat');
      await s.run('L', 'BEGIN');
      await s.run('L', 'UNLISTEN chat');
      await s.run('S', "NOTIFY chat, 'while the UNLISTEN waits for commit'");
      await s.run('L', 'COMMIT');
    });
    const heardByL = ref.slice(ref.indexOf('L received:'), ref.indexOf('S received:'));
    expect(heardByL).toContain('-- synced --');
    expect(heardByL).not.toContain('while the UNLISTEN waits');
  });

  it('holds notifications for a listener inside a transaction block until the block ends, by COMMIT or ROLLBACK', async () => {
    const ref = await same(async (s) => {
      await s.run('L', 'LISTEN chat');
      await s.run('L', 'BEGIN');
      await s.run('S', "NOTIFY chat, 'while L is in a block'");
      await s.run('L', 'SELECT 1');
      s.mark('L', 'still in the block');
      await s.run('L', 'COMMIT');
      await s.sync('L');
      await s.run('L', 'BEGIN');
      await s.run('S', "NOTIFY chat, 'while L is in a block it rolls back'");
      await s.run('L', 'SELECT 1/0');
      await s.run('S', "NOTIFY chat, 'while L is in a failed block'");
      await s.run('L', 'SELECT 1');
      s.mark('L', 'still in the failed block');
      await s.run('L', 'ROLLBACK');
    });
    expect(ref).toContain('L received:\n  -- still in the block --\n  chat | while L is in a block | from S\n  -- synced --\n  -- still in the failed block --\n  chat | while L is in a block it rolls back | from S\n  chat | while L is in a failed block | from S\n');
  });

  it("checks pg_notify's and NOTIFY's arguments with PostgreSQL's errors: NULLs, channel and payload lengths", async () => {
    const ref = await same(async (s) => {
      await s.run('L', 'LISTEN chat');
      await s.run('S', "SELECT pg_notify(NULL, 'x')");
      await s.run('S', "SELECT pg_notify('', 'x')");
      await s.run('S', 'SELECT pg_notify(NULL, NULL)');
      await s.run('S', "SELECT pg_notify('chat', NULL)");
      await s.run('S', "SELECT pg_notify(repeat('c', 63), 'x'), pg_notify(repeat('c', 64), 'x')");
      await s.run('S', "SELECT pg_notify(repeat('é', 32), 'x')");
      await s.run('S', "SELECT pg_notify('chat', repeat('p', 7999))");
      await s.run('S', "SELECT pg_notify('chat', repeat('p', 8000))");
      await s.run('S', "SELECT pg_notify('chat', repeat('é', 3999) || 'a')");
      await s.run('S', "SELECT pg_notify('chat', repeat('é', 4000))");
      await s.run('S', `NOTIFY chat, '${'n'.repeat(8000)}'`);
      await s.run('S', "BEGIN; NOTIFY chat, 'before the error'");
      await s.run('S', "SELECT pg_notify(NULL, 'x')");
      await s.run('S', 'ROLLBACK');
      await s.run('S', "SELECT pg_notify('chat', 'fine')");
    });
    expect(ref).toContain('ERROR 22023: channel name cannot be empty');
    expect(ref).toContain('ERROR 22023: channel name too long');
    expect(ref).toContain('ERROR 22023: payload string too long');
    expect(ref).toMatch(/chat \| p{7999} \| from S/);
    expect(ref).toMatch(/chat \| é{3999}a \| from S/);
    expect(ref).toContain('chat | fine | from S');
  });

  it('cuts channel names past 63 bytes on a character boundary, as the scanner does', async () => {
    const ref = await same(async (s) => {
      await s.run('L', `LISTEN ${'c'.repeat(70)}; LISTEN "${'ü'.repeat(40)}"`);
      await s.run('L', 'SELECT octet_length(c), length(c) FROM pg_listening_channels() AS c ORDER BY 1');
      await s.run('S', `NOTIFY ${'c'.repeat(63)}, 'cut to 63'`);
      await s.run('S', `NOTIFY "${'ü'.repeat(33)}", 'cut to 31 characters, 62 bytes'`);
    }, { notices: false });
    expect(ref).toContain('SELECT [[62,31],[63,63]]');
    expect(ref).toContain('cut to 31 characters, 62 bytes | from S');
  });

  // KNOWN DIFFERENCE (the SQL parser, not live/): PostgreSQL's scanner warns NOTICE 42622
  // 'identifier "…" will be truncated to "…"' for every identifier past 63 bytes; libpg-query
  // truncates silently, so listen-notify.ts only ever sees the cut name and its own notice never
  // fires (the same holds for any identifier: SELECT 1 AS <70 letters> gives no notice). Flip to
  // it() once the parser reports it.
  it.fails('warns with NOTICE 42622 when it cuts a channel name', async () => {
    await same(async (s) => {
      await s.run('S', `NOTIFY ${'c'.repeat(70)}, 'truncated channel'`);
      await s.run('S', `LISTEN "${'ü'.repeat(40)}"`);
    });
  });

  it('takes pg_notify parameters through the extended protocol, prepared statements included', async () => {
    const ref = await same(async (s) => {
      await s.run('L', 'LISTEN chat', undefined, 'listen_stmt');
      await s.run('S', 'SELECT pg_notify($1, $2)', ['chat', 'bound ü']);
      await s.run('S', 'SELECT pg_notify($1, $2)', ['chat', null]);
      await s.run('S', 'SELECT pg_notify($1, $2)', [null, 'x']);
      await s.run('S', 'SELECT pg_notify($1::text, $2::text)', ['chat', 'p'.repeat(8000)]);
      await s.run('S', 'SELECT pg_notify($1, $2)', ['chat', 'named 1'], 'notify_stmt');
      await s.run('S', 'SELECT pg_notify($1, $2)', ['chat', 'named 1'], 'notify_stmt');
      await s.run('S', 'SELECT pg_notify($1, $2)', ['chat', 'named 2'], 'notify_stmt');
      await s.run('S', 'BEGIN');
      await s.run('S', 'SELECT pg_notify($1, $2)', ['chat', 'folded'], 'notify_stmt');
      await s.run('S', 'SELECT pg_notify($1, $2)', ['chat', 'folded'], 'notify_stmt');
      await s.run('S', 'COMMIT');
      await s.run('S', 'SELECT pg_notify(c, p) FROM (VALUES ($1, $2), ($1, $3)) AS v(c, p)', ['chat', 'row 1', 'row 2']);
      await s.run('L', "SELECT pg_notify('chat', $1)", ['own, extended']);
    });
    expect(ref).toContain('L received:\n  chat | bound ü | from S\n  chat |  | from S\n  chat | named 1 | from S\n  chat | named 1 | from S\n  chat | named 2 | from S\n  chat | folded | from S\n  chat | row 1 | from S\n  chat | row 2 | from S\n  chat | own, extended | from L\n');
  });
});
