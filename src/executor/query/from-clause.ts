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
import { bindExpr, coerceToType } from '../../binder/expr/bind-expr.js';
import { typeDisplay } from '../../binder/expr/expr-types.js';
import { commonSupertype } from '../../types/cast.js';
import { columnType } from '../../types/type-registry.js';
import { KalamDataType } from '../../types/kalam-type.js';
import { RangeScope, type RangeEntry } from '../../binder/range-scope.js';
import { resolveRelation, type RangeVarNode } from '../../binder/resolve-relation.js';
import { tableEntry, virtualEntry } from '../../binder/table-scope.js';
import { evalLookupKey, pointLookupKeys, whereConjuncts } from '../../planner/pk-point-lookup.js';
import { PlanNode } from '../../planner/explain/plan-node.js';
import {
  functionScanNode, nestedLoopNode, qualText, subqueryScanNode, tableReadNode, virtualScanNode, hashJoinNode,
} from '../../planner/explain/scan-nodes.js';
import { deparse } from '../../planner/explain/deparse-expr.js';
import type { Value } from '../../types/kalam-type.js';
import type { SessionContext } from '../session-context.js';
import { lookupRows, scanRows } from './table-scan.js';
import { prepareSelectSource } from './select-source.js';
import { requireBoolean } from './predicates.js';
import { lookupCte, type CteRelation } from './cte-scope.js';
import { bindFunctionItem, type LateralScope } from './function-in-from.js';
import { bucketsByKey, keysFromOn, keysFromUsing, type JoinKeys } from './hash-join-keys.js';
import { fromListSteps, joinFromList, PAIRS_PER_SLICE } from './from-list.js';
import { LateralBoundary } from './lateral-scope.js';
import type { SubqueryPlanner } from '../../binder/expr/subquery-boundary.js';
import { internal } from '../subquery/subquery-memo.js';
import { storedRows, type FromRows, type RowProducer } from './stored-rows.js';

export type { RowProducer };
import { bindView } from './view-expansion.js';
import { asViewOwner, requirePrivilege, tableObject, viewObject } from '../privileges/privilege-check.js';
import { driveAsync, driveSync, type Pipeline } from '../subquery/drive.js';
import { noteRelation } from '../../binder/view-capture.js';
import { systemContext } from '../system-context.js';



export interface FromPlan extends FromRows {
  readonly entries: RangeEntry[];
  /** What EXPLAIN prints for this item; its key counts the rows `produce`/`produceSync` return. */
  readonly plan: PlanNode;
  /** The item was given the WHERE clause and its plan shows it (a single table's scan). */
  readonly showsWhere?: boolean;
  /**
   * Set for an item that reads columns of the items to its left (a function in FROM): its rows
   * for one left row. `produce`/`produceSync` are then unusable — the FROM list or join calls this.
   */
  readonly lateral?: (ectx: EvalContext, left: readonly Value[]) => Value[][];
  /** Set when the FROM clause is one schema-store table (UPDATE/DELETE-style point lookups). */
  readonly singleTable?: TableDefinition;
  /** Set when the FROM clause is one schema-store table read whole (no point lookup): columnar/. */
  readonly scannedTable?: TableDefinition;
  /** Set for an inner hash join whose left input is a table read whole: columnar/join-probe.ts. */
  readonly hashJoin?: HashJoinShape;
}

export interface HashJoinShape {
  /** The left input: probed row by row from its mirror. */
  readonly probe: TableDefinition;
  /** EXPLAIN ANALYZE's keys: the left scan's node and the join's. */
  readonly probeKey: object;
  readonly hashKey: object;
  readonly joinKey: object;
  readonly leftWidth: number;
  readonly width: number;
  /** The right input's rows, which the hash table is built from. */
  readonly build: RowProducer;
  readonly keys: JoinKeys;
  /** The whole join condition, checked on each pair the keys match. */
  readonly on: BoundExpr | null;
}

/** Rows computed from expressions alone: nothing to read ahead. */
function computedRows(rows: (ectx: EvalContext) => Value[][]): FromRows {
  return { produce: async (_c, ectx) => rows(ectx), prefetch: async () => undefined, produceSync: rows };
}

/** EXPLAIN ANALYZE: each run of `rows` counts on `plan`'s key. */
function counted(rows: FromRows, plan: PlanNode): FromRows {
  return {
    async produce(ctx, ectx) {
      const out = await rows.produce(ctx, ectx);
      ectx.stats?.count(plan.key, out.length);
      return out;
    },
    prefetch: rows.prefetch,
    produceSync(ectx) {
      const out = rows.produceSync(ectx);
      ectx.stats?.count(plan.key, out.length);
      return out;
    },
  };
}

function noFrom(): FromPlan {
  const plan = PlanNode.create('Result');
  return { entries: [], plan, ...counted(computedRows(() => [[]]), plan) };
}

function shiftEntries(entries: RangeEntry[], by: number): RangeEntry[] {
  return entries.map((e) => ({ ...e, offset: e.offset + by }));
}

function widthOf(entries: readonly RangeEntry[]): number {
  return entries.reduce((w, e) => Math.max(w, e.offset + e.columns.length), 0);
}

export interface TableRead {
  /** The rows read, before `where` is applied (the caller applies it). */
  readonly produce: RowProducer;
  /** A point lookup rather than a scan of the partition. */
  readonly lookup: boolean;
  /** Index Scan (point lookup) or Seq Scan, showing `where` as Index Cond and Filter. */
  readonly plan: PlanNode;
}

/** A single base table, with the point-lookup rule applied against `where`. */
export function tableProducer(
  table: TableDefinition,
  alias: string,
  where: Node | undefined,
  scope: BindScope,
  params: ParamSlots,
): TableRead {
  const lookup = pointLookupKeys(table, alias, where, scope, params);
  if (lookup) {
    const { keys } = lookup;
    return {
      lookup: true,
      plan: tableReadNode(table, alias, lookup, lookup.residual),
      produce: async (ctx, ectx) => {
        const key = evalLookupKey(table, keys, ectx);
        return key ? lookupRows(ctx, table, [key], ectx.memory) : [];
      },
    };
  }
  return {
    lookup: false,
    plan: tableReadNode(table, alias, null, where ? whereConjuncts(where) : []),
    produce: async (ctx, ectx) => {
      const out: Value[][] = [];
      for await (const batch of scanRows(ctx, table, ectx.memory)) for (const r of batch) out.push(r);
      return out;
    },
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
  lateral: LateralScope | null = null,
): FromPlan {
  const kind = kindOf(item);
  if (kind === 'RangeFunction') {
    const f = bindFunctionItem(item, offset, params, outer, lateral);
    const plan = functionScanNode(functionNameOf(item), f.entry.alias);
    if (f.lateral) {
      const perLeft = (ectx: EvalContext, left: readonly Value[]): Value[][] => {
        const rows = f.rows(left, ectx);
        ectx.stats?.count(plan.key, rows.length);
        return rows;
      };
      return { entries: [f.entry], plan, ...computedRows(notAlone), lateral: perLeft };
    }
    return { entries: [f.entry], plan, ...counted(computedRows((ectx) => f.rows([], ectx)), plan) };
  }
  if (kind === 'RangeVar') {
    const rv = bodyOf<RangeVarNode>(item);
    const cte = rv.schemaname ? null : lookupCte(rv.relname);
    if (cte) return cteItem(cte, rv, offset);
    const rel = resolveRelation(ctx, rv, (rv.location ?? 0) + 1);
    const alias = rv.alias?.aliasname;
    if (rel.kind === 'view') {
      noteRelation(rv, rel.view.namespace, rel.view.oid);
      const view = rel.view;
      // The catalogs' own views (pg_stat_user_tables, information_schema.*) are everyone's to read.
      const builtin = ctx.db.schema.isBuiltinNamespace(view.namespace);
      if (!builtin) requirePrivilege(ctx, viewObject(view), 'r');
      const v = builtin ? bindView(ctx, view, rv, offset) : asViewOwner(ctx, view, () => bindView(ctx, view, rv, offset));
      const plan = subqueryScanNode(v.entry.alias, v.plan);
      return { entries: [v.entry], plan, ...counted(v, plan) };
    }
    if (rel.kind === 'table') {
      noteRelation(rv, rel.table.namespace, rel.table.oid);
      requirePrivilege(ctx, tableObject(rel.table), 'r');
      const entry = tableEntry(rel.table, alias, offset);
      const scope = new RangeScope([{ ...entry, offset: 0 }], outer);
      const read = tableProducer(rel.table, entry.alias, where, scope, params);
      return {
        entries: [entry],
        plan: read.plan,
        showsWhere: where !== undefined,
        ...counted(storedRows(read.produce), read.plan),
        singleTable: rel.table,
        ...(read.lookup ? {} : { scannedTable: rel.table }),
      };
    }
    const vt = rel.table;
    const plan = virtualScanNode(vt.name, alias);
    return {
      entries: [virtualEntry(vt, alias, offset)],
      plan,
      ...counted(storedRows(async (ctx, ectx) => {
        const rows = await vt.rows(systemContext(ctx));
        ectx.memory?.chargeRows(rows);
        return rows;
      }), plan),
    };
  }
  if (kind === 'RangeSubselect') {
    const rs = bodyOf<{ subquery: Node; alias?: { aliasname: string; colnames?: Node[] }; lateral?: boolean }>(item);
    if (!rs.alias) throw Errors.syntax('subquery in FROM must have an alias');
    const boundary = rs.lateral && lateral ? new LateralBoundary(shiftEntries([...lateral.entries], -lateral.base), outer) : null;
    const source = prepareSelectSource(ctx, rs.subquery, params, boundary ?? outer);
    const colnames = stringList(rs.alias.colnames);
    const entry: RangeEntry = {
      alias: rs.alias.aliasname,
      columns: source.columns.map((c, i) => ({ name: colnames[i] ?? c.name, type: c.type })),
      offset,
    };
    const plan = subqueryScanNode(entry.alias, source.plan);
    if (boundary?.usesLeft) {
      // Run per left row, synchronously over what `prefetch` read, the left row one level out.
      return {
        entries: [entry],
        plan,
        produce: async () => notAlone(),
        prefetch: (ctx, ectx) => source.prefetch(ctx, ectx),
        produceSync: notAlone,
        lateral: (ectx, left) => {
          const out = source.runSync({ ...ectx, outerRows: [left, ...(ectx.outerRows ?? [])] });
          ectx.stats?.count(plan.key, out.length);
          return out;
        },
      };
    }
    return {
      entries: [entry],
      plan,
      ...counted({
        produce: (ctx, ectx) => source.run(ctx, ectx),
        prefetch: (ctx, ectx) => source.prefetch(ctx, ectx),
        produceSync: (ectx) => source.runSync(ectx),
      }, plan),
    };
  }
  if (kind === 'JoinExpr') return bindJoin(ctx, bodyOf(item), offset, params, outer, subqueries);
  throw Errors.featureNotSupported(`${FROM_ITEM_WORDS[kind] ?? kind} in FROM are not supported yet`);
}

/** A FROM item naming a WITH query: its columns, renamed by the alias's column list. */
function cteItem(cte: CteRelation, rv: RangeVarNode, offset: number): FromPlan {
  if (cte.unreadable) throw new SqlError('0A000', cte.unreadable); // PostgreSQL's code for it, too
  const colnames = stringList(rv.alias?.colnames);
  if (colnames.length > cte.columns.length) {
    throw new SqlError('42P10', `table "${rv.alias?.aliasname ?? cte.name}" has ${cte.columns.length} columns available but ${colnames.length} columns specified`);
  }
  const entry: RangeEntry = {
    alias: rv.alias?.aliasname ?? cte.name,
    columns: cte.columns.map((c, i) => ({ name: colnames[i] ?? c.name, type: c.type })),
    offset,
  };
  const plan = PlanNode.create(`${cte.scanKind ?? 'CTE Scan'} on ${entry.alias === cte.name ? cte.name : `${cte.name} ${entry.alias}`}`);
  return { entries: [entry], plan, ...counted(cte, plan) };
}

/** The function a RangeFunction calls, for `Function Scan on generate_series`. */
function functionNameOf(item: Node): string {
  const rf = bodyOf<{ functions: Node[] }>(item);
  const first = (rf.functions[0] as { List?: { items: Node[] } } | undefined)?.List?.items[0];
  const call = first ? (first as { FuncCall?: { funcname: Node[] } }).FuncCall : undefined;
  if (!call) return 'function';
  return stringList(call.funcname).filter((n) => n !== 'pg_catalog').join('.');
}

/** A lateral item has no rows of its own: the FROM list or join runs it per left row. */
const notAlone = (): Value[][] => {
  throw internal('a LATERAL item was run without its left side');
};

/** What a user wrote, for the parser's node names in the message above. */
const FROM_ITEM_WORDS: Readonly<Record<string, string>> = {
  RangeTableFunc: 'XMLTABLE expressions',
  RangeTableSample: 'TABLESAMPLE clauses',
};

interface JoinNode {
  jointype: string;
  larg: Node;
  rarg: Node;
  quals?: Node;
  usingClause?: Node[];
  isNatural?: boolean;
  join_using_alias?: { aliasname: string };
  alias?: { aliasname: string };
}

function bindJoin(
  ctx: SessionContext,
  j: JoinNode,
  offset: number,
  params: ParamSlots,
  outer: BindScope | null,
  subqueries: SubqueryPlanner | null,
): FromPlan {
  if (j.alias) throw Errors.featureNotSupported('an alias on a parenthesised JOIN is not supported yet');
  const type = j.jointype;
  if (!['JOIN_INNER', 'JOIN_LEFT', 'JOIN_RIGHT', 'JOIN_FULL'].includes(type)) {
    throw Errors.featureNotSupported(`${type} is not supported yet`);
  }
  const left = bindItem(ctx, j.larg, offset, params, undefined, outer, subqueries);
  const right = bindItem(ctx, j.rarg, widthOf(left.entries), params, undefined, outer, subqueries, { entries: left.entries, base: offset });
  const rightFor = right.lateral;
  if (rightFor && (type === 'JOIN_RIGHT' || type === 'JOIN_FULL')) {
    throw new SqlError('42P10', 'invalid reference to FROM-clause entry', { hint: 'The combining JOIN type must be INNER or LEFT for a LATERAL reference.' });
  }
  const base = offset;
  const lWidth = widthOf(left.entries) - base;
  const rWidth = widthOf(right.entries) - widthOf(left.entries);
  const scope = new RangeScope(shiftEntries([...left.entries, ...right.entries], -base), outer);
  const usingNames = j.isNatural ? commonColumnNames(left.entries, right.entries) : j.usingClause ? stringList(j.usingClause) : null;

  let on: BoundExpr | null = null;
  let entries: RangeEntry[] = [...left.entries, ...right.entries];
  let merge: ((row: Value[], ectx: EvalContext) => Value[]) | null = null;
  let keys: JoinKeys | null = null;
  if (j.quals) {
    on = requireBoolean(bindExpr(j.quals, scope, params, { subqueries }), 'JOIN/ON');
    if (!rightFor) keys = keysFromOn(j.quals, shiftEntries([...left.entries], -base), shiftEntries([...right.entries], -widthOf(left.entries)), params);
    if (type === 'JOIN_FULL' && !isEquiJoin(j.quals)) {
      throw Errors.featureNotSupported('FULL JOIN is only supported with merge-joinable or hash-joinable join conditions');
    }
  } else if (usingNames) {
    const using = bindUsing(usingNames, left.entries, right.entries, base, type, params, outer);
    on = using.on;
    merge = using.merge;
    if (!rightFor) keys = keysFromUsing(using.sides, lWidth);
    const mergedEntry: RangeEntry = {
      alias: j.join_using_alias?.aliasname ?? '',
      columns: using.columns,
      offset: widthOf(entries),
    };
    // Merged columns come first in `SELECT *`, then each side's others.
    entries = [mergedEntry, ...using.hideIn(left.entries), ...using.hideIn(right.entries)];
  }
  const produceMerged = merge;
  const mergedWidth = lWidth + rWidth + (produceMerged ? (usingNames?.length ?? 0) : 0);
  /** Nested loops, yielding every PAIRS_PER_SLICE pairs so the event loop (and a CancelRequest) get in. */
  function* join(ls: readonly Value[][], rsAll: readonly Value[][], ectx: EvalContext): Pipeline<Value[][]> {
    let rs = rsAll;
    const out: Value[][] = [];
    const rMatched = new Uint8Array(rs.length);
    const nullsL = new Array<Value>(lWidth).fill(null);
    const nullsR = new Array<Value>(rWidth).fill(null);
    // Each output row is a new array pointing at both sides' values: charged as it is made, so a
    // product too big to hold stops before it is held.
    const memory = ectx.memory;
    const emit = (row: Value[]): void => {
      memory?.chargeReferences(1, mergedWidth);
      out.push(produceMerged ? row.concat(produceMerged(row, ectx)) : row);
    };
    // Hash join when the condition has equality keys: only rows with equal keys are compared.
    const buckets = keys ? bucketsByKey(rs, keys, ectx) : null;
    if (buckets) ectx.stats?.count(plan.children[1]!.key, rs.length);
    let pairs = 0;
    for (const l of ls) {
      let matched = false;
      ectx.checkCancel();
      if (rightFor) rs = rightFor(ectx, l);
      let candidates: readonly number[] | null = null;
      if (buckets) {
        const k = keys!.left(l, ectx);
        candidates = k === null ? NONE : buckets.get(k) ?? NONE;
        if (++pairs % PAIRS_PER_SLICE === 0) yield;
      }
      const n = candidates ? candidates.length : rs.length;
      for (let c = 0; c < n; c++) {
        const i = candidates ? candidates[c]! : c;
        if (++pairs % PAIRS_PER_SLICE === 0) yield;
        const row = l.concat(rs[i]!);
        if (on && on.eval(row, ectx) !== true) continue;
        matched = true;
        rMatched[i] = 1;
        emit(row);
      }
      if (!matched && (type === 'JOIN_LEFT' || type === 'JOIN_FULL')) emit(l.concat(nullsR));
    }
    if (type === 'JOIN_RIGHT' || type === 'JOIN_FULL') {
      for (let i = 0; i < rs.length; i++) if (!rMatched[i]) emit(nullsL.concat(rs[i]!));
    }
    return out;
  }
  const rightRows = (ectx: EvalContext): Value[][] => (rightFor ? [] : right.produceSync(ectx));
  const filter = j.quals ? deparse(j.quals) : usingNames ? qualText(usingNames.map((n) => usingEquality(n, left.entries, right.entries))) : null;
  const plan = keys ? hashJoinNode(type, filter, left.plan, right.plan) : nestedLoopNode(type, filter, left.plan, right.plan);
  const probe = left.scannedTable;
  const hashJoin: HashJoinShape | null = type === 'JOIN_INNER' && keys && !rightFor && !produceMerged && probe && base === 0
    ? { probe, probeKey: left.plan.key, hashKey: plan.children[1]!.key, joinKey: plan.key, leftWidth: lWidth, width: lWidth + rWidth, build: right.produce, keys, on } : null;
  return {
    entries,
    plan,
    ...(hashJoin ? { hashJoin } : {}),
    ...counted({
      produce: async (ctx, ectx) => {
        const [ls, rs] = await Promise.all([left.produce(ctx, ectx), rightFor ? right.prefetch(ctx, ectx).then(() => []) : right.produce(ctx, ectx)]);
        return driveAsync(join(ls, rs, ectx), ectx);
      },
      async prefetch(ctx, ectx) {
        await Promise.all([left.prefetch(ctx, ectx), right.prefetch(ctx, ectx)]);
      },
      produceSync: (ectx) => driveSync(join(left.produceSync(ectx), rightRows(ectx), ectx)),
    }, plan),
  };
}

/** `l.x = r.x` for USING (x), as a parse tree for EXPLAIN. */
function usingEquality(name: string, left: readonly RangeEntry[], right: readonly RangeEntry[]): Node {
  const owner = (es: readonly RangeEntry[]): string[] => {
    const e = es.find((x) => x.columns.some((c) => c.name === name) && !x.mergedAway?.has(name));
    return e && e.alias ? [e.alias, name] : [name];
  };
  const ref = (fields: string[]): Node => ({ ColumnRef: { fields: fields.map((f) => ({ String: { sval: f } })) } });
  return { A_Expr: { kind: 'AEXPR_OP', name: [{ String: { sval: '=' } }], lexpr: ref(owner(left)), rexpr: ref(owner(right)) } };
}

const NONE: readonly number[] = Object.freeze([]);

/** NATURAL JOIN: the visible column names both sides have, in the left side's order. */
function commonColumnNames(left: readonly RangeEntry[], right: readonly RangeEntry[]): string[] {
  const visible = (es: readonly RangeEntry[]) =>
    es.flatMap((e) => e.columns.filter((c) => !c.hidden && !e.mergedAway?.has(c.name)).map((c) => c.name));
  const r = new Set(visible(right));
  return [...new Set(visible(left))].filter((n) => r.has(n));
}

/** ON of a FULL JOIN: PostgreSQL runs it only as a hash or merge join, so only ANDed equalities. */
function isEquiJoin(quals: Node): boolean {
  if (kindOf(quals) === 'BoolExpr') {
    const b = bodyOf<{ boolop: string; args: Node[] }>(quals);
    return b.boolop === 'AND_EXPR' && b.args.every(isEquiJoin);
  }
  if (kindOf(quals) !== 'A_Expr') return false;
  const e = bodyOf<{ kind: string; name: Node[] }>(quals);
  return e.kind === 'AEXPR_OP' && stringList(e.name).join('.') === '=';
}

/**
 * JOIN … USING (a, b) / NATURAL JOIN: ON left.a = right.a AND …, plus one merged column per name —
 * the left value (INNER, LEFT), the right one (RIGHT) or the first non-null (FULL) — in the two
 * sides' common type.
 */
function bindUsing(
  names: readonly string[],
  left: readonly RangeEntry[],
  right: readonly RangeEntry[],
  base: number,
  type: string,
  params: ParamSlots,
  outer: BindScope | null,
) {
  const lScope = new RangeScope(shiftEntries([...left], -base), null);
  const rScope = new RangeScope(shiftEntries([...right], -base), null);
  const sides = names.map((n) => {
    const find = (sc: RangeScope, side: string) => {
      try {
        return sc.resolveColumn([n], -1);
      } catch (e) {
        if (e instanceof SqlError && e.code === '42703') {
          throw new SqlError('42703', `column "${n}" specified in USING clause does not exist in ${side} table`);
        }
        throw e;
      }
    };
    const l = find(lScope, 'left');
    const r = find(rScope, 'right');
    const common = commonSupertype(l.type, r.type);
    if (!common) {
      throw Errors.datatypeMismatch(`JOIN/USING types ${typeDisplay(l.type)} and ${typeDisplay(r.type)} cannot be matched`);
    }
    return { name: n, l, r, common };
  });
  if (new Set(names).size !== names.length) {
    const dup = names.find((n, i) => names.indexOf(n) !== i)!;
    throw new SqlError('42701', `column name "${dup}" appears more than once in USING clause`);
  }
  // The equality is bound against a scope naming the two sides' columns.
  const pairScope: BindScope = {
    resolveColumn: (ns) => {
      const side = sides.find((x) => x.name === ns[1])!;
      return ns[0] === 'left' ? side.l : side.r;
    },
    expandStar: () => [],
  };
  const ref = (side: string, n: string): Node => ({ ColumnRef: { fields: [{ String: { sval: side } }, { String: { sval: n } }], location: -1 } });
  const eqs = sides.map((x) =>
    bindExpr({ A_Expr: { kind: 'AEXPR_OP', name: [{ String: { sval: '=' } }], lexpr: ref('left', x.name), rexpr: ref('right', x.name), location: -1 } }, pairScope, params),
  );
  void outer;
  const on: BoundExpr = {
    type: eqs[0]?.type ?? columnType(KalamDataType.BOOLEAN),
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
  const pick = sides.map((x) => {
    const lv = coerceToType({ type: x.l.type, eval: (row) => row[x.l.index]!, label: x.name }, x.common, 'implicit');
    const rv = coerceToType({ type: x.r.type, eval: (row) => row[x.r.index]!, label: x.name }, x.common, 'implicit');
    if (type === 'JOIN_RIGHT') return rv.eval;
    if (type === 'JOIN_FULL') return (row: readonly Value[], c: EvalContext) => lv.eval(row, c) ?? rv.eval(row, c);
    return lv.eval;
  });
  const hideIn = (entries: readonly RangeEntry[]): RangeEntry[] => {
    const sc = new RangeScope(entries, null);
    return entries.map((e) => {
      const mine = names.filter((n) => {
        if (e.mergedAway?.has(n) || !e.columns.some((c) => c.name === n)) return false;
        const b = sc.resolveColumn([n], -1);
        return b.index >= e.offset && b.index < e.offset + e.columns.length;
      });
      return mine.length === 0 ? e : { ...e, mergedAway: new Set([...(e.mergedAway ?? []), ...mine]) };
    });
  };
  return {
    on,
    columns: sides.map((x) => ({ name: x.name, type: x.common })),
    merge: (row: Value[], c: EvalContext) => pick.map((f) => f(row, c)),
    hideIn,
    sides,
  };
}

function checkUniqueAliases(entries: readonly RangeEntry[]): void {
  const seen = new Set<string>();
  for (const e of entries) {
    if (e.alias === '') continue;
    if (seen.has(e.alias)) throw new SqlError('42712', `table name "${e.alias}" specified more than once`);
    seen.add(e.alias);
  }
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
  if (!items || items.length === 0) return noFrom();
  const plans: FromPlan[] = [];
  let offset = 0;
  for (const item of items) {
    const lateral = { entries: plans.flatMap((q) => q.entries), base: 0 };
    const p = bindItem(ctx, item, offset, params, items.length === 1 ? where : undefined, outer, subqueries, lateral);
    plans.push(p);
    offset = widthOf(p.entries);
  }
  checkUniqueAliases(plans.flatMap((p) => p.entries));
  if (plans.length === 1) return plans[0]!;
  const steps = fromListSteps(plans.map((p) => ({ entries: p.entries, lateral: p.lateral !== undefined })), where, params);
  // Left-deep joins, as joinFromList runs them: ((a ⋈ b) ⋈ c); a step with equality keys hashes.
  const loops: PlanNode[] = [];
  plans.slice(1).reduce((l, r, i) => {
    const step = steps[i + 1]!;
    const cond = step.joinCondition ? deparse(step.joinCondition) : null;
    const n = step.keys ? hashJoinNode('JOIN_INNER', cond, l, r.plan) : nestedLoopNode('JOIN_INNER', cond, l, r.plan);
    loops.push(n);
    return n;
  }, plans[0]!.plan);
  const lateralRows = (i: number, ectx: EvalContext, left: Value[]): Value[][] => plans[i]!.lateral!(ectx, left);
  const counts = (i: number, n: number, ectx: EvalContext): void => {
    if (i > 0) ectx.stats?.count(loops[i - 1]!.key, n);
  };
  const cross = (parts: readonly (Value[][] | null)[], ectx: EvalContext): Pipeline<Value[][]> =>
    joinFromList(parts, steps, lateralRows, ectx, (i, n) => counts(i, n, ectx));
  return {
    entries: plans.flatMap((p) => p.entries),
    plan: loops[loops.length - 1]!,
    produce: async (ctx, ectx) => {
      const parts: (Value[][] | null)[] = [];
      for (const p of plans) {
        if (p.lateral) await p.prefetch(ctx, ectx);
        parts.push(p.lateral ? null : await p.produce(ctx, ectx));
      }
      return driveAsync(cross(parts, ectx), ectx);
    },
    async prefetch(ctx, ectx) {
      for (const p of plans) await p.prefetch(ctx, ectx);
    },
    produceSync: (ectx) => driveSync(cross(plans.map((p) => (p.lateral ? null : p.produceSync(ectx))), ectx)),
  };
}
