/**
 * Subqueries inside expressions (libpg-query's SubLink), with PostgreSQL's semantics:
 *
 *   (SELECT x …)              EXPR        no row → NULL; two rows → 21000; two columns → 42601
 *   EXISTS (SELECT …)         EXISTS      any row → true
 *   a IN (SELECT x …)         ANY, '='    true if some row compares true; else NULL if some
 *   a op ANY|SOME (SELECT …)  ANY           comparison was NULL; else false (also: no rows)
 *   a op ALL (SELECT …)       ALL         false if some row compares false; else NULL if some was
 *                                           NULL; else true (also: no rows)
 *   a NOT IN (SELECT …)       NOT (ANY)   so `1 NOT IN (SELECT NULL)` is NULL, never true
 *   (a, b) IN (SELECT x, y …) ANY, rows   per row: = is AND of the columns, <> is OR, and < <= > >=
 *   (a, b) = (SELECT x, y …)  ROWCOMPARE    compare left to right (PostgreSQL's RowCompareExpr)
 *   ARRAY(SELECT …)           ARRAY       one array of the single column's values, in row order
 *
 * How a subquery is planned and when it runs (once per statement, or per row of the enclosing
 * query) belongs to the planner behind `SubqueryPlanner`; here the subquery is only its columns
 * and a synchronous `rows(row, ctx)`.
 */
import { arrayTypeOf, isArrayType } from '../../types/array-type.js';
import { PgArray } from '../../types/pg-array.js';
import { SqlError } from '../../errors/sql-error.js';
import type { PgNode } from '../../sql/statement.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import { type ExprBinderContext, nodeKind, stringList } from './binder-context.js';
import type { EvalContext } from './bound-expr.js';
import type { Bound } from './compile.js';
import { T, typeDisplay } from './expr-types.js';
import { comparable, comparisonTest, type ComparisonOp } from './operators.js';
import { SubqueryBoundary, type SubqueryHandle } from './subquery-boundary.js';

type Rows = readonly (readonly Value[])[];

function planSubquery(ctx: ExprBinderContext, body: Record<string, unknown>): SubqueryHandle {
  const position = ctx.position(body.location);
  if (ctx.subqueries === null) throw new SqlError('0A000', 'subqueries are not supported here', { position });
  return ctx.subqueries.plan(body.subselect as PgNode, new SubqueryBoundary(ctx));
}

export function bindSubLink(ctx: ExprBinderContext, body: Record<string, unknown>): Bound {
  const kind = body.subLinkType as string;
  const position = ctx.position(body.location);
  switch (kind) {
    case 'EXPR_SUBLINK': return bindScalar(planSubquery(ctx, body), position);
    case 'EXISTS_SUBLINK': {
      const sub = planSubquery(ctx, body);
      return { type: T.bool, label: 'exists', labelStrength: 2, constant: false, position, eval: (row, c) => sub.rows(row, c).length > 0 };
    }
    case 'ANY_SUBLINK': case 'ALL_SUBLINK': {
      const op = body.operName === undefined ? '=' : stringList(body.operName).pop()!;
      return bindQuantified(ctx, kind === 'ALL_SUBLINK', op, body.testexpr as PgNode, body, position);
    }
    case 'ARRAY_SUBLINK': return bindArraySubquery(planSubquery(ctx, body), position);
    default: throw new SqlError('0A000', `${kind.replace('_SUBLINK', '')} subqueries are not supported yet`, { position });
  }
}

function bindArraySubquery(sub: SubqueryHandle, position: number | undefined): Bound {
  if (sub.columns.length !== 1) throw new SqlError('42601', 'subquery must return only one column', { position });
  const elem = sub.columns[0]!.type;
  if (isArrayType(elem)) throw new SqlError('0A000', 'ARRAY(subquery) over an array column is not supported yet', { position });
  const type = arrayTypeOf(elem);
  if (type === null) throw new SqlError('42704', `could not find array type for data type ${typeDisplay(elem)}`, { position });
  return {
    type, label: 'array', labelStrength: 2, constant: false, position,
    eval: (row, c) => PgArray.of(elem.kalam, sub.rows(row, c).map((r) => r[0] ?? null)),
  };
}

function bindScalar(sub: SubqueryHandle, position: number | undefined): Bound {
  if (sub.columns.length !== 1) throw new SqlError('42601', 'subquery must return only one column', { position });
  const column = sub.columns[0]!;
  return {
    type: column.type, label: column.name, labelStrength: 2, constant: false, position,
    eval: (row, c) => {
      const rows = atMostOneRow(sub.rows(row, c));
      return rows === null ? null : rows[0] ?? null;
    },
  };
}

function atMostOneRow(rows: Rows): readonly Value[] | null {
  if (rows.length > 1) throw new SqlError('21000', 'more than one row returned by a subquery used as an expression');
  return rows[0] ?? null;
}

/** `(a, b) = (SELECT x, y …)`: PostgreSQL turns "row op scalar-subquery" into a row comparison. */
export function isRowVersusSubquery(body: Record<string, unknown>): boolean {
  const l = body.lexpr as PgNode | undefined;
  const r = body.rexpr as PgNode | undefined;
  if (l === undefined || r === undefined || nodeKind(l)[0] !== 'RowExpr' || nodeKind(r)[0] !== 'SubLink') return false;
  return nodeKind(r)[1].subLinkType === 'EXPR_SUBLINK';
}

export function bindRowCompareSubLink(
  ctx: ExprBinderContext, op: ComparisonOp, lexpr: PgNode, rexpr: PgNode, position: number | undefined,
): Bound {
  const body = nodeKind(rexpr)[1];
  const left = leftOperands(ctx, lexpr);
  const sub = planSubquery(ctx, body);
  const compare = rowComparison(op, left, sub.columns, position);
  return {
    type: T.bool, label: '?column?', constant: false, position,
    eval: (row, c) => {
      const one = atMostOneRow(sub.rows(row, c));
      return one === null ? null : compare(compare.left(row, c), one, c);
    },
  };
}

function leftOperands(ctx: ExprBinderContext, testexpr: PgNode): Bound[] {
  const [kind, body] = nodeKind(testexpr);
  if (kind === 'RowExpr') return ((body.args as PgNode[] | undefined) ?? []).map((a) => ctx.bind(a));
  return [ctx.bind(testexpr)];
}

function bindQuantified(
  ctx: ExprBinderContext, all: boolean, op: string, testexpr: PgNode, body: Record<string, unknown>, position: number | undefined,
): Bound {
  const left = leftOperands(ctx, testexpr);
  const sub = planSubquery(ctx, body);
  if (!COMPARISON_OPS.has(op)) {
    throw new SqlError('0A000', `operator ${op} with ${all ? 'ALL' : 'ANY'} (subquery) is not supported yet`, { position });
  }
  const compare = rowComparison((op === '!=' ? '<>' : op) as ComparisonOp, left, sub.columns, position);
  return {
    type: T.bool, label: '?column?', constant: false, position,
    eval: (row, c) => {
      const rows = sub.rows(row, c);
      if (rows.length === 0) return all;
      const l = compare.left(row, c);
      let result: Value = all;
      for (const r of rows) {
        const v = compare(l, r, c);
        if (v === !all) return v;
        if (v === null) result = null;
      }
      return result;
    },
  };
}

const COMPARISON_OPS = new Set(['=', '<>', '!=', '<', '>', '<=', '>=']);

interface RowComparison {
  /** Compares the left values (from `left`) with one subquery row: true, false or NULL. */
  (l: readonly Value[], r: readonly Value[], c: EvalContext): Value;
  /** The left operands' values for one row of the enclosing query, in the comparison's types. */
  left(row: readonly Value[], c: EvalContext): Value[];
}

/**
 * One comparison per column, each in the type PostgreSQL picks for `left op column` (42883 when
 * there is none); combined the way PostgreSQL combines row comparisons.
 */
function rowComparison(op: ComparisonOp, left: readonly Bound[], columns: readonly { type: ColumnType }[], position?: number): RowComparison {
  if (columns.length > left.length) throw new SqlError('42601', 'subquery has too many columns', { position });
  if (columns.length < left.length) throw new SqlError('42601', 'subquery has too few columns', { position });
  const pairs = left.map((l0, i) => {
    const column: Bound = { type: columns[i]!.type, label: '?column?', constant: false, eval: (r) => r[i] ?? null };
    const [l, r, common] = comparable(op, l0, column, position);
    return { l, r, test: comparisonTest(op, common), equal: comparisonTest('=', common) };
  });
  const compare = ((lv: readonly Value[], row: readonly Value[], c: EvalContext): Value => {
    const rv = pairs.map((p) => p.r.eval(row, c));
    if (op === '=' || op === '<>') {
      // = : every column equal (AND); <> : some column differs (OR); NULL when undecided.
      const decisive = op === '<>';
      let result: Value = !decisive;
      for (let i = 0; i < pairs.length; i++) {
        const a = lv[i]!;
        const b = rv[i]!;
        if (a === null || b === null) result = null;
        else if (pairs[i]!.test(a, b) === decisive) return decisive;
      }
      return result;
    }
    // < <= > >=: the first column pair that is not equal decides; a NULL before it makes NULL.
    for (let i = 0; i < pairs.length; i++) {
      const a = lv[i]!;
      const b = rv[i]!;
      if (a === null || b === null) return null;
      if (!pairs[i]!.equal(a, b)) return pairs[i]!.test(a, b);
    }
    return op === '<=' || op === '>=';
  }) as RowComparison;
  compare.left = (row, c) => pairs.map((p) => p.l.eval(row, c));
  return compare;
}
