/**
 * An OVER clause → the WindowSpec the window operator runs: PARTITION BY and ORDER BY bound over
 * the operator's input row, the frame decoded from PostgreSQL's frameOptions bits, and frame
 * offsets bound and typed as PostgreSQL types them (ROWS/GROUPS: bigint; RANGE: after the ORDER BY
 * key — integer, numeric, double precision, or an interval for date/time keys).
 */
import { SqlError } from '../../errors/sql-error.js';
import type { PgNode } from '../../sql/statement.js';
import type { ColumnType } from '../../types/kalam-type.js';
import { parseFrameInterval } from '../../executor/window/frame-interval.js';
import { rangeOffsetKind } from '../../executor/window/range-offset.js';
import {
  boundKindOf, frameExclusionOf, frameModeOf, type FrameBound, type FrameMode, type WindowOrderKey, type WindowSpec,
} from '../../executor/window/window-spec.js';
import { type ExprBinderContext, nodeKind, stringList } from './binder-context.js';
import type { BoundExpr } from './bound-expr.js';
import { type Bound, constant } from './compile.js';
import { coerce } from './coerce.js';
import { canCoerce, isIntegerType, isUnknownType, T, typeDisplay } from './expr-types.js';
import { windowShape, type FrameOffsetBinder, type WindowDefinition } from './window-collector.js';

function typed(e: Bound): Bound {
  return isUnknownType(e.type) ? coerce(e, T.text, 'implicit') : e;
}

export function bindWindowSpec(inner: ExprBinderContext, def: WindowDefinition, bindOffset: FrameOffsetBinder): WindowSpec {
  const partitionBy = def.partitionClause.map((n) => typed(inner.bind(n)));
  const orderBy: WindowOrderKey[] = def.orderClause.map((item) => {
    const sort = (item as { SortBy: Record<string, unknown> }).SortBy;
    if (sort.useOp !== undefined) {
      throw new SqlError('0A000', 'ORDER BY … USING is not supported', { position: inner.position(sort.location) });
    }
    const descending = sort.sortby_dir === 'SORTBY_DESC';
    const nulls = sort.sortby_nulls as string | undefined;
    const nullsFirst = nulls === 'SORTBY_NULLS_FIRST' ? true : nulls === 'SORTBY_NULLS_LAST' ? false : descending;
    return { expr: typed(inner.bind(sort.node as PgNode)), descending, nullsFirst };
  });
  const options = def.frameOptions;
  const mode = frameModeOf(options);
  const startKind = boundKindOf(options, false);
  const endKind = boundKindOf(options, true);
  const hasOffset = (k: FrameBound['kind']) => k === 'preceding' || k === 'following';
  if (mode === 'range' && (hasOffset(startKind) || hasOffset(endKind)) && orderBy.length !== 1) {
    throw new SqlError('42P20', 'RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column');
  }
  if (mode === 'groups' && orderBy.length === 0) throw new SqlError('42P20', 'GROUPS mode requires an ORDER BY clause');
  const bound = (kind: FrameBound['kind'], node: PgNode | undefined): FrameBound => {
    if (kind !== 'preceding' && kind !== 'following') return { kind };
    return { kind, offset: bindFrameOffset(node!, mode, orderBy[0]?.expr.type, bindOffset) };
  };
  return {
    partitionBy,
    orderBy,
    frame: { mode, start: bound(startKind, def.startOffset), end: bound(endKind, def.endOffset), exclude: frameExclusionOf(options) },
    sortIdentity: windowShape(def),
  };
}

function notSupported(key: ColumnType, offset?: ColumnType): SqlError {
  const tail = offset === undefined ? '' : ` and offset type ${typeDisplay(offset)}`;
  return new SqlError('0A000', `RANGE with offset PRECEDING/FOLLOWING is not supported for column type ${typeDisplay(key)}${tail}`);
}

function bindFrameOffset(node: PgNode, mode: FrameMode, keyType: ColumnType | undefined, bindOffset: FrameOffsetBinder): BoundExpr {
  if (mode !== 'range') {
    const clause = mode === 'rows' ? 'ROWS' : 'GROUPS';
    return coerce(bindOffset(node, clause, T.int8) as Bound, T.int8, 'implicit', { argumentOf: clause });
  }
  const key = keyType!;
  const kind = rangeOffsetKind(key);
  if (kind === null) throw notSupported(key);
  if (kind === 'interval') return intervalOffset(node, key);
  const expected = kind === 'integer' ? T.int8 : kind === 'numeric' ? T.numeric : T.float8;
  const e = bindOffset(node, 'RANGE', expected) as Bound;
  const unknown = isUnknownType(e.type);
  switch (kind) {
    case 'integer':
      if (!unknown && !isIntegerType(e.type)) throw notSupported(key, e.type);
      return coerce(e, T.int8, 'implicit');
    case 'numeric':
      if (!unknown && !canCoerce(e.type, T.numeric, 'implicit')) throw notSupported(key, e.type);
      return coerce(e, T.numeric, 'implicit');
    case 'float':
      if (!unknown && !canCoerce(e.type, T.float8, 'implicit')) throw notSupported(key, e.type);
      return coerce(e, T.float8, 'implicit');
  }
}

/**
 * A date/time key's offset is an interval, which the engine has no values for: the literal
 * (`'1 day'`, `'1 day'::interval`, `interval '3' day`) is read here and carried as its text.
 */
function intervalOffset(node: PgNode, key: ColumnType): BoundExpr {
  let [kind, body] = nodeKind(node);
  let fieldMask: number | undefined;
  if (kind === 'TypeCast') {
    const typeName = body.typeName as { names?: PgNode[]; typmods?: PgNode[] };
    const names = stringList(typeName.names);
    if (names[names.length - 1] !== 'interval') throw notSupported(key);
    const mod = typeName.typmods?.[0] as { A_Const?: { ival?: { ival?: number } } } | undefined;
    fieldMask = mod?.A_Const?.ival?.ival;
    [kind, body] = nodeKind(body.arg as PgNode);
  }
  const literal = kind === 'A_Const' ? (body.sval as { sval?: string } | undefined) : undefined;
  // Only literals: a parameter or expression would need interval values the engine does not have.
  if (literal === undefined) throw notSupported(key);
  const text = literal.sval ?? '';
  const iv = parseFrameInterval(text, fieldMask);
  return constant(`${iv.months} mon ${iv.days} day ${iv.micros} us`, T.text, 'interval');
}
