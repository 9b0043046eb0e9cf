/**
 * The TypeContext a catalog-named type's I/O runs with while a statement executes: the session's,
 * with the statement's CatalogLookup (EvalContext.catalog) for regclass, regnamespace and regrole
 * to read and print names. One per EvalContext, so literals cached per TypeContext are re-read
 * each execution (the catalog may have changed in between).
 */
import { arrayElementType, isArrayType } from '../../types/array-type.js';
import { needsCatalog } from '../../types/catalog-type-text.js';
import { KalamDataType, type ColumnType } from '../../types/kalam-type.js';
import { PgOid } from '../../types/pg-oids.js';
import type { TypeContext } from '../../types/type-context.js';
import type { EvalContext } from './bound-expr.js';

const withCatalog = new WeakMap<EvalContext, TypeContext>();

export function catalogTypeContext(ctx: EvalContext): TypeContext {
  if (ctx.catalog === undefined || ctx.typeCtx.catalog !== undefined) return ctx.typeCtx;
  let tc = withCatalog.get(ctx);
  if (tc === undefined) {
    tc = { ...ctx.typeCtx, catalog: ctx.catalog };
    withCatalog.set(ctx, tc);
  }
  return tc;
}

/** regclass, regnamespace, regrole and arrays of them: their text form is a catalog name. */
export function namesCatalogObjects(type: ColumnType): boolean {
  return needsCatalog(isArrayType(type) && type.oid !== PgOid.ANYARRAY ? arrayElementType(type).oid : type.oid);
}

/** A cast that reads or prints a catalog name: regclass ↔ text (not regclass ↔ oid, a number either way). */
export function castNeedsCatalog(from: ColumnType, to: ColumnType): boolean {
  const textual = (t: ColumnType) => (isArrayType(t) && t.oid !== PgOid.ANYARRAY ? arrayElementType(t) : t).kalam === KalamDataType.TEXT;
  return (namesCatalogObjects(from) && textual(to)) || (namesCatalogObjects(to) && textual(from));
}
