/**
 * SUBSCRIBE TO ns.t [WHERE …] [OPTIONS (last_rows = N, batch_size = M)]: starts a live query
 * (live/live-query.ts) and answers with its id and the rows that match now —
 *
 *   live_query_id | rows
 *   lq_…          | [{"id":1,…},{"id":2,…}]     one row per batch of batch_size rows (default 1000),
 *                                               oldest first; one row with [] when none match
 *
 * — the same JSON objects the notifications carry, so a client reads both with one parser.
 * `last_rows = N` keeps the newest N by `_seq`. From then on every committed change that matches
 * arrives as a NotificationResponse on channel = the id. Not inside a transaction block: the
 * initial rows must be committed ones, and the live query outlives any block.
 */
import type { Node } from '../../binder/ast.js';
import { maxParamNumber } from '../../binder/ast.js';
import { bindExpr } from '../../binder/expr/bind-expr.js';
import { RangeScope } from '../../binder/range-scope.js';
import { resolveRelation, type RangeVarNode } from '../../binder/resolve-relation.js';
import { StatementParams } from '../../binder/param-slots.js';
import { tableEntry } from '../../binder/table-scope.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import { LiveQuery } from '../../live/live-query.js';
import { rowJson } from '../../live/row-json.js';
import type { Subscribe } from '../../sql/kalam/subscribe.js';
import { keyId } from '../../storage/row-store.js';
import { T } from '../../system/column-types.js';
import { bindTargetRows } from '../dml/target-rows.js';
import { makeEvalContext } from '../eval-context.js';
import type { PreparedStatement } from '../prepared-statement.js';
import { requirePrivilege, tableObject } from '../privileges/privilege-check.js';
import { requireBoolean } from '../query/predicates.js';
import { partitionOf } from '../query/table-scan.js';
import type { SessionContext } from '../session-context.js';
import { tableAccess } from '../table-access.js';

const DEFAULT_BATCH_SIZE = 1000;

export function prepareSubscribe(ctx: SessionContext, s: Subscribe): PreparedStatement {
  const select = (s.select as { SelectStmt: { fromClause: Node[]; whereClause?: Node } }).SelectStmt;
  const rv = (select.fromClause[0] as unknown as { RangeVar: RangeVarNode }).RangeVar;
  const found = resolveRelation(ctx, rv);
  if (found.kind !== 'table') {
    const what = found.kind === 'view' ? `"${found.view.name}" is a view` : `"${found.table.namespace}.${found.table.name}" is a system table`;
    throw Errors.featureNotSupported(`${what}: live queries watch tables only`);
  }
  const table = found.table;
  requirePrivilege(ctx, tableObject(table), 'r');
  if (maxParamNumber(select) > 0) throw Errors.featureNotSupported('SUBSCRIBE does not take parameters', 'Write the values into the WHERE clause.');
  const batchSize = s.options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (batchSize < 1) throw new SqlError('22023', 'batch_size must be at least 1');
  const params = new StatementParams([]);
  const target = bindTargetRows(ctx, table, table.name, select.whereClause, params);
  const where = select.whereClause;
  const predicate = where
    ? requireBoolean(bindExpr(where, new RangeScope([tableEntry(table, table.name, 0)]), params, { subqueries: null }), 'WHERE')
    : null;
  const query = `SELECT * FROM ${table.namespace}.${table.name}${s.where ? ` WHERE ${s.where.text}` : ''}`;
  const options = JSON.stringify({ ...(s.options.lastRows !== undefined && { last_rows: s.options.lastRows }), batch_size: batchSize });
  return {
    columns: [
      { name: 'live_query_id', type: T.text, tableOid: 0, attnum: 0 },
      { name: 'rows', type: T.json, tableOid: 0, attnum: 0 },
    ],
    paramTypes: [],
    catalogVersion: ctx.db.schema.version,
    async execute(c) {
      if (c.inTransactionBlock) throw new SqlError('25001', 'SUBSCRIBE cannot run inside a transaction block');
      const owner = c.notifications;
      if (!owner.connected) throw Errors.featureNotSupported('SUBSCRIBE needs a client connection to send notifications to');
      const hub = c.db.live;
      const partition = partitionOf(c, table);
      // Registered before the read: a change committed from here on is held, then sent unless the read saw it.
      const lq = new LiveQuery(hub.newId(), table, partition, c.user, query, options, predicate, owner, c.db.rows.commitCount);
      hub.add(lq);
      owner.subscribed(lq.id);
      let rows;
      try {
        rows = await target.fetch(c, makeEvalContext(c, []));
      } catch (e) {
        hub.end(lq, 'closed');
        throw e;
      }
      const access = tableAccess(table);
      const seen = new Map<string, bigint>();
      for (const r of rows) seen.set(keyId(access.keyOf(partition, r)), r[access.seqIndex] as bigint);
      hub.step(lq, () => lq.start(seen));
      rows.sort((a, b) => ((a[access.seqIndex] as bigint) < (b[access.seqIndex] as bigint) ? -1 : 1));
      if (s.options.lastRows !== undefined) rows = s.options.lastRows === 0 ? [] : rows.slice(-s.options.lastRows);
      const typeCtx = c.typeContext();
      const out: string[][] = [];
      for (let i = 0; i < rows.length || i === 0; i += batchSize) {
        out.push([lq.id, `[${rows.slice(i, i + batchSize).map((r) => rowJson(table, r, typeCtx)).join(',')}]`]);
      }
      return { tag: 'SUBSCRIBE', rows: out };
    },
  };
}
