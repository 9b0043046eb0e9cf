/** TypeORM 1.x drives kalamdb-pg and PostgreSQL 15 through the same script; what it sees must match. */
import { describe, expect, it } from 'vitest';
import { PASSWORD, SUPERUSER } from '../../test/e2e/harness.js';
import { withOursAndReference } from '../../test/support/server-pair.js';
import { expectSameObservations } from './observations.js';
import { runTypeormScript } from './typeorm/script.js';

const pair = withOursAndReference();

describe('TypeORM', () => {
  it('synchronizes once, then finds nothing to change, and does CRUD as against PostgreSQL', async () => {
    const t0 = performance.now();
    const ref = await runTypeormScript({ port: pair.ref.port, user: pair.ref.user, password: 'unused' });
    const t1 = performance.now();
    const ours = await runTypeormScript({ port: pair.ours.port, user: SUPERUSER, password: PASSWORD });
    expect(ref.secondRunDdl).toEqual([]);
    console.log(`TypeORM script: %d ms against kalamdb-pg, %d ms against PostgreSQL 15`, Math.round(performance.now() - t1), Math.round(t1 - t0));
    expectSameObservations('TypeORM', ours.seen, ref.seen);
    expect(ours.secondRunDdl).toEqual([]);
  }, 120_000);
});
