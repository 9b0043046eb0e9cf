/**
 * Hash-join keys for a join condition: the `left = right` equalities of its AND-ed conjuncts
 * (or of USING / NATURAL) whose one side reads only the left input and the other only the right.
 * Both sides are brought to their common type and turned into a string key that is equal whenever
 * `=` would be true — so the join compares only rows with equal keys, and still evaluates the
 * whole condition on them, giving exactly the nested loop's rows in the nested loop's order.
 *
 * Only types whose `=` is plain value equality take part (numbers, numeric, text, dates and times,
 * uuid, bool, bytea); char(n) (trailing spaces), json/jsonb (1.0 = 1), intervals, arrays and
 * vectors keep the nested loop.
 */
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf, stringList } from '../../binder/ast.js';
import type { BoundExpr, ColumnBinding, EvalContext, ParamSlots } from '../../binder/expr/bound-expr.js';
import { bindExpr, coerceToType } from '../../binder/expr/bind-expr.js';
import { RangeScope, type RangeEntry } from '../../binder/range-scope.js';
import { commonSupertype } from '../../types/cast.js';
import { KalamDataType, type ColumnType, type Value } from '../../types/kalam-type.js';
import { PgOid } from '../../types/pg-oids.js';
import { groupsByValue, rowKeyFor } from './row-key.js';

export interface JoinKeys {
  /** The key of a left row (null: a NULL component, which equals nothing). */
  readonly left: (row: readonly Value[], ectx: EvalContext) => string | null;
  readonly right: (row: readonly Value[], ectx: EvalContext) => string | null;
  /** The one key pair, when a Map can key on its values as they are (row-key.ts groupsByValue). */
  readonly single?: { readonly left: BoundExpr; readonly right: BoundExpr };
  /** The condition is the key equalities and nothing else: equal keys need no further check. */
  readonly wholeCondition?: boolean;
}

const HASHABLE = new Set<KalamDataType>([
  KalamDataType.SMALLINT, KalamDataType.INT, KalamDataType.BIGINT, KalamDataType.FLOAT, KalamDataType.DOUBLE,
  KalamDataType.DECIMAL, KalamDataType.TEXT, KalamDataType.DATE, KalamDataType.TIME, KalamDataType.TIMESTAMP,
  KalamDataType.DATETIME, KalamDataType.UUID, KalamDataType.BOOLEAN, KalamDataType.BYTES,
]);

function hashable(t: ColumnType): boolean {
  return HASHABLE.has(t.kalam) && t.oid !== PgOid.BPCHAR;
}

interface KeyPair {
  readonly left: BoundExpr;
  readonly right: BoundExpr;
}

/** Keys from an ON condition; `left`/`right` entries have offsets relative to their own rows. */
export function keysFromOn(quals: Node, left: readonly RangeEntry[], right: readonly RangeEntry[], params: ParamSlots): JoinKeys | null {
  const ls = new RangeScope(left, null);
  const rs = new RangeScope(right, null);
  const pairs: KeyPair[] = [];
  const all = conjuncts(quals);
  for (const c of all) {
    if (kindOf(c) !== 'A_Expr' || JSON.stringify(c).includes('"SubLink"')) continue;
    const e = bodyOf<{ kind: string; name: Node[]; lexpr: Node; rexpr: Node }>(c);
    if (e.kind !== 'AEXPR_OP' || stringList(e.name).join('.') !== '=') continue;
    // The whole condition was bound first, so parameters inside a side already have their types
    // (literals of a cached query shape are parameters too); a bare `$n` side is left alone.
    if (kindOf(e.lexpr) === 'ParamRef' || kindOf(e.rexpr) === 'ParamRef') continue;
    const pair = tryPair(e.lexpr, e.rexpr, ls, rs, params) ?? tryPair(e.rexpr, e.lexpr, ls, rs, params);
    if (pair) pairs.push(pair);
  }
  const keys = toKeys(pairs);
  return keys && keys.single && all.length === 1 ? { ...keys, wholeCondition: true } : keys;
}

/** Keys from USING / NATURAL: the bindings of each named column on either side. */
export function keysFromUsing(sides: readonly { l: ColumnBinding; r: ColumnBinding }[], rightStart: number): JoinKeys | null {
  const pairs: KeyPair[] = [];
  for (const { l, r } of sides) {
    const common = commonSupertype(l.type, r.type);
    if (!common || !hashable(common) || !hashable(l.type) || !hashable(r.type)) continue;
    const li = l.index;
    const ri = r.index - rightStart;
    pairs.push({
      left: coerceToType({ type: l.type, eval: (row) => row[li] ?? null, label: l.name }, common, 'implicit'),
      right: coerceToType({ type: r.type, eval: (row) => row[ri] ?? null, label: r.name }, common, 'implicit'),
    });
  }
  return toKeys(pairs);
}

function conjuncts(n: Node): Node[] {
  const b = kindOf(n) === 'BoolExpr' ? bodyOf<{ boolop: string; args: Node[] }>(n) : null;
  return b?.boolop === 'AND_EXPR' ? b.args.flatMap(conjuncts) : [n];
}

function tryPair(a: Node, b: Node, ls: RangeScope, rs: RangeScope, params: ParamSlots): KeyPair | null {
  let l: BoundExpr;
  let r: BoundExpr;
  try {
    l = bindExpr(a, ls, params);
    r = bindExpr(b, rs, params);
  } catch {
    return null; // a side reads the other input (or something outside): not a key
  }
  if (l.constant || r.constant) return null;
  const common = commonSupertype(l.type, r.type);
  if (!common || !hashable(common) || !hashable(l.type) || !hashable(r.type)) return null;
  try {
    return { left: coerceToType(l, common, 'implicit'), right: coerceToType(r, common, 'implicit') };
  } catch {
    return null;
  }
}

function toKeys(pairs: readonly KeyPair[]): JoinKeys | null {
  if (pairs.length === 0) return null;
  const key = rowKeyFor(pairs.map((p) => p.left.type.kalam));
  const make = (exprs: readonly BoundExpr[]) => (row: readonly Value[], ectx: EvalContext): string | null => {
    const values = exprs.map((e) => e.eval(row, ectx));
    return values.includes(null) ? null : key(values);
  };
  const single = pairs.length === 1 && groupsByValue(pairs[0]!.left.type) ? pairs[0]! : undefined;
  return { left: make(pairs.map((p) => p.left)), right: make(pairs.map((p) => p.right)), ...(single ? { single } : {}) };
}

/** The right rows' indexes by key, in row order (so matches come out as the nested loop's would). */
export function bucketsByKey(rs: readonly Value[][], keys: JoinKeys, ectx: EvalContext): Map<string, number[]> {
  const buckets = new Map<string, number[]>();
  rs.forEach((r, i) => {
    const k = keys.right(r, ectx);
    if (k === null) return;
    const b = buckets.get(k);
    if (b) b.push(i);
    else buckets.set(k, [i]);
  });
  return buckets;
}
