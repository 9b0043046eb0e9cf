/**
 * What expressions ask the catalog while they run: the input and output of the OID alias types
 * (regclass, regnamespace, regrole, regproc), visibility on the search path, and the catalog model
 * the pg_catalog functions (pg_get_expr, obj_description, …) read. The executor builds one per
 * statement from the session (src/system/session-catalog.ts); everything it answers comes from the
 * cached schema store, never from disk.
 */
import type { CatalogModel } from '../../system/catalog-model.js';
import type { CatalogNames } from '../../types/catalog-names.js';

/** The name look-ups of the OID types (types/catalog-names.ts), and what catalog functions need besides. */
export interface CatalogLookup extends CatalogNames {
  /** pg_table_is_visible: the first relation of that name on the search path is this one. */
  relationVisible(oid: number): boolean;
  /** The effective search path, pg_catalog first when not named (current_schemas(true)). */
  searchPath(includeImplicit: boolean): readonly string[];
  /** pg_sequence_last_value: the sequence's last value, NULL if never used; 42809 if not a sequence. */
  sequenceLastValue(oid: number): bigint | null;
  /** Every catalog object with its OIDs, as pg_catalog shows them (cached per schema version). */
  model(): CatalogModel;
}
