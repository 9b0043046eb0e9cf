/**
 * BI traffic: the start-up and schema-browsing statements of DBeaver, Metabase, Grafana and
 * Superset (SQLAlchemy), their exact text from the tools' source (each query names its file),
 * replayed against kalamdb-pg and a throwaway PostgreSQL 15 holding the same schema. Column
 * names, column types and rows must be the same; what is normalised, and why, is in
 * compat/bi/replay.ts. A query that still differs is listed in KNOWN_DIFFERENT and must keep
 * differing, so the list cannot go stale silently.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, SUPERUSER } from '../test/e2e/harness.js';
import { withOursAndReference } from '../test/support/server-pair.js';
import { DBEAVER } from './bi/dbeaver.js';
import { GRAFANA } from './bi/grafana.js';
import { METABASE } from './bi/metabase.js';
import { replay, serverObjects, type ServerObjects } from './bi/replay.js';
import type { ReplayQuery } from './bi/replay-query.js';
import { BI_SCHEMA, REFERENCE_PREAMBLE } from './bi/schema.js';
import { SUPERSET } from './bi/superset.js';

const QUERIES: readonly ReplayQuery[] = [...DBEAVER, ...METABASE, ...GRAFANA, ...SUPERSET];

/** `tool: step` of the queries whose answer is known to differ from PostgreSQL's, and why. */
const KNOWN_DIFFERENT: readonly string[] = [
  // pg_type lists the types kalamdb-pg has (71 in pg_catalog pass DBeaver's filter, among them
  // vector and _vector), not PostgreSQL's 185 (point, inet, tsvector, ranges, …). The rows both
  // have are the same.
  'DBeaver: connect: data types of pg_catalog',
];

const pair = withOursAndReference();

interface Side {
  client: pg.Client;
  objects: ServerObjects;
}

async function connect(port: number, password: string | undefined): Promise<pg.Client> {
  const c = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database: 'postgres' });
  await c.connect();
  return c;
}

describe('BI tools replay their catalog queries as against PostgreSQL 15', () => {
  const sides = {} as { ours: Side; ref: Side };
  let matched = 0;

  beforeAll(async () => {
    const [ours, ref] = await Promise.all([connect(pair.ours.port, PASSWORD), connect(pair.ref.port, undefined)]);
    await ours.query(BI_SCHEMA);
    await ref.query(REFERENCE_PREAMBLE + BI_SCHEMA);
    // n_live_tup (Metabase's row estimate) on both: the exact count ANALYZE records. PostgreSQL's
    // setup counts are flushed first, or arriving after its ANALYZE they would be added again.
    await ref.query('SELECT pg_stat_force_next_flush()');
    await Promise.all([ours.query('ANALYZE'), ref.query('ANALYZE')]);
    sides.ours = { client: ours, objects: await serverObjects(ours) };
    sides.ref = { client: ref, objects: await serverObjects(ref) };
  }, 60_000);

  afterAll(async () => {
    await sides.ours?.client.end();
    await sides.ref?.client.end();
  });

  for (const q of QUERIES) {
    const title = `${q.tool}: ${q.step}`;
    it(title, async () => {
      const ours = await replay(sides.ours.client, q, sides.ours.objects);
      const ref = await replay(sides.ref.client, q, sides.ref.objects);
      const same = JSON.stringify(ours) === JSON.stringify(ref);
      if (same) matched++;
      if (KNOWN_DIFFERENT.includes(title)) expect(same, `${title} now matches: take it off KNOWN_DIFFERENT`).toBe(false);
      else expect(ours, `${title}\n${q.sql}`).toEqual(ref);
    });
  }

  it('prints the pass count', () => {
    console.log(`BI replay: ${matched} of ${QUERIES.length} queries match PostgreSQL 15`);
    expect(matched).toBe(QUERIES.length - KNOWN_DIFFERENT.length);
  });
});
