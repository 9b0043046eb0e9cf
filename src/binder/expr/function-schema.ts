/**
 * Which schema a called function lives in. Ours live in pg_catalog (always searched) except the
 * helpers PostgreSQL defines in information_schema, which is not on the search path: those are
 * found only when written qualified, `information_schema._pg_expandarray(i.indkey)` as pgjdbc
 * writes it, and `_pg_expandarray(…)` alone does not exist — as in PostgreSQL.
 */
import { SqlError } from '../../errors/sql-error.js';
import type { ColumnType } from '../../types/kalam-type.js';
import { noFunction } from './operator-error.js';

const SEARCHED_SCHEMAS = new Set(['pg_catalog', 'public']);
const INFORMATION_SCHEMA_FUNCTIONS = new Set(['_pg_expandarray']);

/** The schema a call names (lower-cased; null when unqualified); 3F000 for one that holds no functions. */
export function calledSchema(names: readonly string[], position?: number): string | null {
  if (names.length === 1) return null;
  const schema = names[0]!.toLowerCase();
  if (names.length > 2 || (!SEARCHED_SCHEMAS.has(schema) && schema !== 'information_schema')) {
    throw new SqlError('3F000', `schema "${names[0]}" does not exist`, { position });
  }
  return schema;
}

/** 42883 when `name` is not a function of `schema` (null: the searched schemas). */
export function checkFunctionSchema(schema: string | null, name: string, argTypes: readonly ColumnType[], position?: number): void {
  const inInformationSchema = INFORMATION_SCHEMA_FUNCTIONS.has(name);
  if (inInformationSchema === (schema === 'information_schema')) return;
  throw noFunction(schema === null ? name : `${schema}.${name}`, argTypes, position);
}
