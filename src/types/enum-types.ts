/**
 * The enum types users create (`CREATE TYPE mood AS ENUM ('sad','ok','happy')`), as the type
 * layer sees them: a value of an enum is its label, kept as a string (KalamDataType.TEXT under the
 * enum's own OID), and it orders by the label's pg_enum.enumsortorder, not alphabetically.
 *
 * The schema store (catalog/schema-store.ts) is their truth and registers each one here when it
 * loads or changes, so that everything keyed by a type OID — pgTypeInfo, text input, comparison,
 * format_type — knows them without reaching up into the catalog. One registry per process: two
 * servers started in one process with different enums under the same OID would see the later one.
 */
import { Errors, SqlError } from '../errors/sql-error.js';
import { quoteIdentifier } from '../util/sql-quote.js';
import type { CatalogNames } from './catalog-names.js';

/** PostgreSQL's FirstNormalObjectId: every built-in type's OID is below it, every enum's above. */
export const FIRST_USER_OID = 16384;

export interface EnumLabel {
  /** pg_enum.oid */
  readonly oid: number;
  readonly label: string;
  /** pg_enum.enumsortorder: a float4; BEFORE/AFTER put a new label at a neighbour's midpoint. */
  readonly sortOrder: number;
}

export interface EnumTypeInfo {
  readonly oid: number;
  /** The OID of its array type, `_name`. */
  readonly arrayOid: number;
  readonly namespace: string;
  readonly name: string;
  /** In sort order. */
  readonly labels: readonly EnumLabel[];
}

interface Registered {
  readonly info: EnumTypeInfo;
  /** What was registered (the catalog's record), so only its owner unregisters it. */
  readonly source: EnumTypeInfo;
  /** label → position in sort order. */
  readonly rank: ReadonlyMap<string, number>;
}

const byOid = new Map<number, Registered>();
const byArrayOid = new Map<number, Registered>();
const byName = new Map<string, Registered>();
/** Bumped on every change, so a comparator re-reads its type's ranks only after a change. */
let generation = 0;

export function registerEnumType(info: EnumTypeInfo): void {
  const old = byOid.get(info.oid);
  if (old !== undefined) unregisterEnumType(old.source);
  const labels = [...info.labels].sort((a, b) => a.sortOrder - b.sortOrder);
  const entry: Registered = { info: { ...info, labels }, source: info, rank: new Map(labels.map((l, i) => [l.label, i])) };
  byOid.set(info.oid, entry);
  byArrayOid.set(info.arrayOid, entry);
  byName.set(`${info.namespace}.${info.name}`, entry);
  generation++;
}

/** Forgets a registered type, unless another record has been registered under its OID since. */
export function unregisterEnumType(source: EnumTypeInfo): void {
  const old = byOid.get(source.oid);
  if (old === undefined || old.source !== source) return;
  byOid.delete(source.oid);
  generation++;
  byArrayOid.delete(old.info.arrayOid);
  const key = `${old.info.namespace}.${old.info.name}`;
  if (byName.get(key) === old) byName.delete(key);
}

/**
 * An enum by name where no session's search path is at hand (expressions bound outside a
 * statement's catalog: defaults and CHECKs written in DDL): the schema given, else public, else
 * the one schema that has such a type.
 */
export function enumByName(schema: string | undefined, name: string): EnumTypeInfo | undefined {
  if (schema !== undefined) return byName.get(`${schema}.${name}`)?.info;
  const inPublic = byName.get(`public.${name}`);
  if (inPublic !== undefined) return inPublic.info;
  const all = [...byName.values()].filter((e) => e.info.name === name);
  return all.length === 1 ? all[0]!.info : undefined;
}

/** The OID of an enum by name (enumByName), or of its array type by `_name`. */
export function enumTypeOidByName(schema: string | undefined, name: string): number | undefined {
  const e = enumByName(schema, name);
  if (e !== undefined) return e.oid;
  return name.startsWith('_') ? enumByName(schema, name.slice(1))?.arrayOid : undefined;
}

export function enumType(oid: number): EnumTypeInfo | undefined {
  return byOid.get(oid)?.info;
}

/** The enum whose array type has this OID. */
export function enumOfArray(arrayOid: number): EnumTypeInfo | undefined {
  return byArrayOid.get(arrayOid)?.info;
}

export function isEnumOid(oid: number): boolean {
  return byOid.has(oid);
}

/** An enum or an array of one: types whose order is not their KalamDataType's. */
export function ordersByLabels(oid: number): boolean {
  return byOid.has(oid) || byArrayOid.has(oid);
}

/**
 * How format_type names the type: qualified unless the session's search path finds it by its bare
 * name. Where no session is at hand (information_schema), unless it is in public or pg_catalog,
 * the default search_path's schemas.
 */
export function enumDisplayName(info: EnumTypeInfo, catalog?: CatalogNames): string {
  const name = quoteIdentifier(info.name);
  const visible = catalog !== undefined
    ? catalog.userTypeOid(undefined, info.name) === info.oid
    : info.namespace === 'public' || info.namespace === 'pg_catalog';
  return visible ? name : `${quoteIdentifier(info.namespace)}.${name}`;
}

/** enum_in: the label itself, or 22P02 naming the type. */
export function enumIn(text: string, oid: number, catalog?: CatalogNames): string {
  const entry = byOid.get(oid);
  if (entry === undefined) throw Errors.internal(`enum type ${oid} is not registered`);
  if (!entry.rank.has(text)) {
    throw new SqlError('22P02', `invalid input value for enum ${enumDisplayName(entry.info, catalog)}: "${text}"`);
  }
  return text;
}

/**
 * enum_cmp: by sort order. Looked up on each call, so a plan built before `ALTER TYPE … ADD
 * VALUE` still orders a label added since.
 */
export function enumComparator(oid: number): (a: unknown, b: unknown) => number {
  let seen = -1;
  let rank: ReadonlyMap<string, number> | undefined;
  return (a, b) => {
    if (a === b) return 0;
    if (seen !== generation) {
      rank = byOid.get(oid)?.rank;
      seen = generation;
    }
    const x = rank?.get(a as string) ?? -1;
    const y = rank?.get(b as string) ?? -1;
    return x < y ? -1 : x > y ? 1 : 0;
  };
}
