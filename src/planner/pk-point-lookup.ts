/**
 * Rule: a WHERE clause that pins every primary-key column to a constant or parameter
 * (`id = $1`, `a = 1 AND b = 'x' AND …`) becomes a point lookup — one RocksDB key, no scan.
 * The whole WHERE clause is still applied to the row found, so the rule never changes an answer.
 */
import type { TableDefinition } from '../catalog/table-definition.js';
import type { Node } from '../binder/ast.js';
import { bodyOf, kindOf, stringList } from '../binder/ast.js';
import type { BindScope, BoundExpr, EvalContext, ParamSlots } from '../binder/expr/bound-expr.js';
import { bindExpr } from '../binder/expr/bind-expr.js';
import { KalamDataType, type Value } from '../types/kalam-type.js';

function hasColumnRef(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasColumnRef);
  if (node === null || typeof node !== 'object') return false;
  if ('ColumnRef' in node || 'SubLink' in node) return true;
  return Object.values(node).some((v) => typeof v === 'object' && hasColumnRef(v));
}

function conjuncts(where: Node): Node[] {
  if (kindOf(where) === 'BoolExpr') {
    const b = bodyOf<{ boolop: string; args: Node[] }>(where);
    if (b.boolop === 'AND_EXPR') return b.args.flatMap(conjuncts);
  }
  return [where];
}

/** Matches `col = <no column refs>` (either side) naming a column of `table` (optionally qualified by `alias`). */
function pinnedColumn(n: Node, alias: string): { column: string; value: Node } | null {
  if (kindOf(n) !== 'A_Expr') return null;
  const e = bodyOf<{ kind: string; name: Node[]; lexpr: Node; rexpr: Node }>(n);
  if (e.kind !== 'AEXPR_OP' || stringList(e.name).join('.') !== '=') return null;
  for (const [col, val] of [[e.lexpr, e.rexpr], [e.rexpr, e.lexpr]] as const) {
    if (!col || !val || kindOf(col) !== 'ColumnRef' || hasColumnRef(val)) continue;
    const fields = stringList(bodyOf<{ fields: Node[] }>(col).fields);
    if (fields.length === 1 || (fields.length === 2 && fields[0] === alias)) return { column: fields[fields.length - 1]!, value: val };
  }
  return null;
}

export interface PointLookup {
  /** Key expressions in key order, coerced to the key columns' types. */
  readonly keys: BoundExpr[];
  /** The key columns' names and the expressions pinning them, in key order (for EXPLAIN). */
  readonly pinned: readonly { readonly column: string; readonly value: Node }[];
  /** The WHERE conjuncts the key does not cover (still applied to the row found). */
  readonly residual: readonly Node[];
}

/** The point lookup when the WHERE clause pins the whole primary key; null otherwise. */
export function pointLookupKeys(
  table: TableDefinition,
  alias: string,
  where: Node | undefined,
  scope: BindScope,
  params: ParamSlots,
): PointLookup | null {
  if (!where || table.primaryKey.length === 0) return null;
  const pinned = new Map<string, Node>();
  const used = new Set<Node>();
  const all = conjuncts(where);
  for (const c of all) {
    const p = pinnedColumn(c, alias);
    if (p && !pinned.has(p.column)) {
      pinned.set(p.column, p.value);
      used.add(c);
    }
  }
  const keys: BoundExpr[] = [];
  const named: { column: string; value: Node }[] = [];
  for (const ordinal of table.primaryKey) {
    const col = table.columns.find((c) => c.ordinal === ordinal)!;
    const value = pinned.get(col.name);
    if (!value) return null;
    const bound = bindExpr(value, scope, params, { expected: col.type });
    // Only same-type comparisons are safe to turn into a key: `int_col = 1.5` must not become key 2.
    const same = bound.type.kalam === col.type.kalam;
    if (!same && !(INTEGERS.has(bound.type.kalam) && INTEGERS.has(col.type.kalam))) return null;
    keys.push(bound);
    named.push({ column: col.name, value });
  }
  const keyNodes = new Set(named.map((n) => n.value));
  const residual = all.filter((c) => !used.has(c) || !keyNodes.has(pinnedColumn(c, alias)!.value));
  return { keys, pinned: named, residual };
}

/** The WHERE clause's top-level AND terms. */
export function whereConjuncts(where: Node): Node[] {
  return conjuncts(where);
}

const INTEGERS = new Set<KalamDataType>([KalamDataType.SMALLINT, KalamDataType.INT, KalamDataType.BIGINT]);
const RANGE: Partial<Record<KalamDataType, [bigint, bigint]>> = {
  [KalamDataType.SMALLINT]: [-32768n, 32767n],
  [KalamDataType.INT]: [-2147483648n, 2147483647n],
  [KalamDataType.BIGINT]: [-9223372036854775808n, 9223372036854775807n],
};

/**
 * The key values for a lookup, in the key columns' representation; null when a value cannot
 * equal any key (NULL, or an integer outside the column's range) — the lookup finds nothing.
 */
export function evalLookupKey(
  table: TableDefinition,
  keys: readonly BoundExpr[],
  ctx: EvalContext,
): Value[] | null {
  const out: Value[] = [];
  for (let i = 0; i < keys.length; i++) {
    const v = keys[i]!.eval([], ctx);
    if (v === null) return null;
    const kalam = table.columns.find((c) => c.ordinal === table.primaryKey[i])!.type.kalam;
    const range = RANGE[kalam];
    if (range && (typeof v === 'number' || typeof v === 'bigint')) {
      const b = BigInt(v);
      if (b < range[0] || b > range[1]) return null;
      out.push(kalam === KalamDataType.BIGINT ? b : Number(b));
    } else {
      out.push(v);
    }
  }
  return out;
}
