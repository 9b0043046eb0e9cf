/**
 * Converting a bound expression to another type: untyped literals and parameters take the type
 * their context asks for; typed expressions go through PostgreSQL's cast rules for the coercion
 * context (implicit ⊂ assignment ⊂ explicit) and then the target's typmod.
 *
 *   INSERT INTO t(v) VALUES ('abcd')   v varchar(3): 'abcd' parsed as varchar → 22001 too long
 *   SELECT 'abcd'::varchar(3)          explicit: truncated to 'abc', as PostgreSQL does
 */
import { SqlError } from '../../errors/sql-error.js';
import { KalamDataType, type ColumnType, type Value } from '../../types/kalam-type.js';
import { castValue, numberWidening } from '../../types/cast.js';
import { arrayElementType, isArrayType } from '../../types/array-type.js';
import { applyTypmod } from '../../types/text-codec.js';
import { formatType } from '../../types/format-type.js';
import type { BoundExpr, EvalContext } from './bound-expr.js';
import { castNeedsCatalog, catalogTypeContext } from './catalog-type-context.js';
import { type Bound, derive, type Volatility } from './compile.js';
import { baseType, canCoerce, type CoercionContext, isUnknownType, typeDisplay } from './expr-types.js';

/** What a failed coercion is reported against. */
export interface CoercionSite {
  /** INSERT/UPDATE target column: `column "x" is of type integer but expression is of type text`. */
  readonly column?: string;
  /** A clause that needs a type: `argument of WHERE must be type boolean, not type integer`. */
  readonly argumentOf?: string;
  /** 1-based position to report; defaults to the expression's own. */
  readonly position?: number;
}

/** True for conversions whose result depends on the session's TimeZone (so never folded). */
function zoneDependent(from: ColumnType, to: ColumnType): boolean {
  if (isArrayType(from) || isArrayType(to)) {
    return zoneDependent(isArrayType(from) ? arrayElementType(from) : from, isArrayType(to) ? arrayElementType(to) : to);
  }
  const z = (k: KalamDataType) => k === KalamDataType.DATETIME;
  const textual = (t: ColumnType) => t.kalam === KalamDataType.TEXT;
  const dateish = (k: KalamDataType) =>
    k === KalamDataType.DATE || k === KalamDataType.TIMESTAMP || k === KalamDataType.TIME || k === KalamDataType.DATETIME;
  return z(from.kalam) || z(to.kalam) || (textual(from) && dateish(to.kalam));
}

export function coerce(e: Bound, target: ColumnType, context: CoercionContext, site: CoercionSite = {}): Bound {
  if (isUnknownType(target)) return e;
  if (e.retype !== undefined && (isUnknownType(e.type) || e.unknownText !== undefined)) {
    return withTypmod(e.retype(baseType(target)), target, context);
  }
  if (e.type.oid === target.oid) return withTypmod(e, target, context);
  if (!canCoerce(e.type, target, context)) throw coercionError(e, target, context, site);
  const from = e.type;
  const to = baseType(target);
  // A conversion that reads or prints a catalog name (regclass ↔ text) asks this session's catalog.
  const named = castNeedsCatalog(from, to);
  const volatility: Volatility = named || zoneDependent(from, to) ? 'stable' : 'immutable';
  const inner = e.eval;
  const convert: (v: Value, ctx: EvalContext) => Value = numberWidening(from, to)
    ?? (named ? (v, ctx) => castValue(v, from, to, catalogTypeContext(ctx)) : (v, ctx) => castValue(v, from, to, ctx.typeCtx));
  const cast = derive(to, e.label, [e], (row, ctx) => {
    const v = inner(row, ctx);
    return v === null ? null : convert(v, ctx);
  }, volatility, e.position);
  return withTypmod(cast, target, context);
}

function coercionError(e: Bound, target: ColumnType, context: CoercionContext, site: CoercionSite): SqlError {
  const position = site.position ?? e.position;
  const from = typeDisplay(e.type);
  const to = formatType(target.oid, -1);
  if (site.column !== undefined) {
    return new SqlError('42804', `column "${site.column}" is of type ${to} but expression is of type ${from}`,
      { position, hint: 'You will need to rewrite or cast the expression.' });
  }
  if (site.argumentOf !== undefined) {
    return new SqlError('42804', `argument of ${site.argumentOf} must be type ${to}, not type ${from}`, { position });
  }
  if (context === 'explicit') return new SqlError('42846', `cannot cast type ${from} to ${to}`, { position });
  return new SqlError('42804', `expression is of type ${from} but ${to} was expected`,
    { position, hint: 'You will need to rewrite or cast the expression.' });
}

/** Applies the target's typmod (varchar length, numeric precision, timestamp precision, vector dims). */
function withTypmod(e: Bound, target: ColumnType, context: CoercionContext): Bound {
  if (target.typmod < 0 || e.type.typmod === target.typmod) {
    return e.type.typmod === target.typmod ? e : { ...e, type: { ...e.type, typmod: target.typmod } };
  }
  const explicit = context === 'explicit';
  const inner = e.eval;
  return derive(target, e.label, [e], (row, ctx) => {
    const v = inner(row, ctx);
    return v === null ? null : applyTypmod(v, target, explicit);
  }, 'immutable', e.position);
}

/**
 * Coerce to a target type — assignment context for INSERT/UPDATE values, 'implicit' for places
 * that need a type (WHERE → boolean), 'explicit' for CAST. 42804 when impossible; pass
 * `site.column` to get PostgreSQL's `column "x" is of type … but expression is of type …`.
 */
export function coerceToType(
  expr: BoundExpr, target: ColumnType, context: CoercionContext, site?: CoercionSite,
): BoundExpr {
  return coerce(expr as Bound, target, context, site);
}
