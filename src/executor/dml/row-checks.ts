/** The constraints every written row must satisfy, with PostgreSQL's errors. */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { Errors } from '../../errors/sql-error.js';
import { formatText } from '../../types/text-codec.js';
import type { TypeContext } from '../../types/type-context.js';
import type { Value } from '../../types/kalam-type.js';
import type { TableAccess } from '../table-access.js';

export function checkNotNull(table: TableDefinition, row: readonly Value[], tc: TypeContext): void {
  const cols = table.columns;
  for (let i = 0; i < cols.length; i++) {
    if (row[i] === null && !cols[i]!.nullable) {
      const e = Errors.notNullViolation(cols[i]!.name, table.name);
      throw Object.assign(e, { schema: table.namespace, detail: failingRow(table, row, tc) });
    }
  }
}

/** `Failing row contains (6, 1, null, x).`: PostgreSQL's DETAIL for a row a constraint rejects. */
export function failingRow(table: TableDefinition, row: readonly Value[], tc: TypeContext): string {
  return `Failing row contains (${table.columns.map((c, i) => (row[i] === null ? 'null' : formatText(row[i]!, c.type, tc))).join(', ')}).`;
}

export function pkeyName(table: TableDefinition): string {
  return table.constraints?.find((c) => c.kind === 'p')?.name ?? `${table.name}_pkey`;
}

export function duplicateKey(table: TableDefinition, access: TableAccess, row: readonly Value[], tc: TypeContext) {
  const cols = access.pkPositions.map((p) => table.columns[p]!);
  const vals = access.pkPositions.map((p, i) => formatText(row[p]!, cols[i]!.type, tc));
  const e = Errors.uniqueViolation(
    `duplicate key value violates unique constraint "${pkeyName(table)}"`,
    `Key (${cols.map((c) => c.name).join(', ')})=(${vals.join(', ')}) already exists.`,
    pkeyName(table),
  );
  return Object.assign(e, { schema: table.namespace, table: table.name });
}
