/** SHOW STORAGES: system.storages, whole (seed 002: the storages and their path templates). */
import { storages } from '../../system/system-tables.js';
import type { PreparedStatement } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import { systemContext } from '../system-context.js';
import { rowsStatement } from './utility-statement.js';

export function prepareShowStorages(ctx: SessionContext): PreparedStatement {
  return rowsStatement(
    ctx,
    storages.columns.map((c) => ({ name: c.name, type: c.type, tableOid: 0, attnum: 0 })),
    (r) => `SELECT ${r.length}`,
    (c) => storages.rows(systemContext(c)),
  );
}
