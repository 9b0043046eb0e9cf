/**
 * Building BoundExprs: constants, derived expressions with constant folding, and the marks the
 * binder keeps while types are still open (untyped literals and parameters).
 *
 * Folding: a node whose inputs are all constant and whose operation is immutable is evaluated
 * once, here, and becomes a constant. If that evaluation fails (1/0 in a CASE arm that never
 * runs), the node stays a closure and the error surfaces only if a row reaches it.
 */
import type { ColumnType, Value } from '../../types/kalam-type.js';
import { DEFAULT_TYPE_CONTEXT } from '../../types/type-context.js';
import { SqlError } from '../../errors/sql-error.js';
import type { BoundExpr, EvalContext } from './bound-expr.js';

export type Volatility = 'immutable' | 'stable' | 'volatile';

export type EvalFn = (row: readonly Value[], ctx: EvalContext) => Value;

/** A BoundExpr plus what the binder still needs to know while resolving types. */
export interface Bound extends BoundExpr {
  /** Present (string or null) iff this is an untyped literal: 'x' or NULL. */
  readonly unknownText?: string | null;
  /** Set iff this is a bare $n (0-based) whose type is still unknown. */
  readonly unknownParam?: number;
  /** 1-based position of the expression in the query, for error reports. */
  readonly position?: number;
  /**
   * How firmly the label names the column (PostgreSQL's FigureColname strength): 2 for column and
   * function names, 1 for fallbacks like a cast's type name or 'case', 0 for '?column?'.
   */
  readonly labelStrength?: 0 | 1 | 2;
  /** Only on unknown-typed expressions: the same expression given a real type by its context. */
  readonly retype?: (target: ColumnType) => Bound;
  /** Only on a vector distance (`a <-> b`, `<=>`, `<#>`): its operator and operands. */
  readonly distance?: VectorDistance;
}

export interface VectorDistance {
  readonly op: '<->' | '<=>' | '<#>';
  readonly left: Bound;
  readonly right: Bound;
}

export function constant(value: Value, type: ColumnType, label: string, position?: number): Bound {
  return { type, eval: () => value, label, constant: true, position };
}

export function constValue(e: BoundExpr): Value {
  return e.eval(EMPTY_ROW, FOLD_CTX);
}

const EMPTY_ROW: readonly Value[] = Object.freeze([]);

function noCtx(): never {
  throw new SqlError('XX000', 'internal error: constant expression used the session (this is a bug in kalamdb-pg, please report it)');
}

/** The context constant folding runs in: constant expressions never touch it beyond typeCtx. */
export const FOLD_CTX: EvalContext = Object.freeze({
  params: [],
  typeCtx: DEFAULT_TYPE_CONTEXT,
  statementTime: 0n,
  currentUser: '',
  sessionUser: '',
  database: '',
  currentSchema: '',
  nextval: noCtx,
  currval: noCtx,
  lastval: noCtx,
  setval: noCtx,
  setting: noCtx,
  checkCancel: () => undefined,
});

/**
 * An expression over `inputs` computed by `fn`; folded to a constant when every input is constant
 * and the operation is immutable.
 */
export function derive(
  type: ColumnType, label: string, inputs: readonly BoundExpr[], fn: EvalFn,
  volatility: Volatility = 'immutable', position?: number,
): Bound {
  const allConstant = inputs.every((i) => i.constant === true);
  if (allConstant && volatility === 'immutable') {
    try {
      return constant(fn(EMPTY_ROW, FOLD_CTX), type, label, position);
    } catch (e) {
      if (!(e instanceof SqlError)) throw e;
    }
  }
  return { type, eval: fn, label, constant: false, position };
}

/** Same expression, other label (a ResTarget name never changes the value). */
export function relabel(e: Bound, label: string): Bound {
  return { ...e, label };
}
