/**
 * CASE, COALESCE, GREATEST/LEAST and NULLIF: PostgreSQL's select_common_type picks one result type
 * (untyped → text; the first typed input, replaced by a later one of the same category that it
 * converts to implicitly but not back; categories must agree), then every branch is coerced.
 */
import { SqlError } from '../../errors/sql-error.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import type { PgNode } from '../../sql/statement.js';
import type { ExprBinderContext } from './binder-context.js';
import type { EvalContext } from './bound-expr.js';
import { type Bound, derive } from './compile.js';
import { coerce } from './coerce.js';
import { baseType, canCoerce, isPreferred, isUnknownType, T, typeCategory, typeDisplay } from './expr-types.js';
import { comparable, comparisonTest } from './operators.js';
import { comparatorForType } from '../../executor/functions/comparison.js';

export function selectCommonType(inputs: readonly Bound[], context: string): ColumnType {
  let ptype: ColumnType | null = null;
  for (const e of inputs) {
    const ntype = e.type;
    if (isUnknownType(ntype)) continue;
    if (ptype === null) { ptype = baseType(ntype); continue; }
    if (ntype.oid === ptype.oid) continue;
    if (typeCategory(ntype) !== typeCategory(ptype)) {
      throw new SqlError('42804', `${context} types ${typeDisplay(ptype)} and ${typeDisplay(ntype)} cannot be matched`,
        { position: e.position });
    }
    if (!isPreferred(ptype) && canCoerce(ptype, ntype, 'implicit') && !canCoerce(ntype, ptype, 'implicit')) {
      ptype = baseType(ntype);
    }
  }
  const result = ptype ?? T.text;
  for (const e of inputs) {
    if (!isUnknownType(e.type) && !canCoerce(e.type, result, 'implicit')) {
      throw new SqlError('42804', `${context} could not convert type ${typeDisplay(e.type)} to ${typeDisplay(result)}`,
        { position: e.position });
    }
  }
  return result;
}

function coerceAll(inputs: readonly Bound[], type: ColumnType): Bound[] {
  return inputs.map((e) => coerce(e, type, 'implicit'));
}

/** CASE: arms are tried in order; only the chosen THEN is evaluated. */
export function bindCase(ctx: ExprBinderContext, body: Record<string, unknown>): Bound {
  const position = ctx.position(body.location);
  const whens = (body.args as PgNode[]).map((w) => (w as { CaseWhen: Record<string, unknown> }).CaseWhen);
  let subject = body.arg === undefined ? null : ctx.bind(body.arg as PgNode);
  if (subject !== null && isUnknownType(subject.type)) subject = coerce(subject, T.text, 'implicit');
  // CASE x WHEN v …: x is evaluated once per row into `current`; each arm compares against it.
  let current: Value = null;
  const placeholder: Bound | null = subject === null ? null
    : { type: subject.type, label: subject.label, constant: false, eval: () => current };
  const conditions = whens.map((w) => {
    if (placeholder === null) {
      return coerce(ctx.bind(w.expr as PgNode), T.bool, 'implicit', { argumentOf: 'CASE/WHEN' });
    }
    const [l, r, common] = comparable('=', placeholder, ctx.bind(w.expr as PgNode), ctx.position(w.location));
    const test = comparisonTest('=', common);
    const le = l.eval;
    const re = r.eval;
    return { ...r, eval: (row: readonly Value[], c: EvalContext): Value => {
      const a = le(row, c);
      const b = re(row, c);
      return a === null || b === null ? null : test(a, b);
    } } as Bound;
  });
  const results = whens.map((w) => ctx.bind(w.result as PgNode));
  const defaultResult = body.defresult === undefined ? null : ctx.bind(body.defresult as PgNode);
  // PostgreSQL lists the ELSE result first when choosing the type.
  const type = selectCommonType(defaultResult ? [defaultResult, ...results] : results, 'CASE');
  const thens = coerceAll(results, type);
  const otherwise = defaultResult ? coerce(defaultResult, type, 'implicit') : null;
  const strongElse = defaultResult !== null && (defaultResult.labelStrength ?? (defaultResult.label === '?column?' ? 0 : 2)) === 2;
  const label = strongElse ? defaultResult.label : 'case';

  const condEvals = conditions.map((c) => c.eval);
  const thenEvals = thens.map((t) => t.eval);
  const elseEval = otherwise?.eval ?? null;
  const subjectEval = subject?.eval ?? null;
  const n = condEvals.length;
  const fn = (row: readonly Value[], c: EvalContext): Value => {
    if (subjectEval !== null) current = subjectEval(row, c);
    for (let i = 0; i < n; i++) if (condEvals[i]!(row, c) === true) return thenEvals[i]!(row, c);
    return elseEval === null ? null : elseEval(row, c);
  };
  const inputs = [...(subject ? [subject] : []), ...conditions.filter(() => subject === null), ...thens,
    ...(otherwise ? [otherwise] : [])];
  const bound = derive(type, label, inputs, fn, 'immutable', position);
  return { ...bound, labelStrength: strongElse ? 2 : 1 };
}

export function bindCoalesce(ctx: ExprBinderContext, body: Record<string, unknown>): Bound {
  const args = (body.args as PgNode[]).map((a) => ctx.bind(a));
  const type = selectCommonType(args, 'COALESCE');
  const evals = coerceAll(args, type);
  const fns = evals.map((e) => e.eval);
  return derive(type, 'coalesce', evals, (row, c) => {
    for (const f of fns) {
      const v = f(row, c);
      if (v !== null) return v;
    }
    return null;
  }, 'immutable', ctx.position(body.location));
}

export function bindMinMax(ctx: ExprBinderContext, body: Record<string, unknown>): Bound {
  const greatest = body.op === 'IS_GREATEST';
  const name = greatest ? 'GREATEST' : 'LEAST';
  const args = (body.args as PgNode[]).map((a) => ctx.bind(a));
  const type = selectCommonType(args, name);
  const evals = coerceAll(args, type);
  const cmp = comparatorForType(type);
  const fns = evals.map((e) => e.eval);
  return derive(type, name.toLowerCase(), evals, (row, c) => {
    let best: Value = null;
    for (const f of fns) {
      const v = f(row, c);
      if (v === null) continue;
      if (best === null || (greatest ? cmp(v, best) > 0 : cmp(v, best) < 0)) best = v;
    }
    return best;
  }, 'immutable', ctx.position(body.location));
}

/** NULLIF(a, b): a, or NULL when a = b; typed as a after resolving `=`. */
export function bindNullIf(ctx: ExprBinderContext, body: Record<string, unknown>): Bound {
  const position = ctx.position(body.location);
  const [l, r, common] = comparable('=', ctx.bind(body.lexpr as PgNode), ctx.bind(body.rexpr as PgNode), position);
  const test = comparisonTest('=', common);
  const le = l.eval;
  const re = r.eval;
  return derive(l.type, 'nullif', [l, r], (row, c) => {
    const a = le(row, c);
    if (a === null) return null;
    const b = re(row, c);
    return b !== null && test(a, b) ? null : a;
  }, 'immutable', position);
}
