/** Knex runs the same script against kalamdb-pg and PostgreSQL 15; every step must see the same. */
import { describe, expect, it } from 'vitest';
import { withOursAndReference } from '../../test/support/server-pair.js';
import { compareWithPostgres } from '../../test/support/compare-with-postgres.js';
import { runKnexScript } from './knex/script.js';

const pair = withOursAndReference();

describe('Knex', () => {
  it('sees the same as against PostgreSQL 15', async () => {
    const { total, differences } = await compareWithPostgres('Knex', pair, runKnexScript);
    expect(differences).toEqual([]);
    expect(total).toBeGreaterThan(20);
  }, 120_000);
});
