/**
 * FROM clause → range entries (for name resolution) and a row producer: tables (point lookup or
 * partition scan), system tables, subqueries, and joins (nested loops — the query engine of a
 * later issue replaces them with hash joins over column batches).
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { Errors } from '../../errors/sql-error.js';
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
import type { SubqueryPlanner } from '../../binder/expr/subquery-boundary.js';
import { internal, memoOf } from '../subquery/subquery-memo.js';

export type RowProducer = (ctx: SessionContext, ectx: EvalContext) => Promise<Value[][]>;

/** How a FROM item's rows are had: read now, or read ahead and then taken synchronously. */
interface FromRows {
  readonly produce: RowProducer;
  /** Reads ahead what `produceSync` returns, for correlated subqueries (executor/subquery). */
  readonly prefetch: (ctx: SessionContext, ectx: EvalContext) => Promise<void>;
  readonly produceSync: (ectx: EvalContext) => Value[][];
}

export interface FromPlan extends FromRows {
  readonly entries: RangeEntry[];
  /** Set when the FROM clause is one schema-store table (UPDATE/DELETE-style point lookups). */
  readonly singleTable?: TableDefinition;
}

/**
 * A FROM item whose rows never depend on an outer row (a table: its point-lookup keys are
 * constants and parameters only; a system view): read once ahead, kept in the statement's memo.
 */
function storedRows(produce: RowProducer): FromRows {
  const key = {};
  return {
    produce,
    async prefetch(ctx, ectx) {
      const memo = memoOf(ectx);
      if (!memo.has(key)) memo.set(key, await produce(ctx, ectx));
    },
    produceSync(ectx) {
      const rows = memoOf(ectx).get(key) as Value[][] | undefined;
      if (rows === undefined) throw internal('a FROM item was read before it was fetched');
      return rows;
    },
  };
}

const NO_FROM: FromRows = { produce: async () => [[]], prefetch: async () => undefined, produceSync: () => [[]] };

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
  subqueries: SubqueryPlanner | null,
): FromPlan {
  const kind = kindOf(item);
  if (kind === 'RangeVar') {
    const rv = bodyOf<RangeVarNode>(item);
    const rel = resolveRelation(ctx, rv, (rv.location ?? 0) + 1);
    const alias = rv.alias?.aliasname;
    if (rel.kind === 'table') {
      const entry = tableEntry(rel.table, alias, offset);
      const scope = new RangeScope([{ ...entry, offset: 0 }], outer);
      return {
        entries: [entry],
        ...storedRows(tableProducer(rel.table, entry.alias, where, scope, params)),
        singleTable: rel.table,
      };
    }
    const vt = rel.table;
    return {
      entries: [virtualEntry(vt, alias, offset)],
      ...storedRows(async (ctx) =>
        vt.rows({ schema: ctx.db.schema, user: ctx.user, database: ctx.database, startedAt: ctx.db.startedAt })),
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
    return {
      entries: [entry],
      produce: (ctx, ectx) => source.run(ctx, ectx),
      prefetch: (ctx, ectx) => source.prefetch(ctx, ectx),
      produceSync: (ectx) => source.runSync(ectx),
    };
  }
  if (kind === 'JoinExpr') return bindJoin(ctx, bodyOf(item), offset, params, outer, subqueries);
  throw Errors.featureNotSupported(`${FROM_ITEM_WORDS[kind] ?? kind} in FROM are not supported yet`);
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
  subqueries: SubqueryPlanner | null,
): FromPlan {
  if (j.isNatural) throw Errors.featureNotSupported('NATURAL JOIN is not supported yet');
  const left = bindItem(ctx, j.larg, offset, params, undefined, outer, subqueries);
  const right = bindItem(ctx, j.rarg, widthOf(left.entries), params, undefined, outer, subqueries);
  const entries = [...left.entries, ...right.entries];
  const base = offset;
  const scope = new RangeScope(shiftEntries(entries, -base), outer);
  let on: BoundExpr | null = null;
  if (j.quals) on = requireBoolean(bindExpr(j.quals, scope, params, { subqueries }), 'JOIN/ON');
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
  function join(ls: readonly Value[][], rs: readonly Value[][], ectx: EvalContext): Value[][] {
    const out: Value[][] = [];
    const rMatched = new Uint8Array(rs.length);
    const nullsL = new Array<Value>(lWidth).fill(null);
    const nullsR = new Array<Value>(rWidth).fill(null);
    for (const l of ls) {
      let matched = false;
      ectx.checkCancel();
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
  }
  return {
    entries,
    produce: async (ctx, ectx) => {
      const [ls, rs] = await Promise.all([left.produce(ctx, ectx), right.produce(ctx, ectx)]);
      return join(ls, rs, ectx);
    },
    async prefetch(ctx, ectx) {
      await Promise.all([left.prefetch(ctx, ectx), right.prefetch(ctx, ectx)]);
    },
    produceSync: (ectx) => join(left.produceSync(ectx), right.produceSync(ectx), ectx),
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
  subqueries: SubqueryPlanner | null = null,
): FromPlan {
  if (!items || items.length === 0) return { entries: [], ...NO_FROM };
  const plans: FromPlan[] = [];
  let offset = 0;
  for (const item of items) {
    const p = bindItem(ctx, item, offset, params, items.length === 1 ? where : undefined, outer, subqueries);
    plans.push(p);
    offset = widthOf(p.entries);
  }
  if (plans.length === 1) return plans[0]!;
  const cross = (parts: readonly Value[][][], ectx: EvalContext): Value[][] => {
    let acc: Value[][] = [[]];
    for (const rows of parts) {
      const next: Value[][] = [];
      for (const a of acc) for (const r of rows) next.push(a.concat(r));
      acc = next;
      ectx.checkCancel();
    }
    return acc;
  };
  return {
    entries: plans.flatMap((p) => p.entries),
    produce: async (ctx, ectx) => {
      const parts: Value[][][] = [];
      for (const p of plans) parts.push(await p.produce(ctx, ectx));
      return cross(parts, ectx);
    },
    async prefetch(ctx, ectx) {
      for (const p of plans) await p.prefetch(ctx, ectx);
    },
    produceSync: (ectx) => cross(plans.map((p) => p.produceSync(ectx)), ectx),
  };
}
