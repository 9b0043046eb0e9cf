/**
 * The conjuncts of a WHERE clause that compare a number column with a number literal —
 * `val BETWEEN 500 AND 501`, `grp = 3`, `x >= 0.5` — run as loops over the column's typed array,
 * before (and often instead of) the bound predicate. Only shapes whose answer in JS doubles is
 * provably PostgreSQL's are taken: double precision columns against any number literal (PostgreSQL
 * compares in float8 too), integer columns against integer literals. NaN sorts above every number,
 * and a NULL compares to nothing.
 */
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf } from '../../binder/ast.js';
import type { BindScope, EvalContext, ParamSlots } from '../../binder/expr/bound-expr.js';
import { PgOid } from '../../types/pg-oids.js';
import { KalamDataType } from '../../types/kalam-type.js';
import type { MirrorSnapshot } from './table-mirror.js';
import { scratchInts } from './scratch.js';

type Op = '<' | '<=' | '>' | '>=' | '=' | '<>';

export interface NumberTest {
  readonly slot: number;
  readonly op: Op;
  /** A literal's value, or the 0-based index of the parameter that holds it. */
  readonly value: number | { readonly param: number };
}

export interface NumberPredicate {
  readonly tests: readonly NumberTest[];
  /** Every conjunct is a test: the bound predicate need not run after them. */
  readonly complete: boolean;
}

const FLIP: Record<Op, Op> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=', '<>': '<>' };

/** Parameter types whose values compare exactly as JS numbers (simple queries' literals become these). */
const NUMBER_PARAMS = new Set([PgOid.INT2, PgOid.INT4, PgOid.INT8, PgOid.FLOAT8]);
const INTEGER_PARAMS = new Set([PgOid.INT2, PgOid.INT4, PgOid.INT8]);

function literal(node: Node, integerOnly: boolean, params: ParamSlots): NumberTest['value'] | null {
  if (kindOf(node) === 'ParamRef') {
    const index = bodyOf<{ number: number }>(node).number - 1;
    const t = params.get(index);
    if (!t || !(integerOnly ? INTEGER_PARAMS : NUMBER_PARAMS).has(t.oid)) return null;
    return { param: index };
  }
  if (kindOf(node) !== 'A_Const') return null;
  const c = bodyOf<{ ival?: { ival?: number }; fval?: { fval: string }; isnull?: boolean }>(node);
  if (c.ival) return c.ival.ival ?? 0;
  if (c.fval && !integerOnly) {
    const v = Number(c.fval.fval);
    return Number.isFinite(v) ? v : null;
  }
  return null;
}

function columnSlot(node: Node, scope: BindScope): { slot: number; integer: boolean } | null {
  if (kindOf(node) !== 'ColumnRef') return null;
  const ref = bodyOf<{ fields: Node[]; location?: number }>(node);
  const names: string[] = [];
  for (const f of ref.fields) {
    const s = (f as { String?: { sval: string } }).String;
    if (!s) return null;
    names.push(s.sval);
  }
  try {
    const b = scope.resolveColumn(names, ref.location ?? -1);
    if ((b.levelsUp ?? 0) !== 0) return null;
    const k = b.type.kalam;
    if (k === KalamDataType.DOUBLE) return { slot: b.index, integer: false };
    if (k === KalamDataType.INT || k === KalamDataType.SMALLINT) return { slot: b.index, integer: true };
    return null;
  } catch {
    return null;
  }
}

function conjunctTests(node: Node, scope: BindScope, params: ParamSlots): NumberTest[] | null {
  if (kindOf(node) !== 'A_Expr') return null;
  const e = bodyOf<{ kind: string; name?: Node[]; lexpr?: Node; rexpr?: Node | { List: { items: Node[] } } }>(node);
  if (e.kind === 'AEXPR_BETWEEN') {
    const col = e.lexpr ? columnSlot(e.lexpr, scope) : null;
    const items = (e.rexpr as { List?: { items: Node[] } } | undefined)?.List?.items;
    if (!col || !items || items.length !== 2) return null;
    const lo = literal(items[0]!, col.integer, params);
    const hi = literal(items[1]!, col.integer, params);
    if (lo === null || hi === null) return null;
    return [{ slot: col.slot, op: '>=', value: lo }, { slot: col.slot, op: '<=', value: hi }];
  }
  if (e.kind !== 'AEXPR_OP' || !e.name || e.name.length !== 1 || !e.lexpr || !e.rexpr) return null;
  const sym = (e.name[0] as { String?: { sval: string } }).String?.sval;
  const op = (sym === '!=' ? '<>' : sym) as Op;
  if (!(op in FLIP)) return null;
  const left = columnSlot(e.lexpr, scope);
  if (left) {
    const v = literal(e.rexpr as Node, left.integer, params);
    return v === null ? null : [{ slot: left.slot, op, value: v }];
  }
  const right = columnSlot(e.rexpr as Node, scope);
  if (!right) return null;
  const v = literal(e.lexpr, right.integer, params);
  return v === null ? null : [{ slot: right.slot, op: FLIP[op], value: v }];
}

/** The number tests among WHERE's top-level AND conjuncts; null when there are none. */
export function numberPredicate(where: Node, scope: BindScope, params: ParamSlots): NumberPredicate | null {
  const conjuncts = kindOf(where) === 'BoolExpr' && bodyOf<{ boolop: string }>(where).boolop === 'AND_EXPR'
    ? bodyOf<{ args: Node[] }>(where).args : [where];
  const tests: NumberTest[] = [];
  let complete = true;
  for (const c of conjuncts) {
    const t = conjunctTests(c, scope, params);
    if (t) tests.push(...t);
    else complete = false;
  }
  return tests.length > 0 ? { tests, complete } : null;
}

function passes(v: number, op: Op, x: number): boolean {
  if (v !== v || x !== x) {
    // NaN is above every number and equal to itself.
    const c = v !== v ? (x !== x ? 0 : 1) : -1;
    return test(c, op);
  }
  switch (op) {
    case '<': return v < x;
    case '<=': return v <= x;
    case '>': return v > x;
    case '>=': return v >= x;
    case '=': return v === x;
    default: return v !== x;
  }
}

function test(c: number, op: Op): boolean {
  switch (op) {
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    case '>=': return c >= 0;
    case '=': return c === 0;
    default: return c !== 0;
  }
}

/** The positions passing every test, in order. */
export function applyNumberTests(snap: MirrorSnapshot, positions: Int32Array, tests: readonly NumberTest[], ectx: EvalContext): Int32Array {
  let current = positions;
  for (const t of tests) {
    const col = snap.base.columns[t.slot]!;
    if (col.kind !== 'int' && col.kind !== 'float') return current;
    const given = typeof t.value === 'number' ? t.value : ectx.params[t.value.param];
    if (given === null || given === undefined) return new Int32Array(0); // compared with NULL: never true
    const x = Number(given);
    const { values, nulls } = col;
    const out = scratchInts(current.length);
    let m = 0;
    for (let k = 0; k < current.length; k++) {
      const p = current[k]!;
      if (p < 0) {
        const v = snap.extraRows[-1 - p]![t.slot];
        if (v !== null && passes(v as number, t.op, x)) out[m++] = p;
      } else if (nulls[p] === 0 && passes(values[p]!, t.op, x)) out[m++] = p;
    }
    current = out.slice(0, m);
  }
  return current;
}
