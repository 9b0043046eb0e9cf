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
import { windowEvaluationOrder } from './window-order.js';

export function windowCollectorFor(windowClause: readonly Node[] | undefined, params: ParamSlots): WindowCollector {
  return new WindowCollector(windowClause, (node, clause, expected) => bindExpr(
    node,
    noColumns(() => new SqlError('42P10', `argument of ${clause} must not contain variables`)),
    params,
    { clause: `window ${clause}`, expected },
  ));
}

/**
 * The step that runs after the select list and ORDER BY are bound (so every call is registered):
 * rows in, rows with every window call's value appended out (unchanged when there are none).
 */
export function windowStep(windows: WindowCollector, select: Parameters<typeof windowEvaluationOrder>[0]): WindowStep {
  if (windows.calls.length === 0) return (rows) => rows;
  const order = windowEvaluationOrder(select, windows);
  const calls = windows.calls.length;
  return (rows, ectx) => {
    // Per call a value array, per row a copy widened by the calls' values, plus sort orders.
    ectx.memory?.chargeReferences(rows.length, (rows[0]?.length ?? 0) + 3 * calls + 2);
    return runWindows(rows, windows.calls, order, ectx);
  };
}

export type WindowStep = (rows: Value[][], ectx: EvalContext) => Value[][];
