/** Finding an enum type by its (possibly qualified) name, and the table columns that use it. */
import type { SchemaStore } from '../../catalog/schema-store.js';
import type { ColumnDefinition, EnumTypeDefinition, TableDefinition } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import type { SessionContext } from '../session-context.js';

/** The type `names` means on the search path; 42704 unless `missingOk` (then undefined). */
export function findEnumType(ctx: SessionContext, names: readonly string[], missingOk: boolean): EnumTypeDefinition | undefined {
  const name = names[names.length - 1]!;
  const schema = names.length > 1 ? names[names.length - 2] : undefined;
  for (const ns of schema !== undefined ? [schema] : ctx.searchPath()) {
    const t = ctx.db.schema.type(ns, name);
    if (t) return t;
  }
  if (missingOk) return undefined;
  throw Errors.undefinedObject(`type "${names.join('.')}" does not exist`);
}

export interface TypeUser {
  readonly table: TableDefinition;
  readonly column: ColumnDefinition;
  /** The column is of the array type (`mood[]`). */
  readonly asArray: boolean;
}

/**
 * Columns of the type or of its array, as PostgreSQL's dependency walk reports them: those of
 * the array type first (found through the array type, which the enum owns), then the rest.
 */
export function typeUsers(schema: SchemaStore, t: EnumTypeDefinition): TypeUser[] {
  const users: TypeUser[] = [];
  for (const asArray of [true, false]) {
    const oid = asArray ? t.arrayOid : t.oid;
    for (const table of [...schema.listTables()].sort((a, b) => a.oid - b.oid)) {
      for (const column of table.columns) if (column.type.oid === oid) users.push({ table, column, asArray });
    }
  }
  return users;
}

/**
 * A new (or renamed) relation's row type would take the name of a type the schema has: 42710, as
 * PostgreSQL says it (with its hint when the relation is new).
 */
export function refuseTypeNameClash(schema: SchemaStore, namespace: string, name: string, renaming = false): void {
  if (schema.type(namespace, name) === undefined) return;
  const hint = "A relation has an associated type of the same name, so you must use a name that doesn't conflict with any existing type.";
  throw new SqlError('42710', `type "${name}" already exists`, renaming ? {} : { hint });
}
