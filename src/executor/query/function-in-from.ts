/**
 * A function call in FROM: `generate_series(1, 3) AS g(n)`, `unnest(a) WITH ORDINALITY`, or a
 * scalar function (one row). Functions in FROM are implicitly LATERAL: their arguments may name
 * columns of the FROM items to their left, and then they run once per left row.
 *
 *   FROM t, generate_series(1, t.n) AS g(i)      → for each t row: its series, joined to it
 */
import { Errors, SqlError } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf, stringList } from '../../binder/ast.js';
import type { BindScope, ColumnBinding, EvalContext, ParamSlots } from '../../binder/expr/bound-expr.js';
import { bindExpr } from '../../binder/expr/bind-expr.js';
import { bindSetFunctionCall, isSetFunctionName, type BoundSetFunction } from '../../binder/expr/bind-set-function.js';
import { RangeScope, type RangeEntry } from '../../binder/range-scope.js';
import { T } from '../../binder/expr/expr-types.js';
import type { Value } from '../../types/kalam-type.js';

/** The FROM items to the left of a lateral item, with the row offset their left row starts at. */
export interface LateralScope {
  readonly entries: readonly RangeEntry[];
  readonly base: number;
}

export interface FunctionItem {
  readonly entry: RangeEntry;
  /** Rows for a left row (ignored unless `lateral`). */
  readonly rows: (left: readonly Value[], ectx: EvalContext) => Value[][];
  /** The arguments read columns of the items to the left. */
  readonly lateral: boolean;
}

interface RangeFunctionNode {
  functions: Node[];
  ordinality?: boolean;
  is_rowsfrom?: boolean;
  alias?: { aliasname: string; colnames?: Node[] };
  coldeflist?: Node[];
}

export function bindFunctionItem(
  item: Node,
  offset: number,
  params: ParamSlots,
  outer: BindScope | null,
  lateral: LateralScope | null,
): FunctionItem {
  const rf = bodyOf<RangeFunctionNode>(item);
  if (rf.is_rowsfrom || rf.functions.length !== 1) throw Errors.featureNotSupported('ROWS FROM (…) is not supported yet');
  if (rf.coldeflist?.length) throw Errors.featureNotSupported('a column definition list on a function in FROM is not supported yet');
  const call = (rf.functions[0]!.List as { items: Node[] }).items[0]!;
  if (kindOf(call) !== 'FuncCall') throw Errors.featureNotSupported('only function calls are supported as functions in FROM');
  const body = bodyOf<Record<string, unknown>>(call);
  const fname = stringList(body.funcname).at(-1)!.toLowerCase();

  let usesLeft = false;
  const scope = lateralTracking(lateral, outer, () => (usesLeft = true));
  const fn: BoundSetFunction = isSetFunctionName(fname) ? bindSetFunctionCall(body, scope, params) : scalarAsSet(call, fname, scope, params);

  const alias = rf.alias?.aliasname ?? fname;
  const colnames = stringList(rf.alias?.colnames);
  const declared = [...fn.columns.map((c) => ({ name: c.name ?? (fn.columns.length === 1 ? rf.alias?.aliasname ?? fname : fname), type: c.type }))];
  if (rf.ordinality) declared.push({ name: 'ordinality', type: T.int8 });
  if (colnames.length > declared.length) {
    throw new SqlError('42P10', `table "${alias}" has ${declared.length} columns available but ${colnames.length} columns specified`);
  }
  const entry: RangeEntry = { alias, columns: declared.map((c, i) => ({ name: colnames[i] ?? c.name, type: c.type })), offset };
  const ordinality = rf.ordinality === true;
  return {
    entry,
    lateral: usesLeft,
    rows: (left, ectx) => {
      const rows = fn.rows(left, ectx);
      return ordinality ? rows.map((r, i) => [...r, BigInt(i + 1)]) : rows;
    },
  };
}

/** `FROM upper('x')`: a scalar function in FROM is one row of its value. */
function scalarAsSet(call: Node, name: string, scope: BindScope, params: ParamSlots): BoundSetFunction {
  const e = bindExpr(call, scope, params);
  return { name, columns: [{ name: null, type: e.type }], constant: e.constant === true, rows: (row, ctx) => [[e.eval(row, ctx)]] };
}

/** Resolves names among the items to the left first (noting that it did), then the outer query. */
function lateralTracking(lateral: LateralScope | null, outer: BindScope | null, noteLeft: () => void): BindScope {
  const left = new RangeScope(lateral ? lateral.entries.map((e) => ({ ...e, offset: e.offset - lateral.base })) : [], null);
  const fallback = (e: unknown, retry: () => ColumnBinding): ColumnBinding => {
    if (outer && e instanceof SqlError && (e.code === '42703' || e.code === '42P01')) return retry();
    throw e;
  };
  return {
    resolveColumn(names, location) {
      try {
        const b = left.resolveColumn(names, location);
        noteLeft();
        return b;
      } catch (e) {
        return fallback(e, () => outer!.resolveColumn(names, location));
      }
    },
    expandStar(qualifier, location) {
      noteLeft();
      return left.expandStar(qualifier, location);
    },
  };
}
