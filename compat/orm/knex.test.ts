/** Knex 3 runs the same migrations and queries against kalamdb-pg and PostgreSQL 15. */
import { describe, expect, it } from 'vitest';
import { PASSWORD, SUPERUSER } from '../../test/e2e/harness.js';
import { withOursAndReference } from '../../test/support/server-pair.js';
import { compareObservations } from '../../test/support/observations.js';
import { runKnexScript } from './knex/script.js';

const pair = withOursAndReference();

describe('Knex', () => {
  it('sees the same as against PostgreSQL 15', async () => {
    const ours = await runKnexScript({ port: pair.ours.port, user: SUPERUSER, password: PASSWORD });
    const ref = await runKnexScript({ port: pair.ref.port, user: pair.ref.user, password: '' });
    const { same, total, differences } = compareObservations(ours, ref);
    console.log(`Knex: ${same} of ${total} checks match PostgreSQL 15`);
    expect(differences).toEqual([]);
    expect(total).toBeGreaterThan(20);
  }, 120_000);
});
