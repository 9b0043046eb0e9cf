/**
 * SELECT → a RowSource: output columns known at bind time (for Describe), rows on run.
 *
 *   FROM (scan | point lookup | join) → WHERE → [GROUP BY + aggregates → HAVING]
 *     → target list (+ sort keys) → DISTINCT → ORDER BY → OFFSET/LIMIT
 *
 * Rows are materialised between steps: the column-batch engine of the query-engine issue
 * replaces this; the binding rules and errors stay.
 */
import { Errors, SqlError } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf } from '../../binder/ast.js';
import { bindTargets, type BoundTarget } from '../../binder/bind-targets.js';
import type { BindScope, BoundExpr, EvalContext, ParamSlots } from '../../binder/expr/bound-expr.js';
import { bindExpr, coerceToType } from '../../binder/expr/bind-expr.js';
import { RangeScope, noColumns } from '../../binder/range-scope.js';
import { typedComparator } from '../../types/compare.js';
import { castValue, commonSupertype } from '../../types/cast.js';
import { columnType } from '../../types/type-registry.js';
import { KalamDataType, type Value } from '../../types/kalam-type.js';
import type { OutputColumn } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import { bindFrom } from './from-clause.js';
import { requireBoolean } from './predicates.js';
import { planAggregation, usesAggregates } from './aggregation.js';
import { rowKey, rowKeyFor } from './row-key.js';
import { bindDistinct, firstOfEach, type DistinctPlan } from './distinct-clause.js';
import { applyLimit, bindLimitClause } from './limit-clause.js';
import { outputEntryOf, targetIdentities } from './output-reference.js';
import { isUnknownType, typeDisplay } from '../../binder/expr/expr-types.js';
import type { Bound } from '../../binder/expr/compile.js';
import { SetFunctionCollector } from '../../binder/expr/set-function-collector.js';
import { bindWithClause, type WithClauseNode } from './with-clause.js';
import { SubplanList } from '../subquery/subplan-list.js';
import { OuterAggregateError } from '../../binder/expr/subquery-boundary.js';
import { driveAsync, driveSync, filterRows, mapRows, type Pipeline } from '../subquery/drive.js';
import { pgQsort, pgQsortSliced } from '../../util/pg-qsort.js';
import { windowCollectorFor, windowStep } from './window-step.js';
import { PlanNode } from '../../planner/explain/plan-node.js';
import { deparse } from '../../planner/explain/deparse-expr.js';
import { limitText, sortKeyText, targetListText } from '../../planner/explain/select-nodes.js';
import { topN } from './top-n.js';
import { planVectorScan } from './vector-scan.js';
import type { CteRelation } from './cte-scope.js';
import type { Aggregator, ColumnarAggregation } from './aggregation.js';
import { runColumnar, type ColumnarSelect } from '../columnar/columnar-select.js';
import { columnsReadBy } from '../columnar/filter.js';
import { numberPredicate } from '../columnar/number-predicate.js';

/** The top-N candidates of the column path tie at the cut: the full input must be sorted. */
class PrunedTies extends Error {}
import { partlyOwnedRowBytes, rowOfReferencesBytes } from '../memory/value-size.js';

export interface RowSource {
  readonly columns: readonly OutputColumn[];
  /** The rows, reading storage as it goes. */
  run(ctx: SessionContext, ectx: EvalContext): Promise<Value[][]>;
  /** Reads ahead, into the statement's memo, everything `runSync` needs (executor/subquery). */
  prefetch(ctx: SessionContext, ectx: EvalContext): Promise<void>;
  /** The rows from what `prefetch` read: a correlated subquery, once per outer row. */
  runSync(ectx: EvalContext): Value[][];
  /** What EXPLAIN prints: the operators `run` goes through, each counting under EXPLAIN ANALYZE. */
  readonly plan: PlanNode;
}

interface SelectNode {
  targetList?: Node[];
  fromClause?: Node[];
  whereClause?: Node;
  groupClause?: Node[];
  havingClause?: Node;
  sortClause?: Node[];
  limitCount?: Node;
  limitOffset?: Node;
  limitOption?: string;
  distinctClause?: Node[];
  valuesLists?: Node[];
  withClause?: WithClauseNode;
  windowClause?: Node[];
  lockingClause?: unknown[];
  intoClause?: unknown;
  op?: string;
  all?: boolean;
  larg?: Node;
  rarg?: Node;
}

interface SortKey {
  readonly expr: BoundExpr;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
  /** The ordering of expr's type (an enum's is its labels' sort order). */
  readonly compare: (a: Exclude<Value, null>, b: Exclude<Value, null>) => number;
}

interface Projection {
  /** Grouping the column path can run (executor/columnar), for a grouped projection. */
  readonly columnar: (() => ColumnarAggregation | null) | null;
  /** The grouping as a row sink, for a grouped projection (executor/columnar). */
  readonly aggregator: ((ectx: EvalContext) => Aggregator) | null;
  readonly targets: BoundTarget[];
  readonly bindOrderItem: (n: Node) => BoundExpr;
  readonly rowsAfterFilter: (rows: Value[][], ectx: EvalContext) => Pipeline<Value[][]>;
  /** The grouping or set-function step's EXPLAIN node over its input, if there is one. */
  readonly plan: ((child: PlanNode) => PlanNode) | null;
}

const INT8 = columnType(KalamDataType.BIGINT);
const TEXT = columnType(KalamDataType.TEXT);

export function prepareSelectSource(
  ctx: SessionContext,
  node: Node,
  params: ParamSlots,
  outer: BindScope | null = null,
): RowSource {
  const s = bodyOf<SelectNode>(node);
  if (s.withClause) {
    const w = s.withClause; // a typed struct field: the WithClause body itself
    const rest = { SelectStmt: { ...s, withClause: undefined } };
    return bindWithClause(ctx, w, params, outer, prepareSelectSource,
      (ctes) => withCtePlans(prepareSelectSource(ctx, rest, params, outer), ctes));
  }
  if (s.intoClause) throw Errors.featureNotSupported('SELECT INTO is not supported');
  if (s.lockingClause?.length) throw Errors.featureNotSupported('SELECT … FOR UPDATE/SHARE is not supported yet');
  if (s.op && s.op !== 'SETOP_NONE') return prepareSetOperation(ctx, s, params, outer);
  if (s.valuesLists) return orderedResult(prepareValues(ctx, s.valuesLists, params, outer), s, params);

  const subqueries = new SubplanList(ctx, params);
  const opts = { subqueries };
  const from = bindFrom(ctx, s.fromClause, params, s.whereClause, outer, subqueries);
  const scope = new RangeScope(from.entries, outer);
  const where = s.whereClause ? requireBoolean(bindExpr(s.whereClause, scope, params, opts), 'WHERE') : null;

  // Window functions run after grouping, over its output rows: only the select list and ORDER BY may call them.
  const windows = windowCollectorFor(s.windowClause, params);
  const grouped = (): Projection => {
    const agg = planAggregation(s, scope, params, from.entries, subqueries, windows);
    return { targets: agg.targets, bindOrderItem: agg.bindOutput, rowsAfterFilter: agg.aggregate, plan: agg.plan, columnar: agg.columnar, aggregator: agg.aggregator };
  };
  const plain = (): Projection => {
    if (s.havingClause) throw Errors.groupingError('HAVING requires GROUP BY or an aggregate function');
    const srfs = new SetFunctionCollector(scope.width);
    const targets = bindTargets(s.targetList ?? [], scope, params, { ...opts, windows, setFunctions: srfs, clause: 'SELECT' });
    const bindOrderItem = (n: Node) => bindExpr(n, scope, params, { ...opts, windows, setFunctions: srfs, clause: 'ORDER BY' });
    if (srfs.count === 0) return { targets, bindOrderItem, rowsAfterFilter: unchanged, plan: null, columnar: null, aggregator: null };
    const key = {};
    return {
      columnar: null,
      aggregator: null,
      targets,
      bindOrderItem,
      *rowsAfterFilter(rows: Value[][], ectx: EvalContext): Pipeline<Value[][]> {
        const out = srfs.expand(rows, ectx);
        ectx.stats?.count(key, out.length);
        return out;
      },
      plan: (child: PlanNode) => PlanNode.create('ProjectSet', [], [child], key),
    };
  };
  let projection: Projection;
  const planned = subqueries.count;
  try {
    projection = usesAggregates(s) ? grouped() : plain();
  } catch (e) {
    // A subquery in the select list aggregates this query's rows: the query is grouped after all.
    if (!(e instanceof OuterAggregateError && e.enclosingScope === scope)) throw e;
    subqueries.truncate(planned);
    projection = grouped();
  }
  const { targets, bindOrderItem, rowsAfterFilter } = projection;
  const targetIds = s.sortClause || s.distinctClause ? targetIdentities(s.targetList ?? [], scope) : [];
  const distinct = bindDistinct(s.distinctClause, { targets, targetIds, scope, sortClause: s.sortClause ?? [], bind: bindOrderItem });
  const sortClause = distinct.kind === 'on' && distinct.extraSort.length > 0 ? [...(s.sortClause ?? []), ...distinct.extraSort] : s.sortClause;
  const sortKeys = bindSortKeys(sortClause, targets, targetIds, bindOrderItem);
  const distinctOn = distinct.kind === 'on' ? distinct.exprs : [];
  const limits = bindLimitClause(s, params, subqueries);
  const topNOk = sortKeys.length > 0 && limits.limit !== null && !limits.withTies && distinct.kind !== 'on';
  const plainRows = projection.rowsAfterFilter === unchanged && windows.calls.length === 0 && distinct.kind === 'none';
  // ORDER BY e <-> q LIMIT k on one table: an hnsw index can name the candidates (vector-scan.ts).
  const vectorScan = topNOk && plainRows && sortKeys.length === 1 && (sortKeys[0]!.expr as Bound).distance
    && from.scannedTable && !from.hashJoin && outer === null
    ? planVectorScan(ctx, {
      table: from.scannedTable,
      alias: from.entries[0]!.alias,
      sortNode: sortItemNode(sortClause![0]!, s.targetList ?? [], targets, targetIds),
      sortExpr: sortKeys[0]!.expr,
      descending: sortKeys[0]!.desc,
      nullsFirst: sortKeys[0]!.nullsFirst,
      where,
      scanPlan: from.plan,
    })
    : null;
  const steps = selectSteps({ ...s, sortClause }, {
    indexOrdered: vectorScan !== null,
    from: vectorScan?.plan ?? from.plan,
    showWhere: where !== null && !from.showsWhere,
    group: projection.plan,
    windows: windows.calls.length > 0,
    distinct: distinct.kind,
    topN: topNOk,
  });

  const applyWindows = windowStep(windows, s);
  const exprs = targets.map((t) => t.expr);
  const outKey = rowKeyFor(exprs.map((e) => e.type.kalam));
  const onKey = rowKeyFor(distinctOn.map((e) => e.type.kalam));
  // Rows evaluating a subquery each are slow: let the event loop (and a CancelRequest) in often.
  const slice = subqueries.perRow ? 64 : 8192;
  // What a projected row owns: computed values; a bare column points at the input row's value.
  const owned = exprs.map((e) => e.columnIndex === undefined && e.constant !== true);
  const carried = sortKeys.length + distinctOn.length;
  type Projected = { out: Value[]; keys: Value[]; on: Value[] };
  const bySortKeys = (a: Projected, b: Projected): number => compareSortKeys(a.keys, b.keys, sortKeys);
  // ORDER BY … LIMIT: a bounded heap where that gives the full sort's answer (top-n.ts).
  const sortNode = steps.sort;
  const topCount = (ectx: EvalContext): number | null => {
    const lim = limits.limit!.eval([], ectx);
    const off = limits.offset ? limits.offset.eval([], ectx) : 0;
    return lim === null || off === null ? null : Number(lim) + Number(off);
  };
  function* sortRows(projected: Projected[], ectx: EvalContext, pruned: boolean): Pipeline<Projected[]> {
    if (topNOk) {
      const k = topCount(ectx);
      if (k !== null) {
        const top = topN(projected, k, bySortKeys, (a, b) => outKey(a.out) === outKey(b.out));
        if (top) {
          if (sortNode) ectx.stats?.note(sortNode.key, 'Sort Method: top-N heapsort');
          return top;
        }
        if (pruned) return sortCandidates(projected, k, ectx);
      }
    }
    // PostgreSQL's own (unstable) sort, so rows equal on the sort keys come out in its order.
    if (sortNode) ectx.stats?.note(sortNode.key, 'Sort Method: quicksort');
    yield* pgQsortSliced(projected, bySortKeys);
    return projected;
  }
  /**
   * The column path's top-N candidates (every row that can be among the first k), sorted: the same
   * first k as sorting every row, unless rows tying on the sort keys but not in output meet there.
   */
  function sortCandidates(projected: Projected[], k: number, ectx: EvalContext): Projected[] {
    const all = pgQsort(projected, bySortKeys);
    for (let i = 1; i < Math.min(all.length, k + 1); i++) {
      if (bySortKeys(all[i - 1]!, all[i]!) === 0 && outKey(all[i - 1]!.out) !== outKey(all[i]!.out)) throw new PrunedTies();
    }
    if (sortNode) ectx.stats?.note(sortNode.key, 'Sort Method: top-N heapsort');
    return all;
  }
  /** `stage`: what the rows have been through already (the column path filters and groups). */
  function* pipeline(input: Value[][], ectx: EvalContext, stage: 'read' | 'filtered' | 'grouped' = 'read', pruned = false): Pipeline<Value[][]> {
    const st = ectx.stats;
    const memory = ectx.memory;
    let rows = input;
    if (where && stage === 'read') {
      rows = yield* filterRows(rows, (r) => where.eval(r, ectx) === true, slice);
      st?.filtered(from.plan.key, input.length - rows.length);
    }
    if (stage !== 'grouped') rows = yield* rowsAfterFilter(rows, ectx);
    if (steps.window) {
      rows = applyWindows(rows, ectx);
      st?.count(steps.window.key, rows.length);
    }
    // Project, carrying sort keys (and DISTINCT ON keys) alongside.
    let projected = yield* mapRows(rows, (r): Projected => {
      const p = {
        out: exprs.map((e) => e.eval(r, ectx)),
        keys: sortKeys.map((k) => k.expr.eval(r, ectx)),
        on: distinctOn.map((e) => e.eval(r, ectx)),
      };
      memory?.charge(partlyOwnedRowBytes(p.out, owned) + (carried > 0 ? rowOfReferencesBytes(carried) * 2 : 0));
      return p;
    }, slice);
    const charged = (key: string): string => {
      memory?.chargeKey(key);
      return key;
    };
    if (distinct.kind === 'rows') {
      projected = firstOfEach(projected, (p) => charged(outKey(p.out)));
      st?.count(steps.distinct!.key, projected.length);
    }
    if (sortKeys.length > 0) {
      projected = yield* sortRows(projected, ectx, pruned);
      if (sortNode) st?.count(sortNode.key, projected.length);
    }
    if (distinct.kind === 'on') {
      projected = firstOfEach(projected, (p) => charged(onKey(p.on)));
      st?.count(steps.unique!.key, projected.length);
    }
    projected = applyLimit(projected, limits, ectx, (a, b) => bySortKeys(a, b) === 0);
    if (steps.limit) st?.count(steps.limit.key, projected.length);
    return projected.map((p) => p.out);
  }
  const first = sortKeys[0];
  const scanned = from.scannedTable ?? from.hashJoin?.probe;
  const columnar: ColumnarSelect | null = scanned ? {
    table: scanned,
    join: from.hashJoin ?? null,
    aggregator: projection.aggregator,
    where,
    whereColumns: s.whereClause ? columnsReadBy(s.whereClause, scope) : [],
    readColumns: columnsReadBy(node, scope),
    numberTests: s.whereClause && !from.hashJoin ? numberPredicate(s.whereClause, scope, params) : null,
    grouping: (!from.hashJoin && projection.columnar) || (() => null),
    topN: topNOk && plainRows && first?.expr.columnIndex !== undefined
      ? { slot: first.expr.columnIndex, desc: first.desc, nullsFirst: first.nullsFirst, count: topCount }
      : null,
    scanKey: from.plan.key,
    slice: subqueries.perRow ? 64 : 65_536,
  } : null;
  const plan = PlanNode.withSidePlans(steps.top, subqueries.sidePlans());
  return {
    plan,
    columns: targets.map((t) => ((t.expr as Bound).unknownText !== undefined ? { ...t.column, untyped: true } : t.column)),
    async run(ctx, ectx) {
      await subqueries.prepare(ctx, ectx);
      const k = vectorScan ? topCount(ectx) : null;
      const nearest = k !== null ? await vectorScan!.produce(ctx, ectx, k) : null;
      if (nearest) return driveAsync(pipeline(nearest, ectx, 'filtered'), ectx);
      const got = columnar ? await runColumnar(columnar, ctx, ectx) : null;
      if (got) {
        try {
          return await driveAsync(pipeline(got.rows, ectx, got.grouped ? 'grouped' : 'filtered', got.pruned), ectx);
        } catch (e) {
          if (!(e instanceof PrunedTies)) throw e;
        }
      }
      return driveAsync(pipeline(await from.produce(ctx, ectx), ectx), ectx);
    },
    async prefetch(ctx, ectx) {
      await from.prefetch(ctx, ectx);
      await subqueries.prefetch(ctx, ectx);
    },
    runSync(ectx) {
      subqueries.prepareSync(ectx);
      return driveSync(pipeline(from.produceSync(ectx), ectx));
    },
  };
}

interface SelectSteps {
  readonly top: PlanNode;
  readonly window: PlanNode | null;
  readonly distinct: PlanNode | null;
  readonly sort: PlanNode | null;
  readonly unique: PlanNode | null;
  readonly limit: PlanNode | null;
}

/** The pipeline's steps as EXPLAIN nodes, bottom-up in the order `pipeline` runs them. */
function selectSteps(s: SelectNode, o: {
  /** The scan returns rows in ORDER BY order (an index scan): no Sort node. */
  indexOrdered: boolean;
  from: PlanNode;
  showWhere: boolean;
  group: ((child: PlanNode) => PlanNode) | null;
  windows: boolean;
  distinct: DistinctPlan['kind'];
  topN: boolean;
}): SelectSteps {
  let node = o.showWhere ? PlanNode.withDetails(o.from, [`Filter: ${deparse(s.whereClause!)}`]) : o.from;
  if (o.group) node = o.group(node);
  const step = (make: boolean, name: string, details: readonly string[] = []): PlanNode | null => {
    if (!make) return null;
    node = PlanNode.create(name, details, [node]);
    return node;
  };
  const window = step(o.windows, 'WindowAgg');
  const distinct = step(o.distinct === 'rows', 'HashAggregate', [`Group Key: ${targetListText(s.targetList ?? [])}`]);
  const sortClause = s.sortClause ?? [];
  const sort = step(sortClause.length > 0 && !o.indexOrdered, 'Sort', [
    `Sort Key: ${sortKeyText(sortClause, s.targetList ?? [])}`,
    ...(o.topN ? [`Top-N: ${limitText(s.limitCount, s.limitOffset)}`] : []),
  ]);
  const unique = step(o.distinct === 'on', 'Unique');
  const limit = step(s.limitCount !== undefined || s.limitOffset !== undefined, 'Limit');
  return { top: node, window, distinct, sort, unique, limit };
}

/** A statement's WITH queries print once, above its plan (`CTE name`). */
function withCtePlans(source: RowSource, ctes: readonly CteRelation[]): RowSource {
  const sides = ctes.flatMap((c) => (c.plan ? [{ label: `CTE ${c.name}`, plan: c.plan }] : []));
  return { ...source, plan: PlanNode.withSidePlans(source.plan, sides) };
}

/** A step that passes its rows on as they are. */
function* unchanged(rows: Value[][]): Pipeline<Value[][]> {
  return rows;
}

function compareSortKeys(a: readonly Value[], b: readonly Value[], keys: readonly SortKey[]): number {
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const x = a[i]!;
    const y = b[i]!;
    let c: number;
    if (x === null || y === null) {
      if (x === y) continue;
      c = x === null ? (k.nullsFirst ? -1 : 1) : (k.nullsFirst ? 1 : -1);
      return c;
    }
    c = k.compare(x, y);
    if (c !== 0) return k.desc ? -c : c;
  }
  return 0;
}

/** An ORDER BY item's expression as written: an output column's (by name or position) or its own. */
function sortItemNode(item: Node, targetList: readonly Node[], targets: readonly BoundTarget[], targetIds: readonly string[]): Node {
  const node = bodyOf<{ node: Node }>(item).node;
  const entry = outputEntryOf(node, targets, targetIds, 'ORDER BY');
  // Entries count the select list after `*` expands: only a list without stars maps one to one.
  if (entry === null || targets.length !== targetList.length) return node;
  return bodyOf<{ val: Node }>(targetList[entry]!).val;
}

/**
 * ORDER BY items: an integer constant is an output position; a bare name matching an output
 * column's name is that column; anything else is an expression over the input row.
 */
function bindSortKeys(
  sortClause: readonly Node[] | undefined,
  targets: readonly BoundTarget[],
  targetIds: readonly string[],
  bindInput: (n: Node) => BoundExpr,
): SortKey[] {
  return (sortClause ?? []).map((item) => {
    const sb = bodyOf<{ node: Node; sortby_dir: string; sortby_nulls: string; useOp?: unknown }>(item);
    if (sb.useOp) throw Errors.featureNotSupported('ORDER BY … USING is not supported');
    const desc = sb.sortby_dir === 'SORTBY_DESC';
    const nullsFirst = sb.sortby_nulls === 'SORTBY_NULLS_FIRST' ? true : sb.sortby_nulls === 'SORTBY_NULLS_LAST' ? false : desc;
    const entry = outputEntryOf(sb.node, targets, targetIds, 'ORDER BY');
    const expr = entry !== null ? targets[entry]!.expr : bindInput(sb.node);
    return { expr, desc, nullsFirst, compare: typedComparator(expr.type) };
  });
}

function prepareValues(ctx: SessionContext, lists: readonly Node[], params: ParamSlots, outer: BindScope | null): RowSource {
  const scope = new RangeScope([], outer);
  const subqueries = new SubplanList(ctx, params);
  const rows = lists.map((l) => (l.List as { items: Node[] }).items.map((i) => bindExpr(i, scope, params, { subqueries })));
  const width = rows[0]!.length;
  if (rows.some((r) => r.length !== width)) throw Errors.syntax('VALUES lists must all be the same length');
  const types = rows[0]!.map((_, c) => unifyTypes(rows.map((r) => r[c]!), 'VALUES'));
  const coerced = rows.map((r) => r.map((e, c) => coerceToType(e, types[c]!, 'implicit')));
  const plan = PlanNode.withSidePlans(PlanNode.create('Values Scan on "*VALUES*"'), subqueries.sidePlans());
  const values = (ectx: EvalContext): Value[][] => {
    const out = coerced.map((r) => r.map((e) => e.eval([], ectx)));
    ectx.stats?.count(plan.key, out.length);
    return out;
  };
  return {
    columns: types.map((type, i) => ({ name: `column${i + 1}`, type, tableOid: 0, attnum: 0 })),
    plan,
    async run(ctx, ectx) {
      await subqueries.prepare(ctx, ectx);
      return values(ectx);
    },
    prefetch: (ctx, ectx) => subqueries.prefetch(ctx, ectx),
    runSync(ectx) {
      subqueries.prepareSync(ectx);
      return values(ectx);
    },
  };
}

/**
 * The common type of UNION/VALUES branches, PostgreSQL's select_common_type: untyped inputs
 * (NULL, quoted literals) take the type of the others, and are text when all are untyped.
 */
function unifyTypes(exprs: readonly { type: OutputColumn['type']; untyped?: boolean }[], what: string): OutputColumn['type'] {
  const typed = exprs.filter((e) => !isUnknownType(e.type) && !e.untyped && (e as Bound).unknownText === undefined);
  if (typed.length === 0) return TEXT;
  let t = typed[0]!.type;
  for (const e of typed.slice(1)) {
    const u = commonSupertype(t, e.type);
    if (!u) throw Errors.datatypeMismatch(`${what} types ${typeDisplay(t)} and ${typeDisplay(e.type)} cannot be matched`);
    t = u;
  }
  return t;
}

function prepareSetOperation(ctx: SessionContext, s: SelectNode, params: ParamSlots, outer: BindScope | null): RowSource {
  // larg/rarg are bare SelectStmt bodies (typed struct fields in libpg-query's JSON).
  const left = prepareSelectSource(ctx, { SelectStmt: s.larg! }, params, outer);
  const right = prepareSelectSource(ctx, { SelectStmt: s.rarg! }, params, outer);
  const op = s.op!.replace('SETOP_', '');
  if (left.columns.length !== right.columns.length) {
    throw Errors.syntax(`each ${op} query must have the same number of columns`);
  }
  const types = left.columns.map((c, i) => unifyTypes([c, right.columns[i]!], op));
  const conv = (cols: readonly OutputColumn[]): BoundExpr[] =>
    cols.map((c, i) => {
      const to = types[i]!;
      if (c.untyped && c.type.oid !== to.oid) {
        // An untyped literal is parsed as the branch type, as PostgreSQL does ('x' → 22P02).
        return { type: to, label: c.name, eval: (r, e) => (r[i] === null ? null : castValue(r[i]!, c.type, to, e.typeCtx)) };
      }
      return coerceToType({ type: c.type, eval: (r) => r[i]!, label: c.name }, to, 'implicit');
    });
  const lc = conv(left.columns);
  const rc = conv(right.columns);
  const columns = left.columns.map((c, i) => ({ name: c.name, type: types[i]!, tableOid: 0, attnum: 0 }));
  const append = op === 'UNION' ? PlanNode.create('Append', [], [left.plan, right.plan]) : null;
  const plan = append
    ? (s.all ? append : PlanNode.create('HashAggregate', [], [append]))
    : PlanNode.create(`HashSetOp ${op === 'INTERSECT' ? 'Intersect' : 'Except'}${s.all ? ' All' : ''}`, [], [left.plan, right.plan]);
  function combine(leftRows: Value[][], rightRows: Value[][], ectx: EvalContext): Value[][] {
    const out = combineRows(leftRows, rightRows, ectx);
    if (append) ectx.stats?.count(append.key, leftRows.length + rightRows.length);
    if (plan !== append) ectx.stats?.count(plan.key, out.length);
    return out;
  }
  function combineRows(leftRows: Value[][], rightRows: Value[][], ectx: EvalContext): Value[][] {
    const memory = ectx.memory;
    // Both sides converted to the common types (new rows), then their concatenation or filter.
    memory?.chargeReferences(2 * (leftRows.length + rightRows.length), columns.length);
    const l = leftRows.map((r) => lc.map((e) => e.eval(r, ectx)));
    const r = rightRows.map((row) => rc.map((e) => e.eval(row, ectx)));
    if (op === 'UNION') return s.all ? l.concat(r) : dedupe(l.concat(r), ectx);
    const counts = new Map<string, number>();
    for (const row of r) {
      const k = rowKey(row);
      const n = counts.get(k);
      if (n === undefined) memory?.chargeKey(k);
      counts.set(k, (n ?? 0) + 1);
    }
    const keep = (row: Value[]): boolean => {
      const k = rowKey(row);
      const n = counts.get(k) ?? 0;
      if (op === 'INTERSECT') {
        if (n > 0 && s.all) counts.set(k, n - 1);
        return n > 0;
      }
      if (n > 0 && s.all) {
        counts.set(k, n - 1);
        return false;
      }
      return n === 0;
    };
    const out = l.filter(keep);
    return s.all ? out : dedupe(out, ectx);
  }
  return orderedResult({
    columns,
    plan,
    run: async (ctx, ectx) => combine(await left.run(ctx, ectx), await right.run(ctx, ectx), ectx),
    async prefetch(ctx, ectx) {
      await left.prefetch(ctx, ectx);
      await right.prefetch(ctx, ectx);
    },
    runSync: (ectx) => combine(left.runSync(ectx), right.runSync(ectx), ectx),
  }, s, params);
}

/**
 * ORDER BY / LIMIT / OFFSET over a finished result (a set operation's or a bare VALUES list's):
 * sort keys name output columns, by name or position.
 */
function orderedResult(source: RowSource, s: SelectNode, params: ParamSlots): RowSource {
  if (!s.sortClause?.length && !s.limitCount && !s.limitOffset) return source;
  const columns = source.columns;
  const targets: BoundTarget[] = columns.map((c, i) => ({ expr: { type: c.type, eval: (r) => r[i]!, label: c.name }, column: c }));
  const keys = bindSortKeys(s.sortClause, targets, columns.map((_, i) => `p${i}`), (n) => {
    if (kindOf(n) === 'ColumnRef') {
      const fields = bodyOf<{ fields: Node[]; location?: number }>(n);
      const name = fields.fields.map((f) => (f as { String?: { sval: string } }).String?.sval ?? '*').join('.');
      throw Errors.undefinedColumn(name, (fields.location ?? -1) + 1 || undefined);
    }
    throw Errors.featureNotSupported('invalid UNION/INTERSECT/EXCEPT ORDER BY clause', 'Only result column names can be used, not expressions or functions.');
  });
  const limits = bindLimitClause(s, params);
  const sortClause = s.sortClause ?? [];
  const sort = sortClause.length > 0 ? PlanNode.create('Sort', [`Sort Key: ${sortKeyText(sortClause, [])}`], [source.plan]) : null;
  const limit = s.limitCount || s.limitOffset ? PlanNode.create('Limit', [], [sort ?? source.plan]) : null;
  const finish = (rows: Value[][], ectx: EvalContext): Value[][] => {
    ectx.memory?.chargeReferences(rows.length, keys.length + 2);
    let withKeys = rows.map((row) => ({ row, k: keys.map((key) => key.expr.eval(row, ectx)) }));
    if (keys.length > 0) pgQsort(withKeys, (a, b) => compareSortKeys(a.k, b.k, keys));
    if (sort && ectx.stats) {
      ectx.stats.count(sort.key, withKeys.length);
      ectx.stats.note(sort.key, 'Sort Method: quicksort');
    }
    withKeys = applyLimit(withKeys, limits, ectx, (a, b) => compareSortKeys(a.k, b.k, keys) === 0);
    if (limit) ectx.stats?.count(limit.key, withKeys.length);
    return withKeys.map((w) => w.row);
  };
  return {
    columns,
    plan: limit ?? sort ?? source.plan,
    run: async (ctx, ectx) => finish(await source.run(ctx, ectx), ectx),
    prefetch: (ctx, ectx) => source.prefetch(ctx, ectx),
    runSync: (ectx) => finish(source.runSync(ectx), ectx),
  };
}

function dedupe(rows: Value[][], ectx: EvalContext): Value[][] {
  return firstOfEach(rows, rowKey, new Set(), (k) => ectx.memory?.chargeKey(k));
}
