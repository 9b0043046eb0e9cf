/**
 * The text forms of the OID alias types that name catalog objects, as PostgreSQL's regclassin/out,
 * regprocin/out, regprocedurein/out, regnamespacein/out and regrolein/out: a name in, a name out,
 * the value itself an OID. Digits read as the OID itself, '-' as 0, and 0 prints as '-'; an OID
 * that names nothing prints as its number.
 *
 *   SELECT 'pg_class'::regclass          → pg_class     (1259)
 *   SELECT 'pg_catalog.array_in'::regproc → array_in    (750)
 *   SELECT 99999::regclass                → 99999
 *
 * Relations, schemas and roles come from the session's catalog (TypeContext.catalog); functions
 * from the built-in table (we have no user functions).
 */
import { Errors, SqlError } from '../errors/sql-error.js';
import { quoteIdentifier } from '../util/sql-quote.js';
import { builtinFunction, builtinFunctionNamed } from './builtin-functions.js';
import type { CatalogNames } from './catalog-names.js';
import { parseOid } from './oid-text.js';
import { parseQualifiedName } from './qualified-name.js';
import type { TypeContext } from './type-context.js';

const DIGITS = /^\d+$/;

/** Only bare digits are the OID (`' 12 '` is a relation name, as in PostgreSQL); '-' is 0. */
function numeric(text: string, typeName: string): number | undefined {
  if (DIGITS.test(text)) return parseOid(text, typeName);
  return text === '-' ? 0 : undefined;
}

function catalogOf(ctx: TypeContext, typeName: string, text: string): CatalogNames {
  if (ctx.catalog === undefined) {
    // Only reached where no session is at hand (constant folding, tests): say so plainly.
    throw new SqlError('0A000', `cannot resolve ${typeName} "${text}" here: no catalog is available`);
  }
  return ctx.catalog;
}

/** The last name part, after checking the schema is pg_catalog (where our built-ins live). */
function builtinName(parts: readonly string[]): string | undefined {
  if (parts.length > 2 || (parts.length === 2 && parts[0] !== 'pg_catalog')) return undefined;
  return parts[parts.length - 1];
}

export function parseRegclass(text: string, ctx: TypeContext): number {
  return numeric(text, 'oid') ?? catalogOf(ctx, 'regclass', text).relationOid(text);
}

export function formatRegclass(oid: number, ctx: TypeContext): string {
  if (oid === 0) return '-';
  return ctx.catalog?.relationName(oid) ?? String(oid);
}

export function parseRegproc(text: string): number {
  const n = numeric(text, 'oid');
  if (n !== undefined) return n;
  const fn = builtinFunctionNamed(builtinName(parseQualifiedName(text)) ?? '');
  if (fn === undefined) throw Errors.undefinedFunction(`function "${text}" does not exist`);
  return fn.oid;
}

export function formatRegproc(oid: number): string {
  if (oid === 0) return '-';
  return builtinFunction(oid)?.name ?? String(oid);
}

/** regprocedurein: `name(argtypes)`; the argument list must be the function's own. */
export function parseRegprocedure(text: string): number {
  const n = numeric(text, 'oid');
  if (n !== undefined) return n;
  const open = text.indexOf('(');
  if (open < 0) throw Errors.invalidTextRepresentation('expected a left parenthesis');
  const fn = builtinFunctionNamed(builtinName(parseQualifiedName(text.slice(0, open))) ?? '');
  const args = text.slice(open).replace(/\s+/g, '').toLowerCase();
  if (fn === undefined || fn.args.replace(/\s+/g, '').toLowerCase() !== args) {
    throw Errors.undefinedFunction(`function "${text}" does not exist`);
  }
  return fn.oid;
}

export function formatRegprocedure(oid: number): string {
  if (oid === 0) return '-';
  const fn = builtinFunction(oid);
  return fn === undefined ? String(oid) : `${fn.name}${fn.args}`;
}

/** One unqualified name, as regnamespacein and regrolein accept. */
function singleName(text: string): string {
  const parts = parseQualifiedName(text);
  if (parts.length !== 1) throw new SqlError('42602', 'invalid name syntax');
  return parts[0]!;
}

export function parseRegnamespace(text: string, ctx: TypeContext): number {
  const n = numeric(text, 'oid');
  if (n !== undefined) return n;
  const name = singleName(text);
  const oid = catalogOf(ctx, 'regnamespace', text).namespaceOid(name);
  if (oid === undefined) throw Errors.undefinedSchema(name);
  return oid;
}

export function formatRegnamespace(oid: number, ctx: TypeContext): string {
  if (oid === 0) return '-';
  const name = ctx.catalog?.namespaceName(oid);
  return name === undefined ? String(oid) : quoteIdentifier(name);
}

export function parseRegrole(text: string, ctx: TypeContext): number {
  const n = numeric(text, 'oid');
  if (n !== undefined) return n;
  const name = singleName(text);
  const oid = catalogOf(ctx, 'regrole', text).roleOid(name);
  if (oid === undefined) throw Errors.undefinedObject(`role "${name}" does not exist`);
  return oid;
}

export function formatRegrole(oid: number, ctx: TypeContext): string {
  if (oid === 0) return '-';
  const name = ctx.catalog?.roleName(oid);
  return name === undefined ? String(oid) : quoteIdentifier(name);
}
