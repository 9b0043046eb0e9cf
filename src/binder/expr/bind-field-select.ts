/**
 * `(expr).field`: one field of a row value, PostgreSQL's FieldSelect (ParseFuncOrColumn's column
 * notation). The row's field names and types are its type's `fields`:
 *
 *   (information_schema._pg_expandarray(i.indkey)).n    → int4, labelled n
 *   (result.keys).x                                      → the element type of the expanded array
 *
 * A NULL row gives a NULL field.
 */
import { SqlError } from '../../errors/sql-error.js';
import { KalamDataType } from '../../types/kalam-type.js';
import type { PgRecord } from '../../types/pg-record.js';
import { type Bound, derive } from './compile.js';
import { typeDisplay } from './expr-types.js';

export function selectField(arg: Bound, field: string): Bound {
  const fields = arg.type.kalam === KalamDataType.RECORD ? arg.type.fields : undefined;
  if (!fields) {
    throw new SqlError('42809', `column notation .${field} applied to type ${typeDisplay(arg.type)}, which is not a composite type`, {
      position: arg.position,
    });
  }
  const i = fields.findIndex((f) => f.name === field);
  if (i < 0) throw new SqlError('42703', `could not identify column "${field}" in record data type`, { position: arg.position });
  const ae = arg.eval;
  return {
    ...derive(fields[i]!.type, field, [arg], (row, c) => {
      const r = ae(row, c) as PgRecord | null;
      return r === null ? null : r.values[i] ?? null;
    }, 'immutable', arg.position),
    labelStrength: 2,
  };
}
