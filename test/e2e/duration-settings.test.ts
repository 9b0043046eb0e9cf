/** statement_timeout and friends read and show their durations (SHOW, pg_settings) as PostgreSQL 15 does. */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PASSWORD, SUPERUSER } from './harness.js';
import { withOursAndReference } from '../support/server-pair.js';

const pair = withOursAndReference();

const VALUES = ['5000', '1min', '1500', '2h', '0', '61s', '100000ms', '1.5s', '1d', '90min', '2500us', 'abc', '5 fortnights', '-1', '3000000000', '-3000000000', '3000000s'];

async function answers(port: number, user: string, password: string): Promise<string[]> {
  const c = new pg.Client({ host: '127.0.0.1', port, user, password, database: 'postgres' });
  await c.connect();
  const out: string[] = [];
  try {
    for (const name of ['statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout']) {
      for (const v of VALUES) {
        // 2500us rounds to 2ms: as statement_timeout it would cancel the probes that follow on a busy machine,
        // PostgreSQL's own included. The rounding is still checked on the other two settings.
        if (name === 'statement_timeout' && v === '2500us') continue;
        try {
          await c.query(`SET ${name} = '${v}'`);
          const setting = (await c.query('SELECT setting, unit FROM pg_settings WHERE name = $1', [name])).rows[0];
          out.push(`${name} ${v}: ${(await c.query(`SHOW ${name}`)).rows[0][name]} (pg_settings ${setting.setting} ${setting.unit})`);
        } catch (e) {
          const err = e as { code?: string; message: string; hint?: string };
          out.push(`${name} ${v}: ${err.code} ${err.message} ${err.hint ?? ''}`);
        }
      }
    }
  } finally {
    await c.end();
  }
  return out;
}

describe('duration settings', () => {
  it('SET and SHOW statement_timeout, lock_timeout, idle_in_transaction_session_timeout as PostgreSQL', async () => {
    const ours = await answers(pair.ours.port, SUPERUSER, PASSWORD);
    const ref = await answers(pair.ref.port, pair.ref.user, '');
    expect(ours).toEqual(ref);
  });
});
