/**
 * Calls with named arguments or left-out defaults (`make_interval(days => 3)`, `make_interval()`):
 * the arguments laid out in parameter order for an overload that names its parameters, the
 * missing ones taken from its defaults — PostgreSQL's expand_function_arguments.
 */
import type { FunctionOverload } from '../../executor/functions/function-registry.js';
import type { ColumnType } from '../../types/kalam-type.js';
import { type Bound, constant } from './compile.js';

export interface CallArgument {
  readonly name: string | null;
  readonly value: Bound;
}

/** The full argument list for `o`, or null if these arguments do not fit its parameters. */
export function arrangeArguments(o: FunctionOverload, args: readonly CallArgument[]): Bound[] | null {
  const n = o.params.length;
  if (o.variadic !== undefined || args.length > n) return null;
  const names = o.argNames ?? [];
  const slots: (Bound | undefined)[] = new Array(n).fill(undefined);
  let positional = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.name === null) {
      if (!positional) return null;
      slots[i] = a.value;
      continue;
    }
    positional = false;
    const k = names.indexOf(a.name.toLowerCase());
    if (k < 0 || slots[k] !== undefined) return null;
    slots[k] = a.value;
  }
  const defaults = o.defaults ?? [];
  const firstDefault = n - defaults.length;
  const out: Bound[] = [];
  for (let k = 0; k < n; k++) {
    const given = slots[k];
    if (given !== undefined) { out.push(given); continue; }
    if (k < firstDefault) return null;
    const p = o.params[k]!;
    if (p === 'any') return null;
    out.push(constant(defaults[k - firstDefault]!, p as ColumnType, '?column?'));
  }
  return out;
}
