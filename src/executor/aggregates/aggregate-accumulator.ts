/**
 * One aggregate call's running state for one group: applies FILTER, skips NULL arguments of
 * strict aggregates, removes duplicates for DISTINCT, and buffers rows for an ORDER BY inside the
 * call. The aggregation operator makes one per (group, call) and feeds it input rows.
 */
import { KalamDataType, type Value } from '../../types/kalam-type.js';
import { numericTrimScale } from '../../types/numeric.js';
import { Interval, intervalSpan } from '../../types/interval.js';
import { PgArray } from '../../types/pg-array.js';
import { PgRecord } from '../../types/pg-record.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import type { AggregateCall } from '../../binder/expr/aggregate-collector.js';
import { comparatorForType, type Comparator } from '../functions/comparison.js';

/** A key equal for equal SQL values of one type (DISTINCT). */
export function distinctKey(values: readonly Value[]): string {
  let key = '';
  for (const v of values) {
    if (v === null) key += 'N';
    else if (typeof v === 'string') key += `s${v.length}:${v}`;
    else if (typeof v === 'number') key += Number.isNaN(v) ? 'fNaN' : `f${v === 0 ? 0 : v}`;
    else if (typeof v === 'bigint') key += `b${v}`;
    else if (typeof v === 'boolean') key += v ? 'T' : 'F';
    else if (v instanceof Interval) key += `i${intervalSpan(v)}`;
    else if (v instanceof PgArray) key += `a${v.dims.join(',')}/${v.lbounds.join(',')}[${distinctKey(v.items)}]`;
    else if (v instanceof PgRecord) key += `r(${distinctKey(v.values)})`;
    else key += `x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
    key += '\u0000';
  }
  return key;
}

export class AggregateAccumulator {
  private state: unknown;
  private readonly seen: Set<string> | null;
  private readonly buffered: { args: Value[]; keys: Value[] }[] | null;
  private readonly comparators: Comparator[];
  /** numeric '1.0' and '1.00' are one value: compare them trimmed. */
  private readonly normalize: ((v: Value) => Value)[] | null;

  private readonly call: AggregateCall;
  private readonly argsBuffer: Value[];

  constructor(call0: AggregateCall) {
    // PostgreSQL sorts a DISTINCT aggregate's input by its arguments when no ORDER BY is given:
    // array_agg(DISTINCT t) lists the values in ascending order, NULL last.
    const call: AggregateCall = call0.distinct && (call0.orderBy?.length ?? 0) === 0 && call0.args.length > 0
      ? { ...call0, orderBy: call0.args.map((expr) => ({ expr, descending: false, nullsFirst: false })) }
      : call0;
    this.call = call;
    this.argsBuffer = new Array<Value>(call.args.length).fill(null);
    this.state = call.fn.init();
    this.seen = call.distinct ? new Set() : null;
    this.buffered = call.orderBy && call.orderBy.length > 0 ? [] : null;
    const numeric = call.args.some((a) => a.type.kalam === KalamDataType.DECIMAL);
    this.normalize = numeric ? call.args.map((a) => (a.type.kalam === KalamDataType.DECIMAL
      ? (v: Value) => (v === null ? v : numericTrimScale(v as string)) : (v: Value) => v)) : null;
    this.comparators = (call.orderBy ?? []).map((o) => comparatorForType(o.expr.type));
  }

  add(row: readonly Value[], ctx: EvalContext): void {
    const call = this.call;
    if (call.filter !== undefined && call.filter.eval(row, ctx) !== true) return;
    // Step functions read their arguments and keep none of the array (a buffered row keeps its own).
    const args: Value[] = this.buffered === null ? this.argsBuffer : new Array<Value>(call.args.length);
    for (let i = 0; i < args.length; i++) {
      const v = call.args[i]!.eval(row, ctx);
      if (v === null && call.fn.strict) return;
      args[i] = v;
    }
    if (this.seen !== null) {
      const key = distinctKey(this.normalize === null ? args : args.map((v, i) => this.normalize![i]!(v)));
      if (this.seen.has(key)) return;
      this.seen.add(key);
    }
    if (this.buffered !== null) {
      this.buffered.push({ args, keys: call.orderBy!.map((o) => o.expr.eval(row, ctx)) });
      return;
    }
    this.state = call.fn.step(this.state, args);
  }

  result(): Value {
    if (this.buffered !== null) {
      const order = this.call.orderBy!;
      this.buffered.sort((x, y) => {
        for (let i = 0; i < order.length; i++) {
          const a = x.keys[i]!;
          const b = y.keys[i]!;
          const o = order[i]!;
          let c: number;
          if (a === null || b === null) {
            c = a === b ? 0 : (a === null) === o.nullsFirst ? -1 : 1;
          } else {
            c = this.comparators[i]!(a, b);
            if (o.descending) c = -c;
          }
          if (c !== 0) return c;
        }
        return 0;
      });
      let state = this.call.fn.init();
      for (const r of this.buffered) state = this.call.fn.step(state, r.args);
      return this.call.fn.final(state);
    }
    return this.call.fn.final(this.state);
  }
}
