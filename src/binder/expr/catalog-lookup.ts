/**
 * What expressions ask the catalog while they run: the input and output of the OID alias types
 * (regclass, regnamespace, regrole, regproc), visibility on the search path, and the catalog model
 * the pg_catalog functions (pg_get_expr, obj_description, …) read. The executor builds one per
 * statement from the session (src/system/session-catalog.ts); everything it answers comes from the
 * cached schema store, never from disk.
 */
import type { CatalogModel } from '../../system/catalog-model.js';

export interface CatalogLookup {
  /** regclassin: a relation name as typed (`t`, `public.t`, `"My T"`) or an OID → its OID; 42P01 if none. */
  relationOid(text: string): number;
  /** regclassout: the name, schema-qualified when not visible on the search path; null if no such OID. */
  relationName(oid: number): string | null;
  /** regnamespacein/out; undefined when there is none. */
  namespaceOid(name: string): number | undefined;
  namespaceName(oid: number): string | undefined;
  /** regrolein/out and pg_get_userbyid. */
  roleOid(name: string): number | undefined;
  roleName(oid: number): string | undefined;
  /** pg_table_is_visible: the first relation of that name on the search path is this one. */
  relationVisible(oid: number): boolean;
  /** The effective search path, pg_catalog first when not named (current_schemas(true)). */
  searchPath(includeImplicit: boolean): readonly string[];
  /** pg_sequence_last_value: the sequence's last value, NULL if never used; 42809 if not a sequence. */
  sequenceLastValue(oid: number): bigint | null;
  /** Every catalog object with its OIDs, as pg_catalog shows them (cached per schema version). */
  model(): CatalogModel;
}
