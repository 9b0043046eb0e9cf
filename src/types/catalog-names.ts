/**
 * What the text input and output of regclass, regnamespace and regrole ask the catalog: the part
 * of the binder's CatalogLookup (binder/expr/catalog-lookup.ts) these types call, named here so
 * that types/ does not reach up into the binder. A CatalogLookup is one, structurally.
 */
export interface CatalogNames {
  /** regclassin: `t`, `public.t`, `"My T"` → the OID; throws 42P01 when there is none. */
  relationOid(text: string): number;
  /** regclassout: the name, qualified when not visible; null when no relation has the OID. */
  relationName(oid: number): string | null;
  namespaceOid(name: string): number | undefined;
  namespaceName(oid: number): string | undefined;
  roleOid(name: string): number | undefined;
  roleName(oid: number): string | undefined;
  /**
   * A user-defined type (an enum, or `_name` for its array) by name, in the schema given or the
   * first on the search path that has it; undefined when there is none.
   */
  userTypeOid(schema: string | undefined, name: string): number | undefined;
}
