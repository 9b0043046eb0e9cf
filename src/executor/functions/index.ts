/** Loads the whole scalar function library into the registry (each file registers its own). */
import './string-functions.js';
import './regexp-functions.js';
import './format-function.js';
import './encoding-functions.js';
import './math-functions.js';
import './integer-functions.js';
import './numeric-scale-functions.js';
import './system-functions.js';

export { lookupFunction, registerFunction, overload } from './function-registry.js';
export type { FunctionOverload, FunctionImpl, ParamType } from './function-registry.js';
