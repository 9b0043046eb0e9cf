/** What a system.*, pg_catalog or information_schema table reads when a session scans it. */
import type { SystemContext } from '../system/virtual-table.js';
import type { SessionContext } from './session-context.js';
import { liveQueryCount, serverStatsSource } from './server-stats-source.js';
import { serverStats } from '../metrics/server-stats.js';

export function systemContext(ctx: SessionContext): SystemContext {
  const db = ctx.db;
  return {
    schema: db.schema,
    user: ctx.user,
    database: ctx.database,
    startedAt: db.startedAt,
    catalog: ctx.catalog(),
    settings: () => ctx.settings.describe(),
    backends: () => db.backends.activity(),
    jobs: () => db.jobs.list(),
    storageDirectory: (s) => db.storagePaths.baseDirectory(s),
    relationStats: db.relationStats,
    loginState: (user) => db.logins.state(user),
    auditEntries: () => db.audit.list(),
    liveQueries: () => db.live.list().map((q) => q.view()),
    serverStats: () => serverStats(serverStatsSource(db)),
    liveQueryCount: () => liveQueryCount(db),
  };
}
