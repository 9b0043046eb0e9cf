/** Sequelize 6 drives kalamdb-pg and PostgreSQL 15 through the same script; what it sees must match. */
import { describe, it } from 'vitest';
import { PASSWORD, SUPERUSER } from '../../test/e2e/harness.js';
import { withOursAndReference } from '../../test/support/server-pair.js';
import { expectSameObservations } from './observations.js';
import { runSequelizeScript } from './sequelize/script.js';

const pair = withOursAndReference();

describe('Sequelize', () => {
  it('syncs with alter twice and does CRUD as against PostgreSQL', async () => {
    const t0 = performance.now();
    const ref = await runSequelizeScript({ port: pair.ref.port, user: pair.ref.user, password: 'unused' });
    const t1 = performance.now();
    const ours = await runSequelizeScript({ port: pair.ours.port, user: SUPERUSER, password: PASSWORD });
    // sync({ alter: true }) does not diff column definitions: every run re-sends, for every column,
    // ALTER COLUMN … SET/DROP NOT NULL, SET/DROP DEFAULT and TYPE (no-ops on PostgreSQL 15 too), drops
    // and re-adds each foreign key, and sends ADD UNIQUE for a unique column, which on PostgreSQL adds
    // another index each run (sequelize_author_email_key1, _key2, …). So the second run is not
    // DDL-free against PostgreSQL either: it is checked to send exactly the statements it sends to
    // PostgreSQL, and the schema Sequelize then reads (columns, indexes, foreign keys) to be the same.
    console.log(`Sequelize script: %d ms against kalamdb-pg, %d ms against PostgreSQL 15`, Math.round(performance.now() - t1), Math.round(t1 - t0));
    expectSameObservations('Sequelize', ours, ref);
  }, 120_000);
});
