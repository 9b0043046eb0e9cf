/**
 * TransactionState creates its write set only when the transaction first writes. The conflict
 * rule must not move with it: a write is judged from the start of its statement, even when a
 * commit by someone else lands between that start and the write set's creation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/executor/database.js';
import { TransactionState } from '../../src/session/transaction-state.js';
import { SessionAdvisoryLocks } from '../../src/session/advisory-locks.js';

let dir: string;
let db: Database;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kalamdb-pg-txn-'));
  db = await Database.open(dir);
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const key = (n: number) => Buffer.from([0x72, 0, 0, 0, 99, n]);
const value = (s: string) => Buffer.from(s);

async function commitElsewhere(k: Buffer, v: string): Promise<void> {
  const other = db.rows.begin();
  other.put(k, value(v));
  await db.rows.commit(other);
}

describe('TransactionState', () => {
  it('a read-only statement creates no write set', async () => {
    const t = new TransactionState(db, new SessionAdvisoryLocks(db.advisoryLocks, () => undefined));
    t.beginStatement();
    expect(t.pendingWrites()).toBeUndefined();
    await t.end(true);
    t.close();
  });

  it('a write after a concurrent commit that landed during its statement fails with 40001', async () => {
    const t = new TransactionState(db, new SessionAdvisoryLocks(db.advisoryLocks, () => undefined));
    t.beginStatement(); // e.g. UPDATE … starts, reads the old row
    await commitElsewhere(key(1), 'theirs'); // someone commits the same row meanwhile
    t.writeSet().put(key(1), value('mine')); // the UPDATE then writes: its write set starts here
    await expect(t.end(true)).rejects.toMatchObject({ code: '40001' });
    expect((await db.rows.get(key(1)))?.toString()).toBe('theirs');
    t.close();
  });

  it('keeps the conflict entries a running statement still needs when the conflict log is pruned', async () => {
    const t = new TransactionState(db, new SessionAdvisoryLocks(db.advisoryLocks, () => undefined));
    t.beginStatement(); // a long UPDATE starts and has not written yet
    await commitElsewhere(key(3), 'theirs');
    // Enough other commits that the conflict log is pruned (row-store.ts: past 50,000 entries).
    const bulk = db.rows.begin();
    for (let i = 0; i < 60_000; i++) bulk.put(Buffer.from(`r\0\0\0\x64bulk-${i}`, 'latin1'), value('x'));
    await db.rows.commit(bulk);
    t.writeSet().put(key(3), value('mine'));
    await expect(t.end(true)).rejects.toMatchObject({ code: '40001' });
    t.close();
  });

  it('a commit that landed before the statement began is no conflict (READ COMMITTED)', async () => {
    const t = new TransactionState(db, new SessionAdvisoryLocks(db.advisoryLocks, () => undefined));
    t.block = 'open';
    t.beginStatement(); // SELECT 1
    await commitElsewhere(key(2), 'theirs');
    t.beginStatement(); // the next statement sees that commit
    t.writeSet().put(key(2), value('mine'));
    await t.end(true);
    expect((await db.rows.get(key(2)))?.toString()).toBe('mine');
    t.close();
  });
});
