/**
 * What both COPY FROM paths (copy-from.ts row by row, bulk/bulk-encoder.ts) say of a record and
 * its fields, in PostgreSQL's words: a record with too few or too many fields is 22P04 quoting the
 * whole line; a value its type refuses keeps the type's error, with the column as CONTEXT.
 */
import type { ColumnDefinition, TableDefinition } from '../../catalog/table-definition.js';
import { SqlError } from '../../errors/sql-error.js';
import type { Value } from '../../types/kalam-type.js';
import { parseText } from '../../types/text-codec.js';
import type { TypeContext } from '../../types/type-context.js';
import type { CopyRecord } from './copy-records.js';

/** Throws 22P04 unless `rec` has one field per column COPY names (`targets`, table positions). */
export function checkFieldCount(table: TableDefinition, targets: readonly number[], rec: CopyRecord): void {
  const whole = (): string => `COPY ${table.name}, line ${rec.line}: "${rec.raw}"`;
  if (rec.fields.length < targets.length) {
    throw new SqlError('22P04', `missing data for column "${table.columns[targets[rec.fields.length]!]!.name}"`, { where: whole() });
  }
  if (rec.fields.length > targets.length) throw new SqlError('22P04', 'extra data after last expected column', { where: whole() });
}

/** `text` through the column type's input function; its error gets the field as CONTEXT. */
export function parseField(table: TableDefinition, column: ColumnDefinition, text: string, line: number, ctx: TypeContext): Value {
  try {
    return parseText(text, column.type, ctx);
  } catch (e) {
    if (e instanceof SqlError) e.where = `COPY ${table.name}, line ${line}, column ${column.name}: "${text}"`;
    throw e;
  }
}
