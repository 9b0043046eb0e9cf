/**
 * pg_stat_activity: one row per connected session, read from the sessions themselves
 * (session/backend-registry.ts). As in PostgreSQL, a reader without the right to see another
 * role's sessions gets their identity only, with query '<insufficient privilege>'.
 */
import { seesEveryone } from '../virtual-table.js';
import { catalogTable } from './catalog-table.js';

/** The one database's OID, as pg_database gives it. */
const DATABASE_OID = 5;

export const pgStatActivity = catalogTable('pg_stat_activity', (ctx) =>
  ctx.backends().map((b) => {
    const identity = {
      datid: DATABASE_OID, datname: b.database, pid: b.pid, leader_pid: null,
      usesysid: ctx.catalog.roleOid(b.user.name) ?? 0, usename: b.user.name, application_name: b.applicationName,
    };
    if (!seesEveryone(ctx.user) && ctx.user.name !== b.user.name) {
      return { ...identity, client_port: null, backend_xid: null, backend_xmin: null, query_id: null, query: '<insufficient privilege>' };
    }
    return {
      ...identity,
      client_addr: b.clientAddress, client_hostname: null, client_port: b.clientPort ?? -1,
      backend_start: b.backendStart, xact_start: b.xactStart, query_start: b.queryStart, state_change: b.stateChange,
      wait_event_type: b.state === 'active' ? null : 'Client', wait_event: b.state === 'active' ? null : 'ClientRead',
      state: b.state, backend_xid: null, backend_xmin: null, query_id: null, query: b.query, backend_type: 'client backend',
    };
  }),
  'pg_catalog',
  'session',
);
