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
import { compareValues } from '../../types/compare.js';
import { commonSupertype } from '../../types/cast.js';
import { columnType } from '../../types/type-registry.js';
import { KalamDataType, type Value } from '../../types/kalam-type.js';
import type { OutputColumn } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import { bindFrom } from './from-clause.js';
import { requireBoolean } from './predicates.js';
import { planAggregation, usesAggregates } from './aggregation.js';
import { rowKey } from './row-key.js';
import { pgQsort } from '../../util/pg-qsort.js';
import { windowCollectorFor, windowStep } from './window-step.js';

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
  withClause?: unknown;
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
}

const INT8 = columnType(KalamDataType.BIGINT);

export function prepareSelectSource(
  ctx: SessionContext,
  node: Node,
  params: ParamSlots,
  outer: BindScope | null = null,
): RowSource {
  const s = bodyOf<SelectNode>(node);
  if (s.withClause) throw Errors.featureNotSupported('WITH queries (CTEs) are not supported yet');
  if (s.intoClause) throw Errors.featureNotSupported('SELECT INTO is not supported');
  if (s.lockingClause?.length) throw Errors.featureNotSupported('SELECT … FOR UPDATE/SHARE is not supported yet');
  if (s.op && s.op !== 'SETOP_NONE') return prepareSetOperation(ctx, s, params, outer);
  if (s.valuesLists) return prepareValues(s.valuesLists, params, outer);

  const from = bindFrom(ctx, s.fromClause, params, s.whereClause, outer);
  const scope = new RangeScope(from.entries, outer);
  const where = s.whereClause ? requireBoolean(bindExpr(s.whereClause, scope, params), 'WHERE') : null;

  let targets: BoundTarget[];
  let sortKeys: SortKey[];
  let rowsAfterFilter: (rows: Value[][], ectx: EvalContext) => Value[][];
  // Window functions run after grouping, over its output rows: only the select list and ORDER BY may call them.
  const windows = windowCollectorFor(s.windowClause, params);
  if (usesAggregates(s)) {
    const agg = planAggregation(s, scope, params, windows);
    targets = agg.targets;
    sortKeys = bindSortKeys(s.sortClause, targets, agg.bindOutput);
    rowsAfterFilter = agg.aggregate;
  } else {
    if (s.havingClause) throw Errors.groupingError('HAVING requires GROUP BY or an aggregate function');
    targets = bindTargets(s.targetList ?? [], scope, params, { windows });
    sortKeys = bindSortKeys(s.sortClause, targets, (n) => bindExpr(n, scope, params, { windows }));
    rowsAfterFilter = (rows) => rows;
  }
  if (s.distinctClause && s.distinctClause.length > 0 && Object.keys(s.distinctClause[0] ?? {}).length > 0) {
    throw Errors.featureNotSupported('SELECT DISTINCT ON is not supported yet');
  }
  const distinct = s.distinctClause !== undefined;
  const limit = s.limitCount ? bindLimit(s.limitCount, params, 'LIMIT') : null;
  const offset = s.limitOffset ? bindLimit(s.limitOffset, params, 'OFFSET') : null;
  if (s.limitOption === 'LIMIT_OPTION_WITH_TIES') throw Errors.featureNotSupported('FETCH … WITH TIES is not supported yet');

  const applyWindows = windowStep(windows, s);
  const exprs = targets.map((t) => t.expr);
  return {
    columns: targets.map((t) => t.column),
    async run(ctx, ectx) {
      let rows = await from.produce(ctx, ectx);
      if (where) rows = rows.filter((r) => where.eval(r, ectx) === true);
      rows = applyWindows(rowsAfterFilter(rows, ectx), ectx);
      // Project, carrying sort keys alongside.
      let projected: { out: Value[]; keys: Value[] }[] = rows.map((r) => ({
        out: exprs.map((e) => e.eval(r, ectx)),
        keys: sortKeys.map((k) => k.expr.eval(r, ectx)),
      }));
      if (distinct) {
        const seen = new Set<string>();
        projected = projected.filter((p) => {
          const k = rowKey(p.out);
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        });
      }
      // PostgreSQL's own (unstable) sort, so rows equal on the sort keys come out in its order.
      if (sortKeys.length > 0) pgQsort(projected, (a, b) => compareSortKeys(a.keys, b.keys, sortKeys));
      let out = projected.map((p) => p.out);
      const off = offset ? Number(offset.eval([], ectx) ?? 0) : 0;
      const lim = limit ? limit.eval([], ectx) : null;
      if (off > 0 || lim !== null) out = out.slice(off, lim === null ? undefined : off + Number(lim));
      return out;
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

function bindLimit(node: Node, params: ParamSlots, clause: string): BoundExpr {
  const e = bindExpr(node, noColumns(() => new SqlError('42P10', `argument of ${clause} must not contain variables`)), params, { expected: INT8 });
  if (kindOf(node) === 'A_Const' && 'isnull' in bodyOf(node)) return { type: INT8, eval: () => null, label: clause };
  const c = coerceToType(e, INT8, 'implicit');
  return {
    type: INT8,
    label: clause,
    eval: (row, ectx) => {
      const v = c.eval(row, ectx);
      if (v !== null && BigInt(v as bigint) < 0n) {
        throw new SqlError(clause === 'LIMIT' ? '2201W' : '2201X', `${clause} must not be negative`);
      }
      return v;
    },
  };
}

/**
 * ORDER BY items: an integer constant is an output position; a bare name matching an output
 * column's name is that column; anything else is an expression over the input row.
 */
function bindSortKeys(
  sortClause: readonly Node[] | undefined,
  targets: readonly BoundTarget[],
  bindInput: (n: Node) => BoundExpr,
): SortKey[] {
  return (sortClause ?? []).map((item) => {
    const sb = bodyOf<{ node: Node; sortby_dir: string; sortby_nulls: string; useOp?: unknown }>(item);
    if (sb.useOp) throw Errors.featureNotSupported('ORDER BY … USING is not supported');
    const desc = sb.sortby_dir === 'SORTBY_DESC';
    const nullsFirst = sb.sortby_nulls === 'SORTBY_NULLS_FIRST' ? true : sb.sortby_nulls === 'SORTBY_NULLS_LAST' ? false : desc;
    const n = sb.node;
    let expr: BoundExpr | null = null;
    if (kindOf(n) === 'A_Const') {
      const c = bodyOf<{ ival?: { ival?: number } }>(n);
      if (c.ival) {
        const pos = c.ival.ival ?? 0;
        if (pos < 1 || pos > targets.length) {
          throw Errors.syntax(`ORDER BY position ${pos} is not in select list`);
        }
        expr = targets[pos - 1]!.expr;
      }
    } else if (kindOf(n) === 'ColumnRef') {
      const fields = bodyOf<{ fields: Node[] }>(n).fields;
      if (fields.length === 1 && kindOf(fields[0]!) === 'String') {
        const name = (fields[0] as { String: { sval: string } }).String.sval;
        const matches = targets.filter((t) => t.column.name === name);
        if (matches.length === 1) expr = matches[0]!.expr;
      }
    }
    return { expr: expr ?? bindInput(n), desc, nullsFirst };
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
  const keys = bindSortKeys(outer2.sortClause, targets, () => {
    throw Errors.featureNotSupported('ORDER BY on a UNION/INTERSECT/EXCEPT result must use output column names or positions');
  });
  const limit = outer2.limitCount ? bindLimit(outer2.limitCount, params, 'LIMIT') : null;
  const offset = outer2.limitOffset ? bindLimit(outer2.limitOffset, params, 'OFFSET') : null;
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
      if (keys.length > 0) {
        const withKeys = out.map((row) => ({ row, k: keys.map((key) => key.expr.eval(row, ectx)) }));
        withKeys.sort((a, b) => compareSortKeys(a.k, b.k, keys));
        out = withKeys.map((w) => w.row);
      }
      const off = offset ? Number(offset.eval([], ectx) ?? 0) : 0;
      const lim = limit ? limit.eval([], ectx) : null;
      if (off > 0 || lim !== null) out = out.slice(off, lim === null ? undefined : off + Number(lim));
      return out;
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
