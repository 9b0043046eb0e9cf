/**
 * How a comma-separated FROM list joins its items, left-deep: ((a × b) × c) × …
 *
 * Each step adds one item to the rows so far. The WHERE clause's AND-ed conjuncts are pushed down
 * to the first step where every column they read is present, as PostgreSQL's planner pushes quals
 * to the lowest join that can evaluate them; and a step whose new item is equated with the rows so
 * far (`pkc.oid = pka.attrelid`) joins by hash instead of comparing every pair. So the catalog
 * queries pgjdbc sends — nine relations in one FROM list (getImportedKeys) — look at a few thousand
 * pairs, not the product of nine catalogs. WHERE still runs in full on the joined rows afterwards.
 */
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf, stringList } from '../../binder/ast.js';
import { lookupFunction } from '../functions/index.js';
import type { BoundExpr, EvalContext, ParamSlots } from '../../binder/expr/bound-expr.js';
import { bindExpr } from '../../binder/expr/bind-expr.js';
import { RangeScope, type RangeEntry } from '../../binder/range-scope.js';
import type { Value } from '../../types/kalam-type.js';
import { keysFromOn, type JoinKeys } from './hash-join-keys.js';
import { requireBoolean } from './predicates.js';

export interface FromListStep {
  /** The conjuncts first readable once this item is joined (null: none), checked on each new row. */
  readonly filter: BoundExpr | null;
  /** Equalities between the rows so far and this item alone: a hash join (null: nested loop). */
  readonly keys: JoinKeys | null;
}

interface StepItem {
  readonly entries: readonly RangeEntry[];
  /** Where the item's columns start in the joined row (a USING join's merged columns come last, not first). */
  readonly start: number;
  /** The item reads columns of items to its left (a function in FROM): no hash keys. */
  readonly lateral: boolean;
}

/** One step per item; `items[i].entries` carry offsets into the joined row. */
export function fromListSteps(where: Node | undefined, items: readonly StepItem[], params: ParamSlots): FromListStep[] {
  const pending = where ? conjunctsOf(where).filter((c) => !JSON.stringify(c).includes('"SubLink"') && !callsVolatile(c)) : [];
  const prefix: RangeEntry[] = [];
  return items.map((item, i) => {
    const left = [...prefix];
    prefix.push(...item.entries);
    const scope = new RangeScope(prefix, null);
    const ready: BoundExpr[] = [];
    for (let c = 0; c < pending.length; c++) {
      const bound = tryBind(pending[c]!, scope, params);
      if (!bound) continue; // reads a later item (or outside): a later step, or only the full WHERE
      ready.push(bound);
      pending.splice(c--, 1);
    }
    const keys = i > 0 && where && !item.lateral
      ? keysFromOn(where, left, item.entries.map((e) => ({ ...e, offset: e.offset - item.start })), params)
      : null;
    return { filter: allOf(ready), keys };
  });
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

function conjunctsOf(n: Node): Node[] {
  const b = kindOf(n) === 'BoolExpr' ? bodyOf<{ boolop: string; args: Node[] }>(n) : null;
  return b?.boolop === 'AND_EXPR' ? b.args.flatMap(conjunctsOf) : [n];
}

/**
 * The conjunct calls a volatile function (random(), nextval()): it stays in the full WHERE only,
 * as checking it early too would call it twice per row and change the answer.
 */
function callsVolatile(n: unknown): boolean {
  if (Array.isArray(n)) return n.some(callsVolatile);
  if (n === null || typeof n !== 'object') return false;
  const call = (n as { FuncCall?: { funcname?: Node[] } }).FuncCall;
  if (call) {
    const name = stringList(call.funcname).at(-1)?.toLowerCase() ?? '';
    if ((lookupFunction(name) ?? []).some((o) => o.volatility === 'volatile')) return true;
  }
  return Object.values(n).some(callsVolatile);
}

function tryBind(n: Node, scope: RangeScope, params: ParamSlots): BoundExpr | null {
  try {
    return requireBoolean(bindExpr(n, scope, params), 'WHERE');
  } catch {
    return null;
  }
}

function allOf(bound: readonly BoundExpr[]): BoundExpr | null {
  if (bound.length === 0) return null;
  return {
    type: bound[0]!.type,
    label: 'where',
    eval: (row, c) => bound.every((b) => b.eval(row, c) === true),
  };
}
