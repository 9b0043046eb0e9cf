/**
 * regtype (OID 2206): a type's OID that prints as the type's SQL name. Its value is the OID (an
 * int4-like number, as PostgreSQL's binary form is); text output is format_type_be's, input
 * accepts what PostgreSQL's parseTypeString does for the types we know.
 *
 *   SELECT pg_typeof('x'::char(3))   → character        (format_type_be: no typmod, SQL name)
 *   SELECT 'int4'::regtype           → integer
 *   SELECT 'varchar(10)[]'::regtype  → character varying[]
 */
import { Errors } from '../errors/sql-error.js';
import { formatType } from './format-type.js';
import { PgOid } from './pg-oids.js';
import { parseQualifiedName } from './qualified-name.js';
import { allPgTypes, pgTypeInfo } from './type-registry.js';
import { enumTypeOidByName } from './enum-types.js';
import type { CatalogNames } from './catalog-names.js';

/** format_type_be(oid): like format_type(oid, NULL) — bpchar without typmod is `character`. */
export function formatRegtype(oid: number, catalog?: CatalogNames): string {
  if (oid === 0) return '-';
  const info = pgTypeInfo(oid);
  if (info === undefined) return String(oid);
  if (oid === PgOid.BPCHAR) return 'character';
  if (info.category === 'A' && info.elemOid === PgOid.BPCHAR) return 'character[]';
  return formatType(oid, -1, catalog);
}

/** SQL spellings that are not a pg_type.typname. */
const ALIASES: Record<string, number> = {
  int: PgOid.INT4, integer: PgOid.INT4, smallint: PgOid.INT2, bigint: PgOid.INT8,
  real: PgOid.FLOAT4, float: PgOid.FLOAT8, 'double precision': PgOid.FLOAT8, boolean: PgOid.BOOL,
  decimal: PgOid.NUMERIC, 'character varying': PgOid.VARCHAR, character: PgOid.BPCHAR, char: PgOid.BPCHAR,
  'timestamp without time zone': PgOid.TIMESTAMP, 'timestamp with time zone': PgOid.TIMESTAMPTZ,
  'time without time zone': PgOid.TIME,
};

let byName: Map<string, number> | undefined;

function typeNames(): Map<string, number> {
  byName ??= new Map(allPgTypes().map((t) => [t.name, t.oid]));
  return byName;
}

function oidOfName(name: string): number | undefined {
  return ALIASES[name] ?? typeNames().get(name);
}

/**
 * A quoted or schema-qualified name is a pg_type.typname, never an SQL spelling: `"char"` is the
 * one-byte type and `"pg_catalog"."int4"` (what TypeORM sends) is integer; built-in types live in
 * pg_catalog only.
 */
function oidOfQualifiedName(name: string, catalog: CatalogNames | undefined): number | undefined {
  const parts = parseQualifiedName(name);
  if (parts.length > 2) return undefined;
  const schema = parts.length === 2 ? parts[0] : undefined;
  const typname = parts[parts.length - 1]!;
  const builtin = schema === undefined || schema === 'pg_catalog' ? typeNames().get(typname) : undefined;
  return builtin ?? (schema === 'pg_catalog' ? undefined : userType(catalog, schema, typname));
}

/** A user-defined type (an enum) by name: through the session's catalog, or the process-wide registry. */
function userType(catalog: CatalogNames | undefined, schema: string | undefined, name: string): number | undefined {
  return catalog !== undefined ? catalog.userTypeOid(schema, name) : enumTypeOidByName(schema, name);
}

/** regtypein: a type name (optionally schema-qualified, with typmod and [] suffixes) or an OID. */
export function parseRegtype(text: string, catalog?: CatalogNames): number {
  const s = text.trim();
  if (/^\d+$/.test(s)) return Number(s);
  if (s === '-') return 0;
  let name = s.replace(/\s+/g, ' ');
  let arrays = 0;
  while (/\[\d*\]\s*$/.test(name)) {
    name = name.replace(/\s*\[\d*\]\s*$/, '');
    arrays++;
  }
  name = name.replace(/\s*\([^)]*\)/, '').trim();
  let oid = /[".]/.test(name) ? oidOfQualifiedName(name, catalog) : (oidOfName(name.toLowerCase()) ?? userType(catalog, undefined, name.toLowerCase()));
  for (let i = 0; i < arrays && oid !== undefined; i++) {
    const array = pgTypeInfo(oid)?.arrayOid;
    oid = array === undefined || array === 0 ? undefined : array;
  }
  if (oid === undefined) throw Errors.undefinedObject(`type "${s}" does not exist`);
  return oid;
}
