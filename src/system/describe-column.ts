/** How a column is shown by the catalogs: PostgreSQL's spellings, derived from one definition. */
import type { ColumnDefinition } from '../catalog/table-definition.js';
import { formatType } from '../types/declared-type.js';
import { KalamDataType } from '../types/kalam-type.js';
import { PgOid } from '../types/pg-oids.js';
import { pgTypeInfo } from '../types/type-registry.js';
import { formatRegtype } from '../types/regtype-text.js';
import { enumOfArray, enumType, isEnumOid } from '../types/enum-types.js';

/** information_schema.columns.data_type: the type without modifiers; extension types → USER-DEFINED. */
export function informationSchemaDataType(c: ColumnDefinition): string {
  if (c.type.oid === PgOid.VECTOR || isEnumOid(c.type.oid)) return 'USER-DEFINED';
  if (c.type.kalam === KalamDataType.ARRAY) return 'ARRAY';
  // format_type(oid, NULL): char(n) is 'character' here, though format_type(oid, -1) says bpchar.
  return formatRegtype(c.type.oid);
}

/** The declared type in full, as format_type(atttypid, atttypmod) prints it. */
export function declaredType(c: ColumnDefinition): string {
  return formatType(c.type.oid, c.type.typmod);
}

export function udtName(c: ColumnDefinition): string {
  return pgTypeInfo(c.type.oid)?.name ?? 'text';
}

/** information_schema's udt_schema: where the column's type lives (enums: their schema; vector: public). */
export function udtSchema(c: ColumnDefinition): string {
  const e = enumType(c.type.oid) ?? enumOfArray(c.type.oid);
  if (e !== undefined) return e.namespace;
  return c.type.oid === PgOid.VECTOR ? 'public' : 'pg_catalog';
}

export function defaultText(c: ColumnDefinition): string | null {
  switch (c.default.kind) {
    case 'none':
      return null;
    case 'sequence':
      return `nextval('${c.default.sequence}'::regclass)`;
    case 'expression':
      return c.default.text;
  }
}
