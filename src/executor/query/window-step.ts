/**
 * The SELECT's hook for window functions: a WindowCollector for the select list and ORDER BY to
 * register calls with, and the step that runs them between HAVING and the select list.
 */
import { SqlError } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import type { EvalContext, ParamSlots } from '../../binder/expr/bound-expr.js';
import { bindExpr } from '../../binder/expr/bind-expr.js';
import { WindowCollector } from '../../binder/expr/window-collector.js';
import { noColumns } from '../../binder/range-scope.js';
import type { Value } from '../../types/kalam-type.js';
import { runWindows } from '../window/window-operator.js';

export function windowCollectorFor(windowClause: readonly Node[] | undefined, params: ParamSlots): WindowCollector {
  return new WindowCollector(windowClause, (node, clause) => bindExpr(
    node,
    noColumns(() => new SqlError('42P10', `argument of ${clause} must not contain variables`)),
    params,
    { clause: `window ${clause}` },
  ));
}

/** Rows with every window call's value appended (unchanged when the SELECT has none). */
export function applyWindows(windows: WindowCollector, rows: Value[][], ectx: EvalContext): Value[][] {
  return windows.calls.length === 0 ? rows : runWindows(rows, windows.calls, ectx);
}
