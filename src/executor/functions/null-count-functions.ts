/** num_nulls / num_nonnulls (VARIADIC "any"): how many arguments are (not) NULL. */
import { T } from '../../binder/expr/expr-types.js';
import { registerFunction } from './function-registry.js';

for (const [name, nulls] of [['num_nulls', true], ['num_nonnulls', false]] as const) {
  registerFunction(name, {
    params: ['any'], variadic: 'any', result: T.int4, volatility: 'immutable', strict: false,
    build: () => (args) => args.filter((v) => (v === null) === nulls).length,
  });
}
