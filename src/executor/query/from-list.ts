/**
 * The FROM list `FROM a, b, c WHERE …`: its items joined left to right, each WHERE conjunct
 * applied at the first step where every column it reads is there, as PostgreSQL's planner
 * distributes restriction and join clauses:
 *
 *   FROM pg_class t, pg_class i, pg_index ix, pg_attribute a
 *   WHERE t.oid = ix.indrelid AND i.oid = ix.indexrelid AND a.attrelid = t.oid AND t.relname = 'users'
 *
 *   step 0  t     rows filtered by t.relname = 'users'            (reads t only)
 *   step 1  × i   no conjunct yet: a product of what is left
 *   step 2  × ix  hash join on (t.oid, i.oid) = (ix.indrelid, ix.indexrelid)
 *   step 3  × a   hash join on t.oid = a.attrelid
 *
 * rather than a product of every item's rows filtered at the end (what Sequelize's showIndex
 * query above would make ~20M rows of). The whole WHERE still runs afterwards, so a conjunct
 * applied early only removes rows it would remove anyway. Conjuncts with subqueries, or reading an
 * outer query, wait for the full WHERE.
 */
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf, stringList } from '../../binder/ast.js';
import { lookupFunction } from '../functions/function-registry.js';
import type { BoundExpr, EvalContext, ParamSlots } from '../../binder/expr/bound-expr.js';
import { bindExpr } from '../../binder/expr/bind-expr.js';
import { RangeScope, type RangeEntry } from '../../binder/range-scope.js';
import type { Value } from '../../types/kalam-type.js';
import { bucketsByKey, keysFromOn, type JoinKeys } from './hash-join-keys.js';
import { requireBoolean } from './predicates.js';
import type { Pipeline } from '../subquery/drive.js';

/** How many row pairs a join looks at between turns of the event loop. */
export const PAIRS_PER_SLICE = 4096;

export interface FromListStep {
  /** Conjuncts reading only this item, on its own rows (offsets from 0) before they are joined. */
  readonly itemFilter: BoundExpr | null;
  /** Conjuncts reading this item and items to its left, on each joined row. */
  readonly joinFilter: BoundExpr | null;
  /** The join conjuncts, ANDed, for EXPLAIN; null when there are none. */
  readonly joinCondition: Node | null;
  /** Equality keys among the join conjuncts: only rows with equal keys are paired. */
  readonly keys: JoinKeys | null;
}

/** One item of the list: its range entries (absolute offsets) and whether it is LATERAL. */
export interface FromListItem {
  readonly entries: readonly RangeEntry[];
  readonly lateral: boolean;
}

const NO_STEP: FromListStep = { itemFilter: null, joinFilter: null, joinCondition: null, keys: null };

/**
 * The conjunct calls a volatile function (random(), nextval()): it stays in the full WHERE only,
 * as checking it early too would call it twice per row and change the answer.
 */
function callsVolatile(n: unknown): boolean {
  if (Array.isArray(n)) return n.some(callsVolatile);
  if (n === null || typeof n !== 'object') return false;
  const call = (n as { FuncCall?: { funcname?: Node[] } }).FuncCall;
  if (call) {
    const name = stringList(call.funcname ?? []).at(-1)?.toLowerCase() ?? '';
    if ((lookupFunction(name) ?? []).some((o) => o.volatility === 'volatile')) return true;
  }
  return Object.values(n).some(callsVolatile);
}

function conjunctsOf(n: Node): Node[] {
  const b = kindOf(n) === 'BoolExpr' ? bodyOf<{ boolop: string; args: Node[] }>(n) : null;
  return b?.boolop === 'AND_EXPR' ? b.args.flatMap(conjunctsOf) : [n];
}

function tryBind(c: Node, entries: readonly RangeEntry[], params: ParamSlots): BoundExpr | null {
  try {
    return requireBoolean(bindExpr(c, new RangeScope(entries, null), params), 'WHERE');
  } catch {
    return null; // reads an item further right, or an outer query: not at this step
  }
}

function allOf(bound: readonly BoundExpr[]): BoundExpr | null {
  if (bound.length === 0) return null;
  if (bound.length === 1) return bound[0]!;
  return { type: bound[0]!.type, label: 'where', eval: (row, c) => bound.every((b) => b.eval(row, c) === true) };
}

const shift = (entries: readonly RangeEntry[], by: number): RangeEntry[] => entries.map((e) => ({ ...e, offset: e.offset + by }));

/** Where each WHERE conjunct applies; `items` start at offset 0 and follow each other. */
export function fromListSteps(items: readonly FromListItem[], where: Node | undefined, params: ParamSlots): FromListStep[] {
  if (!where) return items.map(() => NO_STEP);
  const pending = conjunctsOf(where).filter((c) => !JSON.stringify(c).includes('"SubLink"') && !callsVolatile(c));
  const steps: FromListStep[] = [];
  const left: RangeEntry[] = [];
  for (const item of items) {
    const start = left.reduce((w, e) => Math.max(w, e.offset + e.columns.length), 0);
    const own = shift(item.entries, -start);
    const upTo = [...left, ...item.entries];
    const onItem: BoundExpr[] = [];
    const onJoin: BoundExpr[] = [];
    const joinNodes: Node[] = [];
    for (let k = 0; k < pending.length; k++) {
      const c = pending[k]!;
      if (!tryBind(c, upTo, params)) continue;
      pending.splice(k--, 1);
      const alone = item.lateral && left.length > 0 ? null : tryBind(c, own, params);
      if (alone) onItem.push(alone);
      else {
        onJoin.push(tryBind(c, upTo, params)!);
        joinNodes.push(c);
      }
    }
    const joinCondition = joinNodes.length === 0 ? null : joinNodes.length === 1 ? joinNodes[0]! : { BoolExpr: { boolop: 'AND_EXPR', args: joinNodes } };
    steps.push({
      itemFilter: allOf(onItem),
      joinFilter: allOf(onJoin),
      joinCondition,
      keys: joinCondition && !item.lateral ? keysFromOn(joinCondition, left, own, params) : null,
    });
    left.push(...item.entries);
  }
  return steps;
}

/**
 * The join of the list's rows, step by step; `parts[i]` is null for a lateral item, whose rows
 * come from `lateralRows` per row of what is to its left. `counted(i, n)` reports step i's rows.
 */
export function* joinFromList(
  parts: readonly (Value[][] | null)[],
  steps: readonly FromListStep[],
  lateralRows: (i: number, ectx: EvalContext, left: Value[]) => Value[][],
  ectx: EvalContext,
  counted: (i: number, rows: number) => void,
): Pipeline<Value[][]> {
  let acc: Value[][] = [[]];
  const memory = ectx.memory;
  let pairs = 0;
  for (let i = 0; i < parts.length; i++) {
    const { itemFilter, joinFilter, keys } = steps[i] ?? NO_STEP;
    let rows = parts[i];
    if (rows && itemFilter) rows = rows.filter((r) => itemFilter.eval(r, ectx) === true);
    const buckets = rows && keys ? bucketsByKey(rows, keys, ectx) : null;
    const next: Value[][] = [];
    for (const a of acc) {
      const rs = rows ?? lateralRows(i, ectx, a);
      let candidates: readonly number[] | null = null;
      if (buckets) {
        const k = keys!.left(a, ectx);
        candidates = (k === null ? undefined : buckets.get(k)) ?? [];
      }
      const n = candidates ? candidates.length : rs.length;
      for (let c = 0; c < n; c++) {
        if (++pairs % PAIRS_PER_SLICE === 0) yield;
        const r = rs[candidates ? candidates[c]! : c]!;
        const row = a.concat(r);
        if (joinFilter && joinFilter.eval(row, ectx) !== true) continue;
        memory?.chargeReferences(1, row.length);
        next.push(row);
      }
    }
    acc = next;
    counted(i, acc.length);
    ectx.checkCancel();
  }
  return acc;
}
