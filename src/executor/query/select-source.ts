/**
 * SELECT → a RowSource: output columns known at bind time (for Describe), rows on run.
 *
 *   FROM (scan | point lookup | join) → WHERE → [GROUP BY + aggregates → HAVING]
 *     → target list (+ sort keys) → DISTINCT → ORDER BY → OFFSET/LIMIT
 *
 * Rows are materialised between steps: the column-batch engine of the query-engine issue
 * replaces this; the binding rules and errors stay.
 */
import { Errors } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import { bodyOf } from '../../binder/ast.js';
import { bindTargets, type BoundTarget } from '../../binder/bind-targets.js';
import type { BindScope, BoundExpr, EvalContext, ParamSlots } from '../../binder/expr/bound-expr.js';
import { bindExpr, coerceToType } from '../../binder/expr/bind-expr.js';
import { RangeScope } from '../../binder/range-scope.js';
import { compareValues } from '../../types/compare.js';
import { commonSupertype } from '../../types/cast.js';
import type { Value } from '../../types/kalam-type.js';
import type { OutputColumn } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import { bindFrom } from './from-clause.js';
import { requireBoolean } from './predicates.js';
import { planAggregation, usesAggregates } from './aggregation.js';
import { rowKey, rowKeyFor } from './row-key.js';
import { bindWithClause, type WithClauseNode } from './with-clause.js';
import { bindDistinct, firstOfEach } from './distinct-clause.js';
import { applyLimit, bindLimitClause } from './limit-clause.js';
import { outputEntryOf, targetIdentities } from './output-reference.js';

export interface RowSource {
  readonly columns: readonly OutputColumn[];
  run(ctx: SessionContext, ectx: EvalContext): Promise<Value[][]>;
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
  windowClause?: unknown[];
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
}

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
    return bindWithClause(ctx, w, params, outer, prepareSelectSource, () => prepareSelectSource(ctx, rest, params, outer));
  }
  if (s.windowClause?.length) throw Errors.featureNotSupported('window functions are not supported yet');
  if (s.intoClause) throw Errors.featureNotSupported('SELECT INTO is not supported');
  if (s.lockingClause?.length) throw Errors.featureNotSupported('SELECT … FOR UPDATE/SHARE is not supported yet');
  if (s.op && s.op !== 'SETOP_NONE') return prepareSetOperation(ctx, s, params, outer);
  if (s.valuesLists) return prepareValues(s.valuesLists, params, outer);

  const from = bindFrom(ctx, s.fromClause, params, s.whereClause, outer);
  const scope = new RangeScope(from.entries, outer);
  const where = s.whereClause ? requireBoolean(bindExpr(s.whereClause, scope, params), 'WHERE') : null;

  let targets: BoundTarget[];
  let bindOrderItem: (n: Node) => BoundExpr;
  let rowsAfterFilter: (rows: Value[][], ectx: EvalContext) => Value[][];
  if (usesAggregates(s)) {
    const agg = planAggregation(s, scope, params, from.entries);
    targets = agg.targets;
    bindOrderItem = agg.bindOutput;
    rowsAfterFilter = agg.aggregate;
  } else {
    if (s.havingClause) throw Errors.groupingError('HAVING requires GROUP BY or an aggregate function');
    targets = bindTargets(s.targetList ?? [], scope, params);
    bindOrderItem = (n) => bindExpr(n, scope, params);
    rowsAfterFilter = (rows) => rows;
  }
  const targetIds = s.sortClause || s.distinctClause ? targetIdentities(s.targetList ?? [], scope) : [];
  const sortKeys = bindSortKeys(s.sortClause, targets, targetIds, bindOrderItem);
  const distinct = bindDistinct(s.distinctClause, { targets, targetIds, scope, sortClause: s.sortClause ?? [], bind: bindOrderItem });
  const distinctOn = distinct.kind === 'on' ? distinct.exprs : [];
  const limits = bindLimitClause(s, params);

  const exprs = targets.map((t) => t.expr);
  const outKey = rowKeyFor(exprs.map((e) => e.type.kalam));
  const onKey = rowKeyFor(distinctOn.map((e) => e.type.kalam));
  return {
    columns: targets.map((t) => t.column),
    async run(ctx, ectx) {
      let rows = await from.produce(ctx, ectx);
      if (where) rows = rows.filter((r) => where.eval(r, ectx) === true);
      rows = rowsAfterFilter(rows, ectx);
      // Project, carrying sort keys (and DISTINCT ON keys) alongside.
      let projected: { out: Value[]; keys: Value[]; on: Value[] }[] = rows.map((r) => ({
        out: exprs.map((e) => e.eval(r, ectx)),
        keys: sortKeys.map((k) => k.expr.eval(r, ectx)),
        on: distinctOn.map((e) => e.eval(r, ectx)),
      }));
      if (distinct.kind === 'rows') projected = firstOfEach(projected, (p) => outKey(p.out));
      if (sortKeys.length > 0) projected.sort((a, b) => compareSortKeys(a.keys, b.keys, sortKeys));
      if (distinct.kind === 'on') projected = firstOfEach(projected, (p) => onKey(p.on));
      projected = applyLimit(projected, limits, ectx, (a, b) => compareSortKeys(a.keys, b.keys, sortKeys) === 0);
      return projected.map((p) => p.out);
    },
  };
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
    c = compareValues(x, y, k.expr.type.kalam);
    if (c !== 0) return k.desc ? -c : c;
  }
  return 0;
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
    return { expr: entry !== null ? targets[entry]!.expr : bindInput(sb.node), desc, nullsFirst };
  });
}

function prepareValues(lists: readonly Node[], params: ParamSlots, outer: BindScope | null): RowSource {
  const scope = new RangeScope([], outer);
  const rows = lists.map((l) => (l.List as { items: Node[] }).items.map((i) => bindExpr(i, scope, params)));
  const width = rows[0]!.length;
  if (rows.some((r) => r.length !== width)) throw Errors.syntax('VALUES lists must all be the same length');
  const types = rows[0]!.map((_, c) => unifyTypes(rows.map((r) => r[c]!), 'VALUES'));
  const coerced = rows.map((r) => r.map((e, c) => coerceToType(e, types[c]!, 'implicit')));
  return {
    columns: types.map((type, i) => ({ name: `column${i + 1}`, type, tableOid: 0, attnum: 0 })),
    run: async (_ctx, ectx) => coerced.map((r) => r.map((e) => e.eval([], ectx))),
  };
}

function unifyTypes(exprs: readonly { type: OutputColumn['type'] }[], what: string): OutputColumn['type'] {
  let t = exprs[0]!.type;
  for (const e of exprs.slice(1)) {
    const u = commonSupertype(t, e.type);
    if (!u) throw Errors.datatypeMismatch(`${what} types ${t.oid} and ${e.type.oid} cannot be matched`);
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
  const types = left.columns.map((c, i) => {
    const u = commonSupertype(c.type, right.columns[i]!.type);
    if (!u) throw Errors.datatypeMismatch(`${op} types cannot be matched`);
    return u;
  });
  const conv = (cols: readonly OutputColumn[]) =>
    cols.map((c, i) => coerceToType({ type: c.type, eval: (r) => r[i]!, label: c.name }, types[i]!, 'implicit'));
  const lc = conv(left.columns);
  const rc = conv(right.columns);
  const outer2 = s;
  const columns = left.columns.map((c, i) => ({ ...c, type: types[i]!, tableOid: 0, attnum: 0 }));
  const targets: BoundTarget[] = columns.map((c, i) => ({ expr: { type: c.type, eval: (r) => r[i]!, label: c.name }, column: c }));
  const keys = bindSortKeys(outer2.sortClause, targets, columns.map((_, i) => `p${i}`), () => {
    throw Errors.featureNotSupported('ORDER BY on a UNION/INTERSECT/EXCEPT result must use output column names or positions');
  });
  const limits = bindLimitClause(outer2, params);
  return {
    columns,
    async run(ctx, ectx) {
      const l = (await left.run(ctx, ectx)).map((r) => lc.map((e) => e.eval(r, ectx)));
      const r = (await right.run(ctx, ectx)).map((row) => rc.map((e) => e.eval(row, ectx)));
      let out: Value[][];
      if (op === 'UNION') out = s.all ? l.concat(r) : dedupe(l.concat(r));
      else {
        const counts = new Map<string, number>();
        for (const row of r) counts.set(rowKey(row), (counts.get(rowKey(row)) ?? 0) + 1);
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
        out = l.filter(keep);
        if (!s.all) out = dedupe(out);
      }
      let withKeys = out.map((row) => ({ row, k: keys.map((key) => key.expr.eval(row, ectx)) }));
      if (keys.length > 0) withKeys.sort((a, b) => compareSortKeys(a.k, b.k, keys));
      withKeys = applyLimit(withKeys, limits, ectx, (a, b) => compareSortKeys(a.k, b.k, keys) === 0);
      return withKeys.map((w) => w.row);
    },
  };
}

function dedupe(rows: Value[][]): Value[][] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = rowKey(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
