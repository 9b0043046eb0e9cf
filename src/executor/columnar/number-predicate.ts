/**
 * The conjuncts of a WHERE clause that compare a number column with a number literal —
 * `val BETWEEN 500 AND 501`, `grp = 3`, `x >= 0.5` — run as loops over the column's typed array,
 * before (and often instead of) the bound predicate. Only shapes whose answer in JS doubles is
 * provably PostgreSQL's are taken: double precision columns against any number literal (PostgreSQL
 * compares in float8 too), integer columns against integer literals. NaN sorts above every number,
 * and a NULL compares to nothing.
 *
 * Columns whose values are 64-bit integers — int8, timestamp, timestamptz, time — and date columns
 * compare the same way against a constant of their own type: `ts >= '2025-06-01'`, `id < $1`,
 * `d = DATE '2024-02-29'`. The constant is bound as the row path binds it (the literal takes the
 * column's type; a typed one must compare in the column's type, with no conversion of the column)
 * and evaluated once per run; the 64-bit ones compare as bigints, exactly.
 */
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf } from '../../binder/ast.js';
import type { BindScope, BoundExpr, EvalContext, ParamSlots } from '../../binder/expr/bound-expr.js';
import { bindExpr, coerceToType } from '../../binder/expr/bind-expr.js';
import { baseType } from '../../binder/expr/expr-types.js';
import { comparisonType } from '../../binder/expr/operators.js';
import { Errors } from '../../errors/sql-error.js';
import { PgOid } from '../../types/pg-oids.js';
import { KalamDataType, type ColumnType } from '../../types/kalam-type.js';
import { valueAt, type Int64Column } from './column-vector.js';
import { compareWords, splitWords, wordsOf } from './int64-words.js';
import type { MirrorSnapshot } from './table-mirror.js';
import { scratchInts } from './scratch.js';

type Op = '<' | '<=' | '>' | '>=' | '=' | '<>';

export interface NumberTest {
  readonly slot: number;
  readonly op: Op;
  /** A literal's value, the 0-based index of the parameter that holds it, or a constant to evaluate. */
  readonly value: number | { readonly param: number } | { readonly expr: BoundExpr };
  /** Compare as bigints (int8, timestamp, timestamptz, time), not as doubles. */
  readonly wide?: boolean;
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

/** How a column compares: as doubles (number literals only), or as a constant of its own type. */
type ColumnClass =
  | { readonly slot: number; readonly integer: boolean; readonly typed: null }
  | { readonly slot: number; readonly typed: ColumnType; readonly wide: boolean };

function columnSlot(node: Node, scope: BindScope): ColumnClass | null {
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
    switch (b.type.kalam) {
      case KalamDataType.DOUBLE: return { slot: b.index, integer: false, typed: null };
      case KalamDataType.INT:
      case KalamDataType.SMALLINT: return { slot: b.index, integer: true, typed: null };
      case KalamDataType.DATE: return { slot: b.index, typed: b.type, wide: false };
      case KalamDataType.BIGINT:
      case KalamDataType.TIMESTAMP:
      case KalamDataType.DATETIME:
      case KalamDataType.TIME: return { slot: b.index, typed: b.type, wide: true };
      default: return null;
    }
  } catch {
    return null;
  }
}

/** A literal or parameter (possibly cast): evaluated once per run, never per row. */
function isConstant(node: Node): boolean {
  const kind = kindOf(node);
  if (kind === 'A_Const' || kind === 'ParamRef') return true;
  if (kind !== 'TypeCast') return false;
  const arg = bodyOf<{ arg?: Node }>(node).arg;
  return arg !== undefined && (kindOf(arg) === 'A_Const' || kindOf(arg) === 'ParamRef');
}

/**
 * `node` as the row path compares it with a column of type `type`: bound with the column's type
 * for a literal, and accepted only when the comparison is in the column's own type.
 */
function typedConstant(node: Node, type: ColumnType, scope: BindScope, params: ParamSlots): { expr: BoundExpr } | null {
  if (!isConstant(node)) return null;
  try {
    const target = baseType(type);
    const e = bindExpr(node, scope, params, { expected: target });
    const common = comparisonType(type, e.type);
    if (common === null || common.oid !== type.oid) return null;
    return { expr: coerceToType(e, target, 'implicit') };
  } catch {
    return null;
  }
}

function constantFor(col: ColumnClass, node: Node, scope: BindScope, params: ParamSlots): NumberTest['value'] | null {
  return col.typed === null ? literal(node, col.integer, params) : typedConstant(node, col.typed, scope, params);
}

function testOf(col: ColumnClass, op: Op, value: NumberTest['value']): NumberTest {
  return col.typed !== null && col.wide ? { slot: col.slot, op, value, wide: true } : { slot: col.slot, op, value };
}

function conjunctTests(node: Node, scope: BindScope, params: ParamSlots): NumberTest[] | null {
  if (kindOf(node) !== 'A_Expr') return null;
  const e = bodyOf<{ kind: string; name?: Node[]; lexpr?: Node; rexpr?: Node | { List: { items: Node[] } } }>(node);
  if (e.kind === 'AEXPR_BETWEEN') {
    const col = e.lexpr ? columnSlot(e.lexpr, scope) : null;
    const items = (e.rexpr as { List?: { items: Node[] } } | undefined)?.List?.items;
    if (!col || !items || items.length !== 2) return null;
    const lo = constantFor(col, items[0]!, scope, params);
    const hi = constantFor(col, items[1]!, scope, params);
    if (lo === null || hi === null) return null;
    return [testOf(col, '>=', lo), testOf(col, '<=', hi)];
  }
  if (e.kind !== 'AEXPR_OP' || !e.name || e.name.length !== 1 || !e.lexpr || !e.rexpr) return null;
  const sym = (e.name[0] as { String?: { sval: string } }).String?.sval;
  const op = (sym === '!=' ? '<>' : sym) as Op;
  if (!(op in FLIP)) return null;
  const left = columnSlot(e.lexpr, scope);
  if (left) {
    const v = constantFor(left, e.rexpr as Node, scope, params);
    return v === null ? null : [testOf(left, op, v)];
  }
  const right = columnSlot(e.rexpr as Node, scope);
  if (!right) return null;
  const v = constantFor(right, e.lexpr, scope, params);
  return v === null ? null : [testOf(right, FLIP[op], v)];
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

function bigintPasses(v: bigint, op: Op, x: bigint): boolean {
  switch (op) {
    case '<': return v < x;
    case '<=': return v <= x;
    case '>': return v > x;
    case '>=': return v >= x;
    case '=': return v === x;
    default: return v !== x;
  }
}

/** The test's constant for this run: a number, a bigint (wide tests), or null. */
function constantOf(t: NumberTest, ectx: EvalContext): number | bigint | null {
  const v = typeof t.value === 'number' ? t.value : 'param' in t.value ? ectx.params[t.value.param] : t.value.expr.eval([], ectx);
  if (v === null || v === undefined) return null;
  if (t.wide) return typeof v === 'bigint' ? v : BigInt(v as number);
  return Number(v);
}

/** Bit c + 1 set: a comparison result c (-1, 0, 1) passes `op`. */
const ACCEPTS: Record<Op, number> = { '<': 1, '<=': 3, '=': 2, '>=': 6, '>': 4, '<>': 5 };

/**
 * One or two tests of an int64 column (a range: `ts >= a AND ts < b`) in one pass, writing the
 * passing positions to `out`; returns how many. Values are compared as 32-bit words
 * (int64-words.ts): no bigint per row.
 */
function int64Tests(
  snap: MirrorSnapshot, positions: Int32Array, col: Int64Column, slot: number,
  tests: readonly { readonly op: Op; readonly x: bigint }[], out: Int32Array,
): number {
  const { values, nulls } = col;
  const slowPasses = (p: number): boolean => {
    const v = p < 0 ? snap.extraRows[-1 - p]![slot] : nulls[p] === 1 ? null : values[p]!;
    return v !== null && tests.every((t) => bigintPasses(v as bigint, t.op, t.x));
  };
  let m = 0;
  const words = wordsOf(values);
  if (words === null || tests.length > 2) {
    for (let k = 0; k < positions.length; k++) if (slowPasses(positions[k]!)) out[m++] = positions[k]!;
    return m;
  }
  const { hi: ahi, lo: alo } = splitWords(tests[0]!.x);
  const aAccepts = ACCEPTS[tests[0]!.op];
  const { hi: bhi, lo: blo } = tests.length === 2 ? splitWords(tests[1]!.x) : { hi: 0, lo: 0 };
  const bAccepts = tests.length === 2 ? ACCEPTS[tests[1]!.op] : 7;
  for (let k = 0; k < positions.length; k++) {
    const p = positions[k]!;
    if (p < 0) {
      if (slowPasses(p)) out[m++] = p;
      continue;
    }
    if (nulls[p] === 1) continue;
    if (((aAccepts >> (compareWords(words, p, ahi, alo) + 1)) & 1) === 0) continue;
    if ((bAccepts >> (compareWords(words, p, bhi, blo) + 1)) & 1) out[m++] = p;
  }
  return m;
}

/** The positions passing every test, in order. */
export function applyNumberTests(snap: MirrorSnapshot, positions: Int32Array, tests: readonly NumberTest[], ectx: EvalContext): Int32Array {
  let current = positions;
  // Tests of one int64 column run together: a range is one pass over the column, not two.
  const wideBySlot = new Map<number, { op: Op; x: bigint }[]>();
  for (const t of tests) {
    const col = snap.base.columns[t.slot]!;
    const given = constantOf(t, ectx);
    if (given === null) return new Int32Array(0); // compared with NULL: never true
    if (typeof given === 'bigint' && col.kind === 'int64') {
      const list = wideBySlot.get(t.slot);
      if (list) list.push({ op: t.op, x: given });
      else wideBySlot.set(t.slot, [{ op: t.op, x: given }]);
      continue;
    }
    const out = scratchInts(current.length);
    let m = 0;
    if (typeof given === 'bigint') {
      if (col.kind !== 'value') throw Errors.internal(`a 64-bit comparison over a ${col.kind} column`);
      for (let k = 0; k < current.length; k++) {
        const p = current[k]!;
        const v = p < 0 ? snap.extraRows[-1 - p]![t.slot] : valueAt(col, p);
        if (v !== null && bigintPasses(v as bigint, t.op, given)) out[m++] = p;
      }
    } else {
      if (col.kind !== 'int' && col.kind !== 'float') throw Errors.internal(`a number comparison over a ${col.kind} column`);
      const { values, nulls } = col;
      for (let k = 0; k < current.length; k++) {
        const p = current[k]!;
        if (p < 0) {
          const v = snap.extraRows[-1 - p]![t.slot];
          if (v !== null && passes(v as number, t.op, given)) out[m++] = p;
        } else if (nulls[p] === 0 && passes(values[p]!, t.op, given)) out[m++] = p;
      }
    }
    current = out.slice(0, m);
  }
  for (const [slot, list] of wideBySlot) {
    const col = snap.base.columns[slot] as Int64Column;
    for (let i = 0; i < list.length; i += 2) {
      const out = scratchInts(current.length);
      const m = int64Tests(snap, current, col, slot, list.slice(i, i + 2), out);
      current = out.slice(0, m);
    }
  }
  return current;
}
