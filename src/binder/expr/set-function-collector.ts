/**
 * Set-returning functions in a SELECT list (PostgreSQL's ProjectSet): each call is bound once and
 * given a slot after the input row's columns; the select list reads the slot. For every input row
 * the calls run, the row repeats as many times as the longest result, and shorter results are
 * padded with NULL — `SELECT generate_series(1, 3), generate_series(1, 2)` gives (1,1) (2,2) (3,NULL).
 */
import type { Value } from '../../types/kalam-type.js';
import type { EvalContext } from './bound-expr.js';
import type { BoundSetFunction } from './bind-set-function.js';

export class SetFunctionCollector {
  private readonly calls: BoundSetFunction[] = [];

  /** `base`: the width of the input rows; slots follow it. */
  constructor(private readonly base: number) {}

  get count(): number {
    return this.calls.length;
  }

  register(fn: BoundSetFunction): number {
    this.calls.push(fn);
    return this.base + this.calls.length - 1;
  }

  /** The input rows, each repeated with its calls' values in the slots. */
  expand(rows: readonly Value[][], ctx: EvalContext): Value[][] {
    const out: Value[][] = [];
    for (const r of rows) {
      const results = this.calls.map((c) => c.rows(r, ctx));
      const n = results.reduce((m, x) => Math.max(m, x.length), 0);
      ctx.memory?.chargeReferences(n, r.length + results.length);
      for (let k = 0; k < n; k++) out.push(r.concat(results.map((x) => x[k]?.[0] ?? null)));
    }
    return out;
  }
}
