// The introspection workload: psql's `\d bench_rich` (a table with a serial primary key, a unique
// column, a check, a foreign key, an index and defaults) repeated in one psql session.
import { psqlScript } from './psql.mjs';

export const DESCRIBE_SCHEMA_SQL = `
DROP TABLE IF EXISTS bench_rich;
DROP TABLE IF EXISTS bench_owner;
CREATE TABLE bench_owner (id serial PRIMARY KEY, email varchar(100) UNIQUE NOT NULL, name text NOT NULL DEFAULT 'anon');
CREATE TABLE bench_rich (
  id bigserial PRIMARY KEY,
  owner_id int REFERENCES bench_owner(id) ON DELETE CASCADE,
  code varchar(40) UNIQUE,
  title varchar(200) NOT NULL,
  price numeric(10,2) CHECK (price >= 0),
  created timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bench_rich_title_idx ON bench_rich (title);
`;

/** `\d NAME` commands per psql session: the session's start-up is shared by this many. */
const PER_SESSION = 20;

async function timeSession(server, script) {
  const started = process.hrtime.bigint();
  await psqlScript(server, script);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * Milliseconds one `\d bench_rich` takes: (a session of PER_SESSION of them − an empty session) ÷
 * PER_SESSION, so connecting and authenticating (SCRAM on kalamdb-pg, trust on PostgreSQL) is not
 * counted. Returns the per-session figures; the caller takes the median.
 */
export async function timeDescribe(server, sessions) {
  await psqlScript(server, DESCRIBE_SCHEMA_SQL);
  const describe = '\\d bench_rich\n'.repeat(PER_SESSION);
  await timeSession(server, describe); // warm: catalog caches, V8's compiler
  const samples = [];
  for (let s = 0; s < sessions; s++) {
    const empty = await timeSession(server, 'SELECT 1;\n');
    const full = await timeSession(server, describe);
    samples.push(Math.max(0, full - empty) / PER_SESSION);
  }
  return samples;
}

export const DESCRIBE_PER_SESSION = PER_SESSION;
