/**
 * FROM clause → range entries (for name resolution) and a row producer: tables (point lookup or
 * partition scan), system tables, subqueries, and joins (nested loops — the query engine of a
 * later issue replaces them with hash joins over column batches).
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf, stringList } from '../../binder/ast.js';
import type { BindScope, BoundExpr, EvalContext, ParamSlots } from '../../binder/expr/bound-expr.js';
import { bindExpr } from '../../binder/expr/bind-expr.js';
import { RangeScope, type RangeEntry } from '../../binder/range-scope.js';
import { resolveRelation, type RangeVarNode } from '../../binder/resolve-relation.js';
import { tableEntry, virtualEntry } from '../../binder/table-scope.js';
import { evalLookupKey, pointLookupKeys } from '../../planner/pk-point-lookup.js';
import type { Value } from '../../types/kalam-type.js';
import type { SessionContext } from '../session-context.js';
import { lookupRows, scanRows } from './table-scan.js';
import { prepareSelectSource } from './select-source.js';
import { requireBoolean } from './predicates.js';
import { lookupCte, type CteRelation } from './cte-scope.js';
import { bindView } from './view-expansion.js';
import { noteRelation } from '../../binder/view-capture.js';

export type RowProducer = (ctx: SessionContext, ectx: EvalContext) => Promise<Value[][]>;

export interface FromPlan {
  readonly entries: RangeEntry[];
  readonly produce: RowProducer;
  /** Set when the FROM clause is one schema-store table (UPDATE/DELETE-style point lookups). */
  readonly singleTable?: TableDefinition;
}

function shiftEntries(entries: RangeEntry[], by: number): RangeEntry[] {
  return entries.map((e) => ({ ...e, offset: e.offset + by }));
}

function widthOf(entries: readonly RangeEntry[]): number {
  return entries.reduce((w, e) => Math.max(w, e.offset + e.columns.length), 0);
}

/** A single base table, with the point-lookup rule applied against `where`. */
export function tableProducer(
  table: TableDefinition,
  alias: string,
  where: Node | undefined,
  scope: BindScope,
  params: ParamSlots,
): RowProducer {
  const keys = pointLookupKeys(table, alias, where, scope, params);
  if (keys) {
    return async (ctx, ectx) => {
      const key = evalLookupKey(table, keys, ectx);
      return key ? lookupRows(ctx, table, [key]) : [];
    };
  }
  return async (ctx) => {
    const out: Value[][] = [];
    for await (const batch of scanRows(ctx, table)) for (const r of batch) out.push(r);
    return out;
  };
}

function bindItem(
  ctx: SessionContext,
  item: Node,
  offset: number,
  params: ParamSlots,
  where: Node | undefined,
  outer: BindScope | null,
): FromPlan {
  const kind = kindOf(item);
  if (kind === 'RangeVar') {
    const rv = bodyOf<RangeVarNode>(item);
    const cte = rv.schemaname ? null : lookupCte(rv.relname);
    if (cte) return cteItem(cte, rv, offset);
    const rel = resolveRelation(ctx, rv, (rv.location ?? 0) + 1);
    const alias = rv.alias?.aliasname;
    if (rel.kind === 'view') {
      noteRelation(rv, rel.view.namespace, rel.view.oid);
      const v = bindView(ctx, rel.view, rv, offset);
      return { entries: [v.entry], produce: v.produce };
    }
    if (rel.kind === 'table') {
      noteRelation(rv, rel.table.namespace, rel.table.oid);
      const entry = tableEntry(rel.table, alias, offset);
      const scope = new RangeScope([{ ...entry, offset: 0 }], outer);
      return {
        entries: [entry],
        produce: tableProducer(rel.table, entry.alias, where, scope, params),
        singleTable: rel.table,
      };
    }
    const vt = rel.table;
    return {
      entries: [virtualEntry(vt, alias, offset)],
      produce: async (ctx) =>
        vt.rows({ schema: ctx.db.schema, user: ctx.user, database: ctx.database, startedAt: ctx.db.startedAt }),
    };
  }
  if (kind === 'RangeSubselect') {
    const rs = bodyOf<{ subquery: Node; alias?: { aliasname: string; colnames?: Node[] }; lateral?: boolean }>(item);
    if (rs.lateral) throw Errors.featureNotSupported('LATERAL subqueries are not supported yet');
    if (!rs.alias) throw Errors.syntax('subquery in FROM must have an alias');
    const source = prepareSelectSource(ctx, rs.subquery, params, outer);
    const colnames = stringList(rs.alias.colnames);
    const entry: RangeEntry = {
      alias: rs.alias.aliasname,
      columns: source.columns.map((c, i) => ({ name: colnames[i] ?? c.name, type: c.type })),
      offset,
    };
    return { entries: [entry], produce: (ctx, ectx) => source.run(ctx, ectx) };
  }
  if (kind === 'JoinExpr') return bindJoin(ctx, bodyOf(item), offset, params, outer);
  throw Errors.featureNotSupported(`${FROM_ITEM_WORDS[kind] ?? kind} in FROM are not supported yet`);
}

/** A FROM item naming a WITH query: its columns, renamed by the alias's column list. */
function cteItem(cte: CteRelation, rv: RangeVarNode, offset: number): FromPlan {
  const colnames = stringList(rv.alias?.colnames);
  if (colnames.length > cte.columns.length) {
    throw new SqlError('42P10', `table "${rv.alias?.aliasname ?? cte.name}" has ${cte.columns.length} columns available but ${colnames.length} columns specified`);
  }
  const entry: RangeEntry = {
    alias: rv.alias?.aliasname ?? cte.name,
    columns: cte.columns.map((c, i) => ({ name: colnames[i] ?? c.name, type: c.type })),
    offset,
  };
  return { entries: [entry], produce: cte.produce };
}

/** What a user wrote, for the parser's node names in the message above. */
const FROM_ITEM_WORDS: Readonly<Record<string, string>> = {
  RangeFunction: 'functions (such as generate_series)',
  RangeTableFunc: 'XMLTABLE expressions',
  RangeTableSample: 'TABLESAMPLE clauses',
};

function bindJoin(
  ctx: SessionContext,
  j: { jointype: string; larg: Node; rarg: Node; quals?: Node; usingClause?: Node[]; isNatural?: boolean },
  offset: number,
  params: ParamSlots,
  outer: BindScope | null,
): FromPlan {
  if (j.isNatural) throw Errors.featureNotSupported('NATURAL JOIN is not supported yet');
  const left = bindItem(ctx, j.larg, offset, params, undefined, outer);
  const right = bindItem(ctx, j.rarg, widthOf(left.entries), params, undefined, outer);
  const entries = [...left.entries, ...right.entries];
  const base = offset;
  const scope = new RangeScope(shiftEntries(entries, -base), outer);
  let on: BoundExpr | null = null;
  if (j.quals) on = requireBoolean(bindExpr(j.quals, scope, params), 'JOIN/ON');
  else if (j.usingClause) {
    // USING (a, b): left.a = right.a AND left.b = right.b, NULL-aware like AND.
    const eqs = stringList(j.usingClause).map((n) =>
      bindExpr(
        { A_Expr: { kind: 'AEXPR_OP', name: [{ String: { sval: '=' } }], lexpr: colRef(left.entries, n), rexpr: colRef(right.entries, n), location: -1 } },
        scope,
        params,
      ),
    );
    on = {
      type: eqs[0]!.type,
      label: 'using',
      eval: (row, c) => {
        let result: Value = true;
        for (const e of eqs) {
          const v = e.eval(row, c);
          if (v === false) return false;
          if (v === null) result = null;
        }
        return result;
      },
    };
  }
  const lWidth = widthOf(left.entries) - base;
  const rWidth = widthOf(right.entries) - widthOf(left.entries);
  const type = j.jointype;
  if (!['JOIN_INNER', 'JOIN_LEFT', 'JOIN_RIGHT', 'JOIN_FULL'].includes(type)) {
    throw Errors.featureNotSupported(`${type} is not supported yet`);
  }
  return {
    entries,
    produce: async (ctx, ectx) => {
      const [ls, rs] = await Promise.all([left.produce(ctx, ectx), right.produce(ctx, ectx)]);
      const out: Value[][] = [];
      const rMatched = new Uint8Array(rs.length);
      const nullsL = new Array<Value>(lWidth).fill(null);
      const nullsR = new Array<Value>(rWidth).fill(null);
      for (const l of ls) {
        let matched = false;
        ctx.checkCancel();
        for (let i = 0; i < rs.length; i++) {
          const row = l.concat(rs[i]!);
          if (on && on.eval(row, ectx) !== true) continue;
          matched = true;
          rMatched[i] = 1;
          out.push(row);
        }
        if (!matched && (type === 'JOIN_LEFT' || type === 'JOIN_FULL')) out.push(l.concat(nullsR));
      }
      if (type === 'JOIN_RIGHT' || type === 'JOIN_FULL') {
        rs.forEach((r, i) => {
          if (!rMatched[i]) out.push(nullsL.concat(r));
        });
      }
      return out;
    },
  };
}

function colRef(entries: readonly RangeEntry[], name: string): Node {
  const owner = entries.find((e) => e.columns.some((c) => c.name === name));
  if (!owner) throw Errors.undefinedColumn(name);
  return { ColumnRef: { fields: [{ String: { sval: owner.alias } }, { String: { sval: name } }], location: 0 } };
}

/** The whole FROM list (items are cross-joined); an empty list yields one empty row. */
export function bindFrom(
  ctx: SessionContext,
  items: readonly Node[] | undefined,
  params: ParamSlots,
  where: Node | undefined,
  outer: BindScope | null,
): FromPlan {
  if (!items || items.length === 0) return { entries: [], produce: async () => [[]] };
  const plans: FromPlan[] = [];
  let offset = 0;
  for (const item of items) {
    const p = bindItem(ctx, item, offset, params, items.length === 1 ? where : undefined, outer);
    plans.push(p);
    offset = widthOf(p.entries);
  }
  if (plans.length === 1) return plans[0]!;
  return {
    entries: plans.flatMap((p) => p.entries),
    produce: async (ctx, ectx) => {
      let acc: Value[][] = [[]];
      for (const p of plans) {
        const rows = await p.produce(ctx, ectx);
        const next: Value[][] = [];
        for (const a of acc) for (const r of rows) next.push(a.concat(r));
        acc = next;
        ctx.checkCancel();
      }
      return acc;
    },
  };
}
