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
