/** What system.stats and /metrics read, gathered from the Database when either is read. */
import { parseCacheStats } from '../sql/parse.js';
import type { ServerStatsSource } from '../metrics/server-stats.js';
import type { Database } from './database.js';
import { storageTotals } from './storage-totals.js';
import { tableAccessCache } from './table-access.js';

/** Live queries subscribed now (src/live/): system.stats' total_live_queries and /metrics. */
export function liveQueryCount(db: Database): number {
  return db.live.size;
}

export function serverStatsSource(db: Database): ServerStatsSource {
  const jobs = db.jobs.list();
  let completed = 0;
  let failed = 0;
  let flushes = 0;
  for (const j of jobs) {
    if (j.status === 'completed') {
      completed++;
      if (j.kind === 'flush') flushes++;
    } else if (j.status === 'failed') failed++;
  }
  const schema = db.schema;
  return {
    metrics: db.metrics,
    startedAt: db.startedAt,
    cpuPercent: () => db.metrics.cpu.percent(),
    activeConnections: db.backends.activity().length,
    totals: {
      tables: schema.listTables().length, namespaces: schema.listNamespaces().length,
      storages: schema.listStorages().length, users: schema.listUsers().length,
    },
    jobs: { total: jobs.length, completed, failed, flushes },
    liveQueries: liveQueryCount(db),
    parseCache: parseCacheStats(),
    schemaCache: tableAccessCache.stats(),
    storage: storageTotals(db),
  };
}
