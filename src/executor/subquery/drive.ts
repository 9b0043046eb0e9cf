/**
 * Row pipelines are written once, as generators that `yield` between slices of rows, and run two
 * ways: `driveAsync` gives the event loop a turn at every yield and then checks for cancellation
 * (a CancelRequest is read from another socket, so a long synchronous loop would never see it);
 * `driveSync` runs straight through, for a correlated subquery evaluated inside one row of its
 * enclosing query — that query's own driver is where the yields happen.
 */
import { setImmediate as turn } from 'node:timers/promises';
import type { EvalContext } from '../../binder/expr/bound-expr.js';

export type Pipeline<T> = Generator<void, T, void>;

export async function driveAsync<T>(p: Pipeline<T>, ectx: EvalContext): Promise<T> {
  for (let step = p.next(); ; step = p.next()) {
    if (step.done) return step.value;
    await turn();
    ectx.checkCancel();
  }
}

export function driveSync<T>(p: Pipeline<T>): T {
  for (let step = p.next(); ; step = p.next()) if (step.done) return step.value;
}

/** `rows.filter(keep)` that yields every `slice` rows. */
export function* filterRows<R>(rows: readonly R[], keep: (r: R) => boolean, slice: number): Pipeline<R[]> {
  const out: R[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && i % slice === 0) yield;
    if (keep(rows[i]!)) out.push(rows[i]!);
  }
  return out;
}

/** `rows.map(fn)` that yields every `slice` rows. */
export function* mapRows<R, S>(rows: readonly R[], fn: (r: R) => S, slice: number): Pipeline<S[]> {
  const out: S[] = new Array<S>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && i % slice === 0) yield;
    out[i] = fn(rows[i]!);
  }
  return out;
}
