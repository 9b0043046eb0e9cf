/**
 * system.live_queries (DESIGN.md §6): one row per live query (SUBSCRIBE), oldest first — who
 * subscribed to which table with what query, since when, and how many changes it was sent.
 * Users below dba see their own live queries only.
 */
import type { Value } from '../types/kalam-type.js';
import { T, cols } from './column-types.js';
import { seesEveryone, type SystemContext, type VirtualTable } from './virtual-table.js';

/** What system.live_queries shows of one live query. */
export interface LiveQueryView {
  readonly id: string;
  readonly pid: number;
  readonly userId: string;
  readonly userName: string;
  readonly namespace: string;
  readonly table: string;
  readonly query: string;
  readonly options: string;
  /** ms since the epoch. */
  readonly created: number;
  readonly lastChange: number | null;
  readonly changes: number;
  /** Bytes of notifications its connection has waiting. */
  readonly queuedBytes: number;
}

const micros = (ms: number | null) => (ms === null ? null : BigInt(ms) * 1000n);

export const liveQueries: VirtualTable = {
  namespace: 'system',
  name: 'live_queries',
  oid: 14021,
  columns: cols({
    live_query_id: T.text, pid: T.int4, user_id: T.text, user_name: T.text, namespace: T.text, table_name: T.text,
    query: T.text, options: T.json, created: T.timestamptz, last_change: T.timestamptz, changes: T.int8, queued_bytes: T.int8,
  }),
  rows(ctx: SystemContext): Value[][] {
    const all = ctx.liveQueries();
    const visible = seesEveryone(ctx.user) ? all : all.filter((q) => q.userId === ctx.user.id);
    return [...visible].sort((a, b) => a.created - b.created).map((q) => [
      q.id, q.pid, q.userId, q.userName, q.namespace, q.table, q.query, q.options,
      micros(q.created), micros(q.lastChange), BigInt(q.changes), BigInt(q.queuedBytes),
    ]);
  },
};
