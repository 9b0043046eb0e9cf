/** SHOW STORAGES: system.storages, whole (seed 002: the storages and their path templates). */
import { storages } from '../../system/system-tables.js';
import type { PreparedStatement } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import { prepareShowSystemTable } from './show-system-table.js';

export function prepareShowStorages(ctx: SessionContext): PreparedStatement {
  return prepareShowSystemTable(ctx, storages);
}
