/**
 * libpg-query expression AST → BoundExpr: names resolved through the BindScope, types inferred
 * PostgreSQL's way, each node compiled once into a closure (one small binder per node kind, looked
 * up in a table). Constant sub-expressions are folded here; volatile and stable calls never are.
 *
 *   WHERE price * qty > $1      ColumnRef price → row[2] (numeric)   ColumnRef qty → row[3] (int4)
 *                               price * qty     → numeric multiply, qty converted once per row
 *                               > $1            → $1 inferred numeric; compare
 */
import { SqlError } from '../../errors/sql-error.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import type { PgNode } from '../../sql/statement.js';
import { resolveTypeName } from '../../types/declared-type.js';
import { bindingCatalog } from './binding-catalog.js';
import { DEFAULT_TYPE_CONTEXT, type TypeContext } from '../../types/type-context.js';
import type { ArithmeticOp } from '../../executor/functions/arithmetic.js';
import type { AggregateCollector } from './aggregate-collector.js';
import type { SetFunctionCollector } from './set-function-collector.js';
import type { WindowCollector } from './window-collector.js';
import type { BindScope, BoundExpr, ParamSlots } from './bound-expr.js';
import { type ExprBinderContext, nodeKind, stringList } from './binder-context.js';
import { bindConst, readConst, typedLiteral } from './bind-literal.js';
import { bindCase, bindCoalesce, bindMinMax, bindNullIf } from './bind-conditional.js';
import { bindFuncCall, bindSqlValueFunction } from './bind-function.js';
import { bindGroupingFunc } from './bind-grouping.js';
import { bindBetween, bindBoolExpr, bindBooleanTest, bindIn, bindNullTest } from './bind-predicates.js';
import { type Bound, derive, relabel } from './compile.js';
import { coerce, coerceToType, type CoercionSite } from './coerce.js';
import { isUnknownType, T, typeLabel } from './expr-types.js';
import {
  bindArithmetic, bindComparison, bindConcat, bindLike, bindNegate, bindVectorOperator, comparable,
  comparisonTest, type ComparisonOp,
} from './operators.js';
import { noOperator } from './operator-error.js';
import { bindRowCompareSubLink, bindSubLink, isRowVersusSubquery } from './bind-sublink.js';
import type { SubqueryPlanner } from './subquery-boundary.js';
import { bindArrayExpr, bindIndirection } from './bind-array.js';
import { bindArrayConcat, bindContainment, bindQuantified } from './bind-array-operators.js';
import { isArrayType } from '../../types/array-type.js';
import { bindJsonOperator } from './bind-json-operator.js';
import { BIT_OPERATORS, bindBitOperator, bindPrefixMathOperator, PREFIX_MATH_OPERATORS } from './bind-math-operators.js';
import type { BitOp } from '../../executor/functions/integer-functions.js';

export { coerceToType };
export type { CoercionSite };

export interface BindOptions {
  /** Set for grouped expressions (see aggregate-collector.ts); aggregates elsewhere are 42803. */
  readonly aggregates?: AggregateCollector | null;
  /** Set for a SELECT's select list and ORDER BY (see window-collector.ts); window calls elsewhere are 42P20. */
  readonly windows?: WindowCollector | null;
  /** The type the context wants: untyped literals and parameters take it (INSERT VALUES, defaults). */
  readonly expected?: ColumnType;
  /** Session settings for parsing literals at bind time (TimeZone, DateStyle). Default: UTC, ISO. */
  readonly typeCtx?: TypeContext;
  /** Set for a SELECT list that may call set-returning functions (see set-function-collector.ts). */
  readonly setFunctions?: SetFunctionCollector | null;
  /** Clause named in "aggregate functions are not allowed in …" (default 'WHERE'). */
  readonly clause?: string;
  /** libpg-query location → 1-based PostgreSQL position; default `location + 1` (ASCII queries). */
  readonly position?: (location: number) => number;
  /** Plans the subqueries the expression contains; without it a subquery is 0A000. */
  readonly subqueries?: SubqueryPlanner | null;
}

export function bindExpr(node: PgNode, scope: BindScope, params: ParamSlots, options: BindOptions = {}): BoundExpr {
  const binder = new ExprBinder(scope, params, options, false);
  let e = binder.bind(node);
  if (options.expected !== undefined && isUnknownType(e.type)) e = coerce(e, options.expected, 'assignment');
  return resolveUnknownAsText(e);
}

/** What an untyped literal or parameter is when nothing constrains it: text (`SELECT 'x'`, `SELECT $1`). */
export function resolveUnknownAsText(e: Bound): Bound {
  if (!isUnknownType(e.type) || e.retype === undefined) return e;
  const text = relabel(e.retype(T.text), e.label);
  // A literal stays re-typeable: coerceToType(bindExpr("'5'"), int4, 'assignment') parses '5' as int4.
  return e.unknownText !== undefined ? { ...text, unknownText: e.unknownText, retype: e.retype } : text;
}

type NodeBinder = (ctx: ExprBinder, body: Record<string, unknown>) => Bound;

class ExprBinder implements ExprBinderContext {
  readonly typeCtx: TypeContext;
  readonly aggregates: AggregateCollector | null;
  readonly setFunctions: SetFunctionCollector | null;
  readonly windows: WindowCollector | null;
  readonly clause: string;
  readonly subqueries: SubqueryPlanner | null;

  constructor(
    readonly scope: BindScope,
    readonly params: ParamSlots,
    private readonly options: BindOptions,
    readonly inAggregate: boolean,
    readonly inWindow = false,
  ) {
    this.typeCtx = options.typeCtx ?? DEFAULT_TYPE_CONTEXT;
    this.aggregates = options.aggregates ?? null;
    this.setFunctions = options.setFunctions ?? null;
    this.windows = options.windows ?? null;
    this.clause = options.clause ?? 'WHERE';
    this.subqueries = options.subqueries ?? null;
  }

  position(location: unknown): number | undefined {
    if (typeof location !== 'number' || location < 0) return undefined;
    return this.options.position ? this.options.position(location) : location + 1;
  }

  forAggregateArgs(): ExprBinderContext {
    return new ExprBinder(this.aggregates?.inputScope ?? this.scope, this.params, this.options, true);
  }

  forWindowArgs(): ExprBinderContext {
    return new ExprBinder(this.scope, this.params, this.options, false, true);
  }

  bind(node: PgNode): Bound {
    const [kind, body] = nodeKind(node);
    if (this.aggregates !== null && !this.inAggregate) {
      const slot = this.aggregates.keySlotOf(node);
      if (slot >= 0) return this.keyReader(slot);
    }
    const binder = NODE_BINDERS[kind];
    if (binder === undefined) {
      throw new SqlError('0A000', `expression ${kind} is not supported yet`, { position: this.position(body.location) });
    }
    return binder(this, body);
  }

  /** A GROUP BY key's value in the output row. */
  keyReader(slot: number): Bound {
    const key = this.aggregates!.keys[slot]!;
    return { type: key.type, label: key.label, constant: false, eval: (row) => row[slot] ?? null };
  }
}

function bindColumnRef(ctx: ExprBinder, body: Record<string, unknown>): Bound {
  const fields = body.fields as PgNode[];
  const location = body.location as number;
  if (fields.some((f) => 'A_Star' in f)) {
    throw new SqlError('0A000', 'row values (t.*) are not supported in expressions', { position: ctx.position(location) });
  }
  const names = stringList(fields);
  const column = ctx.scope.resolveColumn(names, location);
  const position = ctx.position(location);
  const up = column.levelsUp ?? 0;
  if (up > 0) {
    // A column of an enclosing query, read from the outer row the subquery runs for.
    const index = column.index;
    return {
      type: column.type, label: column.name, labelStrength: 2, constant: false, position,
      eval: (_row, c) => c.outerRows?.[up - 1]?.[index] ?? null,
    };
  }
  if (ctx.aggregates !== null && !ctx.inAggregate) {
    const slot = ctx.aggregates.keySlotOfColumn(column.index);
    if (slot < 0) {
      const shown = names.length > 1 ? names.join('.') : column.name;
      throw new SqlError('42803', `column "${shown}" must appear in the GROUP BY clause or be used in an aggregate function`,
        { position });
    }
    return { type: column.type, label: column.name, labelStrength: 2, constant: false, position, eval: (row) => row[slot] ?? null };
  }
  const index = column.index;
  return {
    type: column.type, label: column.name, labelStrength: 2, constant: false, position, columnIndex: index,
    eval: (row) => row[index] ?? null,
  };
}

function bindParamRef(ctx: ExprBinder, body: Record<string, unknown>): Bound {
  const n = body.number as number;
  const position = ctx.position(body.location);
  if (n < 1) throw new SqlError('42P02', `there is no parameter $${n}`, { position });
  const index = n - 1;
  const reader = (type: ColumnType): Bound => ({
    type, label: '?column?', constant: false, position, eval: (_row, c) => c.params[index] ?? null,
  });
  const known = ctx.params.get(index);
  if (known !== undefined) return reader(known);
  return {
    ...reader(T.unknown),
    unknownParam: index,
    retype: (target) => {
      ctx.params.infer(index, target);
      const type = ctx.params.get(index)!;
      const r = reader(type);
      return type.oid === target.oid ? r : coerce(r, target, 'implicit');
    },
  };
}

function bindTypeCast(ctx: ExprBinder, body: Record<string, unknown>): Bound {
  const typeName = body.typeName as Record<string, unknown>;
  const typePosition = ctx.position(typeName.location);
  const names = stringList(typeName.names);
  const typmods = ((typeName.typmods as PgNode[] | undefined) ?? []).map((m) => {
    const [kind, c] = nodeKind(m);
    const lit = kind === 'A_Const' ? readConst(c) : null;
    if (lit?.kind !== 'int') throw new SqlError('42601', 'type modifiers must be simple constants or identifiers', { position: typePosition });
    return lit.value;
  });
  let target: ColumnType;
  try {
    target = resolveTypeName(names, typmods, typeName.arrayBounds !== undefined, ctx.typeCtx.catalog ?? bindingCatalog()).type;
  } catch (e) {
    if (e instanceof SqlError && e.position === undefined) e.position = typePosition;
    throw e;
  }
  const [argKind, argBody] = nodeKind(body.arg as PgNode);
  // ARRAY[…]::T[] builds the array as T[] directly: its elements are cast to T, and ARRAY[] is allowed.
  const arg = argKind === 'A_ArrayExpr' && isArrayType(target) ? bindArrayExpr(ctx, argBody, target) : ctx.bind(body.arg as PgNode);
  const strong = (arg.labelStrength ?? (arg.label === '?column?' ? 0 : 2)) === 2;
  const label = strong ? arg.label : typeLabel(target);
  // 'literal'::type and type 'literal' are the type's input function applied once, here.
  const cast = arg.unknownText !== undefined
    ? typedLiteral(arg.unknownText, target, arg.position ?? ctx.position(body.location) ?? 0, ctx.typeCtx, label, true)
    : coerce(arg, target, 'explicit', { position: ctx.position(body.location) });
  return { ...cast, label, labelStrength: strong ? 2 : 1 };
}

const COMPARISONS = new Set(['=', '<>', '!=', '<', '>', '<=', '>=']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '^']);

function bindOperator(ctx: ExprBinder, body: Record<string, unknown>): Bound {
  const names = stringList(body.name);
  const op = names[names.length - 1]!;
  const position = ctx.position(body.location);
  if (body.lexpr === undefined) {
    const operand = ctx.bind(body.rexpr as PgNode);
    if (op === '-') return bindNegate(operand, position);
    if (PREFIX_MATH_OPERATORS.has(op)) return bindPrefixMathOperator(op, operand, position);
    if (op === '+') {
      const e = isUnknownType(operand.type) ? coerce(operand, T.numeric, 'implicit') : operand;
      if (e.type.kalam === undefined || !ARITHMETIC_TYPES.has(e.type.oid)) throw noOperator(op, null, e.type, position);
      return relabel(e, '?column?');
    }
    throw noOperator(op, null, operand.type, position);
  }
  if (COMPARISONS.has(op) && isRowVersusSubquery(body)) {
    return bindRowCompareSubLink(ctx, op === '!=' ? '<>' : op as ComparisonOp, body.lexpr as PgNode, body.rexpr as PgNode, position);
  }
  return bindInfix(op, ctx.bind(body.lexpr as PgNode), ctx.bind(body.rexpr as PgNode), position);
}

/** A binary operator between two bound operands (also what op ANY/ALL applies per element). */
function bindInfix(op: string, l: Bound, r: Bound, position?: number): Bound {
  const json = bindJsonOperator(op, l, r, position);
  if (json !== null) return json;
  if (COMPARISONS.has(op)) return bindComparison((op === '!=' ? '<>' : op) as ComparisonOp, l, r, position);
  if (ARITHMETIC.has(op)) return bindArithmetic(op as ArithmeticOp, l, r, position);
  if (BIT_OPERATORS.has(op)) return bindBitOperator(op as BitOp, l, r, position);
  switch (op) {
    case '||': return bindArrayConcat(l, r, position) ?? bindConcat(l, r, position);
    case '@>': case '<@': case '&&':
      if (isArrayType(l.type) || isArrayType(r.type)) return bindContainment(op, l, r, position);
      throw noOperator(op, l.type, r.type, position);
    case '~~': case '!~~': case '~~*': case '!~~*':
    case '~': case '!~': case '~*': case '!~*':
      return bindLike(op, l, r, null, position);
    case '<->': case '<=>': case '<#>': return bindVectorOperator(op, l, r, position);
    default: throw noOperator(op, l.type, r.type, position);
  }
}

function bindAnyAll(ctx: ExprBinder, body: Record<string, unknown>, all: boolean): Bound {
  const names = stringList(body.name);
  const op = names[names.length - 1]!;
  const l = ctx.bind(body.lexpr as PgNode);
  const r = ctx.bind(body.rexpr as PgNode);
  return bindQuantified(op, all, l, r, bindInfix, ctx.position(body.location));
}

const ARITHMETIC_TYPES = new Set([21, 23, 20, 1700, 700, 701]);

function bindLikeExpr(ctx: ExprBinder, body: Record<string, unknown>): Bound {
  const op = stringList(body.name)[0]!;
  const position = ctx.position(body.location);
  const l = ctx.bind(body.lexpr as PgNode);
  const rexpr = body.rexpr as PgNode;
  const [kind, call] = nodeKind(rexpr);
  if (kind === 'FuncCall' && stringList(call.funcname).pop() === 'like_escape') {
    const [pattern, escape] = (call.args as PgNode[]).map((a) => ctx.bind(a)) as [Bound, Bound];
    return bindLike(op, l, pattern, escape, position);
  }
  return bindLike(op, l, ctx.bind(rexpr), null, position);
}

function bindDistinct(ctx: ExprBinder, body: Record<string, unknown>, notDistinct: boolean): Bound {
  const position = ctx.position(body.location);
  const [l, r, common] = comparable('=', ctx.bind(body.lexpr as PgNode), ctx.bind(body.rexpr as PgNode), position);
  const eq = comparisonTest('=', common);
  const le = l.eval;
  const re = r.eval;
  return derive(T.bool, '?column?', [l, r], (row, c) => {
    const a = le(row, c);
    const b = re(row, c);
    const same = a === null || b === null ? a === b : eq(a, b);
    return same === notDistinct;
  }, 'immutable', position);
}

function bindAExpr(ctx: ExprBinder, body: Record<string, unknown>): Bound {
  const kind = body.kind as string;
  switch (kind) {
    case 'AEXPR_OP': return bindOperator(ctx, body);
    case 'AEXPR_DISTINCT': return bindDistinct(ctx, body, false);
    case 'AEXPR_NOT_DISTINCT': return bindDistinct(ctx, body, true);
    case 'AEXPR_NULLIF': return bindNullIf(ctx, body);
    case 'AEXPR_IN': return bindIn(ctx, body, stringList(body.name)[0] === '<>');
    case 'AEXPR_OP_ANY': return bindAnyAll(ctx, body, false);
    case 'AEXPR_OP_ALL': return bindAnyAll(ctx, body, true);
    case 'AEXPR_LIKE': case 'AEXPR_ILIKE': return bindLikeExpr(ctx, body);
    // x SIMILAR TO p [ESCAPE e] arrives as x ~ similar_to_escape(p [, e]).
    case 'AEXPR_SIMILAR':
      return bindLike(stringList(body.name)[0]!, ctx.bind(body.lexpr as PgNode), ctx.bind(body.rexpr as PgNode), null,
        ctx.position(body.location));
    case 'AEXPR_BETWEEN': case 'AEXPR_NOT_BETWEEN': case 'AEXPR_BETWEEN_SYM': case 'AEXPR_NOT_BETWEEN_SYM':
      return bindBetween(ctx, body, kind);
    default:
      throw new SqlError('0A000', `${kind === 'AEXPR_OP_ANY' ? 'ANY' : kind === 'AEXPR_OP_ALL' ? 'ALL' : kind} is not supported yet`,
        { position: ctx.position(body.location) });
  }
}

function unsupported(what: string): NodeBinder {
  return (ctx, body) => {
    throw new SqlError('0A000', `${what} are not supported yet`, { position: ctx.position(body.location) });
  };
}

const NODE_BINDERS: Record<string, NodeBinder> = {
  A_Const: (ctx, body) => bindConst(body, ctx.position(body.location) ?? 0, ctx.typeCtx),
  ColumnRef: bindColumnRef,
  ParamRef: bindParamRef,
  TypeCast: bindTypeCast,
  A_Expr: bindAExpr,
  BoolExpr: bindBoolExpr,
  NullTest: bindNullTest,
  BooleanTest: bindBooleanTest,
  CaseExpr: bindCase,
  CoalesceExpr: bindCoalesce,
  MinMaxExpr: bindMinMax,
  FuncCall: bindFuncCall,
  SQLValueFunction: bindSqlValueFunction,
  CollateClause: (ctx, body) => ctx.bind(body.arg as PgNode),
  SubLink: bindSubLink,
  A_ArrayExpr: (ctx, body) => bindArrayExpr(ctx, body),
  A_Indirection: bindIndirection,
  RowExpr: unsupported('row constructors'),
  GroupingFunc: bindGroupingFunc,
};

/** For callers that need an untyped value's eventual type without binding it again. */
export function isUnknownExpr(e: BoundExpr): boolean {
  return isUnknownType(e.type);
}

export type { Value };
