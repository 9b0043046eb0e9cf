/** WHERE / HAVING / ON / CASE conditions must be boolean (42804 otherwise). */
import { Errors } from '../../errors/sql-error.js';
import type { BoundExpr } from '../../binder/expr/bound-expr.js';
import { KalamDataType } from '../../types/kalam-type.js';
import { formatType } from '../../types/declared-type.js';

export function requireBoolean(e: BoundExpr, clause: string): BoundExpr {
  if (e.type.kalam !== KalamDataType.BOOLEAN) {
    throw Errors.datatypeMismatch(`argument of ${clause} must be type boolean, not type ${formatType(e.type.oid, -1)}`);
  }
  return e;
}
