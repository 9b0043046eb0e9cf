/** pg_settings and SHOW ALL describe our settings as PostgreSQL 15 does; RESET returns to the startup packet's value. */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { answer, differentialPair, expectSameSteps } from '../support/differential.js';
import { PASSWORD, SUPERUSER } from './harness.js';

const pair = differentialPair();

/** Settings whose values both servers share (server_version, TimeZone, locales, … differ by nature). */
const SHARED = ['statement_timeout', 'work_mem', 'client_min_messages', 'bytea_output', 'default_transaction_isolation',
  'transaction_isolation', 'extra_float_digits', 'search_path', 'standard_conforming_strings', 'IntervalStyle',
  'lock_timeout', 'row_security', 'max_identifier_length', 'block_size', 'integer_datetimes', 'default_transaction_read_only'];
const LIST = SHARED.map((n) => `'${n}'`).join(', ');

describe('pg_settings', () => {
  it('has PostgreSQL 15\'s columns and descriptions, values in their unit, and the source of each', async () => {
    await expectSameSteps(pair, [
      "SET statement_timeout = '5s'",
      "SET work_mem = '64MB'",
      'SET extra_float_digits = 2',
      `SELECT name, setting, unit, category, short_desc, extra_desc, context, vartype, source, min_val, max_val, enumvals,
         boot_val, reset_val, sourcefile, sourceline, pending_restart FROM pg_settings WHERE name IN (${LIST}) ORDER BY name`,
      `SELECT count(*) FROM pg_settings WHERE name IN ('is_superuser', 'session_authorization')`,
      'RESET ALL',
      `SELECT name, setting, source FROM pg_settings WHERE name IN (${LIST}) ORDER BY name`,
    ]);
  });

  it('SHOW ALL prints each setting with its description', async () => {
    const rows = async (c: pg.Client) => {
      const a = await answer(c, 'SHOW ALL');
      if (!('rows' in a)) throw new Error('SHOW ALL failed');
      return { fields: a.fields, rows: a.rows.filter((r) => SHARED.includes(r[0] as string)) };
    };
    expect(await rows(pair.ours)).toEqual(await rows(pair.reference));
  });

  it('RESET goes back to the value the client sent at startup', async () => {
    const steps = ["SET application_name = 'changed'", 'RESET application_name', 'SHOW application_name',
      "SELECT setting, reset_val, source FROM pg_settings WHERE name = 'application_name'",
      "SET application_name = 'again'", 'RESET ALL', 'SHOW application_name'];
    const ours = new pg.Client({ host: '127.0.0.1', port: pair.server.port, user: SUPERUSER, password: PASSWORD, database: 'postgres', application_name: 'startup-app' });
    const ref = new pg.Client({ host: '127.0.0.1', port: pair.ref.port, user: pair.ref.user, database: 'postgres', application_name: 'startup-app' });
    await Promise.all([ours.connect(), ref.connect()]);
    try {
      await expectSameSteps({ ...pair, ours, reference: ref }, steps);
    } finally {
      await Promise.all([ours.end(), ref.end()]);
    }
  });
});

describe('SET inside transactions', () => {
  it('SET is undone by ROLLBACK (and ROLLBACK TO SAVEPOINT), SET LOCAL lasts until the transaction ends, set_config does either', async () => {
    await expectSameSteps(pair, [
      "SET LOCAL statement_timeout = '7s'",
      'SHOW statement_timeout',
      'BEGIN',
      "SET statement_timeout = '1min'",
      "SET search_path = nowhere, public",
      "SET myapp.tenant = 'a'",
      'SHOW statement_timeout',
      'ROLLBACK',
      'SHOW statement_timeout',
      'SHOW search_path',
      "SELECT current_setting('myapp.tenant', true)",
      'BEGIN',
      "SET statement_timeout = '2s'",
      "SET LOCAL statement_timeout = '3s'",
      "SET LOCAL myapp.tenant = 'b'",
      'SHOW statement_timeout',
      "SELECT current_setting('myapp.tenant')",
      'COMMIT',
      'SHOW statement_timeout',
      "SELECT current_setting('myapp.tenant', true)",
      'BEGIN',
      "SET LOCAL work_mem = '8MB'",
      "SET work_mem = '16MB'",
      'COMMIT',
      'SHOW work_mem',
      'BEGIN',
      "SELECT set_config('myapp.user', '42', true), current_setting('myapp.user')",
      "SELECT set_config('work_mem', '32MB', false)",
      'COMMIT',
      "SELECT current_setting('myapp.user', true), current_setting('work_mem')",
      'BEGIN',
      'RESET ALL',
      'SHOW work_mem',
      'ROLLBACK',
      'SHOW work_mem',
      'BEGIN',
      "SET work_mem = '1MB'",
      'SELECT 1/0',
      'ROLLBACK',
      'SHOW work_mem',
      "SELECT set_config('myapp.once', 'x', true)",
      "SELECT current_setting('myapp.once', true)",
      'BEGIN',
      "SET work_mem = '2MB'",
      'SAVEPOINT a',
      "SET work_mem = '3MB'",
      "SET LOCAL statement_timeout = '9s'",
      'SAVEPOINT b',
      "SET work_mem = '5MB'",
      'ROLLBACK TO SAVEPOINT a',
      'SHOW work_mem',
      'SHOW statement_timeout',
      "SET work_mem = '6MB'",
      'RELEASE SAVEPOINT a',
      'ROLLBACK TO SAVEPOINT a',
      'ROLLBACK',
      'SHOW work_mem',
      'BEGIN',
      "SET work_mem = '7MB'",
      'SAVEPOINT c',
      "SET work_mem = '8MB'",
      'RELEASE SAVEPOINT c',
      'COMMIT',
      'SHOW work_mem',
    ]);
  });
});
