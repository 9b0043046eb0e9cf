/** SHOW STORAGES, SHOW STATS: a system.* table, whole, with the table's own access rule. */
import type { VirtualTable } from '../../system/virtual-table.js';
import type { PreparedStatement } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import { systemContext } from '../system-context.js';
import { rowsStatement } from './utility-statement.js';

export function prepareShowSystemTable(ctx: SessionContext, table: VirtualTable): PreparedStatement {
  return rowsStatement(
    ctx,
    table.columns.map((c) => ({ name: c.name, type: c.type, tableOid: 0, attnum: 0 })),
    (r) => `SELECT ${r.length}`,
    (c) => table.rows(systemContext(c)),
  );
}
