/**
 * TRUNCATE [TABLE] t [, …] [RESTART IDENTITY | CONTINUE IDENTITY] [CASCADE | RESTRICT]: every row
 * the session can see in each table goes, inside the transaction like a DELETE without WHERE (so
 * ROLLBACK brings the rows back, as in PostgreSQL). For USER and STREAM tables that is the acting
 * user's partition. RESTART IDENTITY puts the tables' serial and identity sequences back to their
 * start (outside a transaction block only: sequences here are not transactional). Secondary-index
 * entries go with the rows; tables whose foreign keys reference a truncated one must be truncated
 * with it (CASCADE adds them), as in PostgreSQL.
 */
import { requirePrivilege, tableObject } from '../privileges/privilege-check.js';
import type { Node } from '../../binder/ast.js';
import { bodyOf } from '../../binder/ast.js';
import { resolveUserTable, type RangeVarNode } from '../../binder/resolve-relation.js';
import { SqlError } from '../../errors/sql-error.js';
import type { PreparedStatement } from '../prepared-statement.js';
import { partitionOf } from '../query/table-scan.js';
import { tableAccess } from '../table-access.js';
import { secondaryIndexes } from '../index-access.js';
import { referencing } from './row-changes.js';
import { prepareSequences } from '../eval-context.js';
import { utility } from '../utility/utility-statement.js';
import type { SessionContext } from '../session-context.js';

export function prepareTruncate(ctx: SessionContext, body: Node): PreparedStatement {
  const s = body as { relations: Node[]; restart_seqs?: boolean; behavior?: string };
  const tables = s.relations.map((r) => {
    const rv = bodyOf<RangeVarNode>(r);
    const t = resolveUserTable(ctx, rv, (rv.location ?? 0) + 1, (v) => new SqlError('42809', `"${v.name}" is not a table`));
    requirePrivilege(ctx, tableObject(t), 'D');
    return t;
  });
  return utility(ctx, async (c) => {
    // Sequences move outside transactions here: a rolled-back restart would not come back.
    if (s.restart_seqs && c.inTransactionBlock) {
      throw new SqlError('0A000', 'TRUNCATE … RESTART IDENTITY inside a transaction block is not supported yet',
        { hint: 'Run it on its own, outside BEGIN … COMMIT.' });
    }
    // Rows referencing the truncated ones would dangle: their tables go too (CASCADE) or it fails.
    for (let i = 0; i < tables.length; i++) {
      for (const { child } of referencing(c, tables[i]!)) {
        if (tables.some((t) => t.id === child.id)) continue;
        if (s.behavior !== 'DROP_CASCADE') {
          throw new SqlError('0A000', 'cannot truncate a table referenced in a foreign key constraint', {
            detail: `Table "${child.name}" references "${tables[i]!.name}".`,
            hint: `Truncate table "${child.name}" at the same time, or use TRUNCATE ... CASCADE.`,
          });
        }
        c.notice('00000', `truncate cascades to table "${child.name}"`);
        tables.push(child);
      }
    }
    const ws = c.writeSet();
    for (const table of tables) {
      const partition = partitionOf(c, table);
      const ranges = [tableAccess(table).partitionRange(partition), ...secondaryIndexes(table).map((ix) => ix.partitionRange(partition))];
      const keys: Buffer[] = [];
      for (const [lo, hi] of ranges) {
        for await (const batch of c.db.rows.scan(lo, hi, ws)) {
          for (const [key] of batch) keys.push(key);
          c.checkCancel();
        }
      }
      for (const key of keys) ws.delete(key);
    }
    if (s.restart_seqs) {
      await prepareSequences(c);
      for (const table of tables) {
        for (const seq of c.db.schema.ownedSequences(table)) c.db.sequences.setval(seq, seq.start, false);
      }
    }
    return { tag: 'TRUNCATE TABLE' };
  });
}
