/**
 * The catalog as pg_catalog shows it: every namespace, relation (tables, views, sequences, indexes,
 * and the virtual catalog relations themselves), column, constraint and role, each with its OID.
 * Built from the schema store once per schema version and shared by every session, so catalog
 * queries and regclass lookups cost a Map get, not a walk over the store.
 */
import type {
  ColumnDefinition, ConstraintDefinition, EnumTypeDefinition, IndexDefinition, SequenceDefinition, TableDefinition, UserDefinition,
  ViewDefinition,
} from '../catalog/table-definition.js';
import type { ColumnType } from '../types/kalam-type.js';
import type { VirtualTable } from './virtual-table.js';

export interface NamespaceEntry {
  readonly oid: number;
  readonly name: string;
  readonly ownerOid: number;
}

/** pg_class.relkind values we have. */
export type RelKind = 'r' | 'v' | 'S' | 'i';

export interface AttributeEntry {
  readonly name: string;
  /** attnum: the column's ordinal (never renumbered), or 1..n for index and view columns. */
  readonly num: number;
  readonly type: ColumnType;
  readonly notNull: boolean;
  readonly column?: ColumnDefinition;
}

export interface RelationEntry {
  readonly oid: number;
  readonly namespace: NamespaceEntry;
  readonly name: string;
  readonly kind: RelKind;
  readonly ownerOid: number;
  /** pg_class.reltype: the row type's OID (0 for indexes and sequences' absent types). */
  readonly rowTypeOid: number;
  readonly attributes: readonly AttributeEntry[];
  readonly table?: TableDefinition;
  readonly view?: ViewDefinition;
  readonly sequence?: SequenceDefinition;
  readonly virtual?: VirtualTable;
  /** For kind 'i': the index and the table it indexes. */
  readonly index?: { readonly def: IndexDefinition; readonly table: TableDefinition };
}

export interface ConstraintEntry {
  readonly def: ConstraintDefinition;
  readonly table: TableDefinition;
}

/** A user-defined (enum) type: its pg_type rows (the type and `_name`) and pg_enum rows. */
export interface TypeEntry {
  readonly def: EnumTypeDefinition;
  readonly namespace: NamespaceEntry;
  readonly ownerOid: number;
}

export interface RoleEntry {
  readonly oid: number;
  readonly user: UserDefinition;
}

export interface CatalogModel {
  readonly namespaces: readonly NamespaceEntry[];
  readonly relations: readonly RelationEntry[];
  readonly constraints: readonly ConstraintEntry[];
  readonly roles: readonly RoleEntry[];
  readonly types: readonly TypeEntry[];
  namespaceByName(name: string): NamespaceEntry | undefined;
  namespaceByOid(oid: number): NamespaceEntry | undefined;
  relationByOid(oid: number): RelationEntry | undefined;
  relationByName(namespace: string, name: string): RelationEntry | undefined;
  roleByName(name: string): RoleEntry | undefined;
  roleByOid(oid: number): RoleEntry | undefined;
}

/** Where each built-in schema lives, as PostgreSQL numbers them (information_schema varies by build). */
export const BUILTIN_NAMESPACE_OIDS: Readonly<Record<string, number>> = {
  pg_catalog: 11, pg_toast: 99, public: 2200, information_schema: 13000, system: 14000,
};

/** PostgreSQL's BOOTSTRAP_SUPERUSERID: the owner of everything built in. */
export const BOOTSTRAP_SUPERUSER_OID = 10;

/**
 * pg_attrdef.oid of a column default. Defaults are column properties here, not records of their
 * own, so their OIDs are derived — stable across restarts, above every OID the store hands out
 * (2^31 and up), one slot per possible attnum (PostgreSQL allows 1,600 columns).
 */
export function attrdefOid(tableOid: number, attnum: number): number {
  return 0x80000000 + (tableOid - 16384) * 1601 + attnum;
}

/** SequenceDefinition.ownedBy ("namespace.table.column") split into its parts. */
export function sequenceOwner(ownedBy: string): { namespace: string; table: string; column: string } {
  const parts = ownedBy.split('.');
  const column = parts.pop()!;
  const table = parts.pop()!;
  return { namespace: parts.join('.'), table, column };
}
