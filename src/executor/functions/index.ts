/** Loads the whole scalar function library into the registry (each file registers its own). */
import './string-functions.js';
import './regexp-functions.js';
import './format-function.js';
import './encoding-functions.js';
import './math-functions.js';
import './integer-functions.js';
import './numeric-scale-functions.js';
import './system-functions.js';
import './generate-series.js';
import './unnest.js';
import './datetime-extract.js';
import './interval-functions.js';
import './datetime-make.js';
import './date-trunc.js';
import './to-char.js';
import './to-date.js';
import './array-functions.js';
import './json-functions.js';
import './json-modify.js';
import './json-containment.js';
import './json-build.js';
import './json-pretty.js';
import './json-set-returning.js';

export { lookupFunction, registerFunction, overload } from './function-registry.js';
export type { FunctionOverload, FunctionImpl, ParamType } from './function-registry.js';
export { lookupSetFunction, registerSetFunction, scalarSetOverload } from './set-returning.js';
export type { SetFunctionOverload, SetFunctionImpl } from './set-returning.js';
