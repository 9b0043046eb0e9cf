/**
 * pg_stat_ssl: one row per client connection, saying whether it runs over TLS and with what
 * protocol and cipher. As PostgreSQL's view (which keeps the rows whose client_port it may see),
 * a reader without the right to see another role's sessions does not get their rows.
 * No client certificates are asked for, so client_dn, client_serial and issuer_dn stay NULL.
 */
import { seesEveryone } from '../virtual-table.js';
import { catalogTable } from './catalog-table.js';

export const pgStatSsl = catalogTable('pg_stat_ssl', (ctx) =>
  ctx.backends()
    .filter((b) => seesEveryone(ctx.user) || ctx.user.name === b.user.name)
    .map((b) => ({
      pid: b.pid,
      ssl: b.tls !== null,
      version: b.tls?.version ?? null,
      cipher: b.tls?.cipher ?? null,
      bits: b.tls?.bits ?? null,
    })),
  'pg_catalog',
  'session',
);
