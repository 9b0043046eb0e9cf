/**
 * A storage's path templates (seed 002, "dynamic storage path resolution"): which directory, under
 * the storage's base, holds a table's segments — one per table for SHARED and STREAM tables, one
 * per user for USER tables.
 *
 *   SHARED_TABLES_TEMPLATE '{namespace}/{tableName}'           app/prices
 *   USER_TABLES_TEMPLATE   '{namespace}/{tableName}/{userId}'  app/messages/u16385
 *   USER_TABLES_TEMPLATE   '{shard}/{namespace}/{tableName}/{userId}'
 *                                                              shard_7/app/messages/u16385
 *
 * Resolution has two steps, as in the seed: {namespace} and {tableName} are fixed per table and
 * substituted once (the result is cached per table, storage/storage-paths.ts); {userId} and
 * {shard} are substituted per user partition.
 *
 * The rules make every table's (and user's) directory its own, so no two scopes ever share a
 * segment directory: {namespace} and {tableName} are required in both templates, {userId} in the
 * user template (and only there), at most one placeholder per path segment (`{namespace}_{tableName}`
 * could not tell `a_b`.`c` from `a`.`b_c`), and substituted values are escaped so that a name
 * holding `/` or `..` stays one segment.
 */
import { Errors, SqlError } from '../errors/sql-error.js';
import { crc32 } from '../util/crc32.js';

export const DEFAULT_SHARED_TABLES_TEMPLATE = '{namespace}/{tableName}';
export const DEFAULT_USER_TABLES_TEMPLATE = '{namespace}/{tableName}/{userId}';

/** {shard} spreads user directories over this many buckets: `shard_0` … `shard_15`. */
export const SHARD_COUNT = 16;

export type TemplateKind = 'shared' | 'user';

const PLACEHOLDERS = ['namespace', 'tableName', 'userId', 'shard'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

const OPTION: Record<TemplateKind, string> = { shared: 'SHARED_TABLES_TEMPLATE', user: 'USER_TABLES_TEMPLATE' };
const REQUIRED: Record<TemplateKind, readonly Placeholder[]> = {
  shared: ['namespace', 'tableName'],
  user: ['namespace', 'tableName', 'userId'],
};
const PLACEHOLDER = /\{([^{}]*)\}/g;

function invalid(kind: TemplateKind, template: string, why: string, hint?: string): SqlError {
  return new SqlError('22023', `invalid ${OPTION[kind]} "${template}": ${why}`, { hint });
}

/**
 * Checks a template for its kind and returns it normalised (trailing `/` dropped).
 * Throws 22023 (invalid_parameter_value) naming what is wrong.
 */
export function checkTemplate(kind: TemplateKind, template: string): string {
  const t = template.replace(/\/+$/, '');
  const hint = `Use {namespace}, {tableName}${kind === 'user' ? ', {userId} and {shard}' : ''}, e.g. '${
    kind === 'user' ? DEFAULT_USER_TABLES_TEMPLATE : DEFAULT_SHARED_TABLES_TEMPLATE}'.`;
  if (/[\\\0]/.test(t)) throw invalid(kind, template, 'backslashes and NUL characters are not allowed', hint);
  const used = new Set<Placeholder>();
  for (const segment of t.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw invalid(kind, template, "it must be a relative path of named segments (no leading '/', no '.' or '..', no '//')", hint);
    }
    const names = [...segment.matchAll(PLACEHOLDER)].map((m) => m[1]!);
    if (segment.replace(PLACEHOLDER, '').match(/[{}]/)) throw invalid(kind, template, 'unbalanced { or }', hint);
    for (const name of names) {
      if (!(PLACEHOLDERS as readonly string[]).includes(name)) throw invalid(kind, template, `unknown placeholder {${name}}`, hint);
      if (used.has(name as Placeholder)) throw invalid(kind, template, `{${name}} appears more than once`, hint);
      used.add(name as Placeholder);
    }
    if (names.length > 1) {
      throw invalid(kind, template, `"${segment}" holds more than one placeholder: each must have a path segment of its own`, hint);
    }
  }
  if (kind === 'shared') {
    for (const name of ['userId', 'shard'] as const) {
      if (used.has(name)) throw invalid(kind, template, `{${name}} has no value for a SHARED table (it belongs in USER_TABLES_TEMPLATE)`, hint);
    }
  }
  for (const name of REQUIRED[kind]) {
    if (!used.has(name)) {
      throw invalid(kind, template, `{${name}} is required${kind === 'user' && name === 'userId' ? ': each user\'s segments need a directory of their own' : ''}`, hint);
    }
  }
  return t;
}

/**
 * A name as one path segment: letters, digits, `_`, `-` and inner `.` as they are, everything else
 * as %XX of its UTF-8 bytes (so `a/b` and `..` cannot leave their segment).
 */
export function pathSegment(value: string): string {
  if (value === '') throw Errors.internal('empty path segment');
  let out = '';
  for (const b of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(b);
    const plain = /[A-Za-z0-9_-]/.test(c) || (c === '.' && out !== '');
    out += plain ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The {shard} of a user: a stable bucket of the user id. */
export function shardOf(userId: string): string {
  return `shard_${crc32(Buffer.from(userId, 'utf8')) % SHARD_COUNT}`;
}

/** Step one: a table's template with {namespace} and {tableName} substituted ({userId}, {shard} kept). */
export function substituteTable(template: string, table: { readonly namespace: string; readonly name: string }): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    name === 'namespace' ? pathSegment(table.namespace) : name === 'tableName' ? pathSegment(table.name) : whole);
}

/** Step two: a user's directory from the table's partial path. */
export function substituteUser(partial: string, userId: string): string {
  return partial.replace(PLACEHOLDER, (whole, name: string) =>
    name === 'userId' ? pathSegment(userId) : name === 'shard' ? shardOf(userId) : whole);
}
