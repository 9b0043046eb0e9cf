// Top-K queries over C concurrent node-postgres connections, as an application would send them:
// one prepared statement per connection, the query vector as pgvector text in $1. Each connection
// takes the next query as soon as its previous one answered, so C are always in flight; a query's
// latency is its round trip, queueing in the server included.
import pg from 'pg';
import { latencySummary } from './live-check.mjs';
import { K, VECTOR_TABLE } from './vector-dataset.mjs';

export const KNN_SQL = `SELECT id FROM ${VECTOR_TABLE} ORDER BY embedding <-> $1 LIMIT ${K}`;

/** `count` connections to `server`, each having run `setupSql` (SETs: they are per session). */
export async function openConnections(server, count, setupSql = []) {
  const clients = [];
  try {
    for (let i = 0; i < count; i++) {
      const c = new pg.Client({ host: server.host, port: server.port, user: server.user, password: server.clientEnv.PGPASSWORD, database: server.database });
      clients.push(c);
      await c.connect();
      for (const sql of setupSql) await c.query(sql);
    }
  } catch (err) {
    await closeConnections(clients);
    throw err;
  }
  return clients;
}

export async function closeConnections(clients) {
  await Promise.all(clients.map((c) => c.end().catch(() => {})));
}

/**
 * Runs query vectors `texts` (pgvector text) over `clients`: first `warmTexts` unmeasured (other
 * vectors, so no measured query meets an answer it has already warmed), then `texts` measured.
 * Resolves with each query's ids (numbers, nearest first), the latency summary in ms and the
 * throughput over the measured wall time.
 */
export async function runKnn(clients, texts, { warmTexts = [], statement = 'vecbench_knn' } = {}) {
  const pass = async (vectors) => {
    const count = vectors.length;
    const ids = new Array(count);
    const ms = new Array(count);
    let next = 0;
    const started = performance.now();
    await Promise.all(clients.map(async (c) => {
      for (let i = next++; i < count; i = next++) {
        const t = performance.now();
        const r = await c.query({ name: statement, text: KNN_SQL, values: [vectors[i]] });
        ms[i] = performance.now() - t;
        ids[i] = r.rows.map((row) => Number(row.id));
      }
    }));
    return { ids, ms, seconds: (performance.now() - started) / 1000 };
  };
  if (warmTexts.length > 0) await pass(warmTexts);
  const { ids, ms, seconds } = await pass(texts);
  return { ids, latency: latencySummary(ms), qps: texts.length / seconds };
}
