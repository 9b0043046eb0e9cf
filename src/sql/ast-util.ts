/**
 * Small readers for libpg-query's JSON, smoothing over its quirks (PostgreSQL 15, libpg_query
 * 15-4.x). The JSON is protobuf-style: a field at its default value is left out, so `0`, `false`,
 * `''` and empty lists are often simply absent. AST-NOTES.md shows the shapes in full.
 */
import { SqlError } from '../errors/sql-error.js';
import type { PgNode } from './statement.js';

/** The node's type name: `{ SelectStmt: {…} }` → 'SelectStmt'. */
export function nodeKind(node: PgNode): string {
  for (const key in node) return key;
  throw new SqlError('XX000', 'internal error: empty AST node (this is a bug in kalamdb-pg, please report it)');
}

/** The node's fields: `{ SelectStmt: body }` → body. The caller names the type it expects. */
export function nodeBody<T>(node: PgNode): T {
  return node[nodeKind(node)] as T;
}

/** `node` as type `kind`'s body, or undefined if it is another node type. */
export function asNode<T>(node: PgNode | undefined, kind: string): T | undefined {
  return node !== undefined && kind in node ? (node[kind] as T) : undefined;
}

/**
 * The value of an A_Const, typed the way PostgreSQL's make_const types it:
 *
 *   SELECT 1            {ival:{ival:1}}             → integer 1     (int4)
 *   SELECT 0            {ival:{}}                   → integer 0     (0 is left out!)
 *   SELECT 3000000000   {fval:{fval:'3000000000'}}  → bigint 3000000000n  (integer too big for
 *   SELECT -2147483648  {fval:{fval:'-2147483648'}} → bigint …      int4 but fits int8 → int8)
 *   SELECT 1.5, 1e3     {fval:{fval:'1.5'}}         → numeric '1.5' (any other number → numeric)
 *   SELECT 'x'          {sval:{sval:'x'}}           → string 'x'    (type unknown until bound)
 *   SELECT ''           {sval:{sval:''}}            → string ''
 *   SELECT true         {boolval:{boolval:true}}    → boolean true
 *   SELECT false        {boolval:{}}                → boolean false (false is left out!)
 *   SELECT NULL         {isnull:true}               → null
 *   SELECT b'0101'      {bsval:{bsval:'b0101'}}     → bitstring 'b0101' (first char b|x = radix)
 *   SELECT x'ff'        {bsval:{bsval:'xff'}}       → bitstring 'xff'
 *
 * Accepts the A_Const body or the whole `{ A_Const: … }` node.
 */
export type ConstValue =
  | { readonly type: 'integer'; readonly value: number }
  | { readonly type: 'bigint'; readonly value: bigint }
  | { readonly type: 'numeric'; readonly text: string }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'null' }
  | { readonly type: 'bitstring'; readonly text: string };

interface AConstBody {
  readonly isnull?: boolean;
  readonly ival?: { readonly ival?: number };
  readonly fval?: { readonly fval?: string };
  readonly sval?: { readonly sval?: string };
  readonly boolval?: { readonly boolval?: boolean };
  readonly bsval?: { readonly bsval?: string };
  readonly location?: number;
}

const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

export function constValue(aConst: PgNode): ConstValue {
  const c = ('A_Const' in aConst ? aConst['A_Const'] : aConst) as AConstBody;
  if (c.isnull) return { type: 'null' };
  if (c.ival) return { type: 'integer', value: c.ival.ival ?? 0 };
  if (c.fval) {
    const text = c.fval.fval ?? '0';
    if (/^-?\d+$/.test(text)) {
      const n = BigInt(text);
      if (n >= INT8_MIN && n <= INT8_MAX) return { type: 'bigint', value: n };
    }
    return { type: 'numeric', text };
  }
  if (c.sval) return { type: 'string', value: c.sval.sval ?? '' };
  if (c.boolval) return { type: 'boolean', value: c.boolval.boolval ?? false };
  if (c.bsval) return { type: 'bitstring', text: c.bsval.bsval ?? '' };
  throw new SqlError('XX000', `internal error: unrecognized A_Const ${JSON.stringify(c)} (this is a bug in kalamdb-pg, please report it)`);
}

/** The text of a `{ String: { sval } }` node ('' when sval is left out). */
export function stringValue(node: PgNode): string {
  const s = node['String'] as { sval?: string } | undefined;
  if (!s) {
    throw new SqlError('XX000', `internal error: expected a String node, got ${nodeKind(node)} (this is a bug in kalamdb-pg, please report it)`);
  }
  return s.sval ?? '';
}

/**
 * A dotted name from its String nodes, as in RangeVar-less places (function names, type names,
 * DROP objects, operator names): `[{String:{sval:'pg_catalog'}},{String:{sval:'int4'}}]` →
 * ['pg_catalog', 'int4']. Identifiers arrive already folded/unquoted by the grammar.
 */
export function qualifiedName(names: readonly PgNode[]): string[] {
  return names.map(stringValue);
}

/** Optional list fields are left out when empty: `list(body.sortClause)` is always an array. */
export function list(nodes: readonly PgNode[] | undefined): readonly PgNode[] {
  return nodes ?? [];
}

/**
 * The value of a DefElem's `arg` (WITH (…) options, EXPLAIN options, role options, sequence
 * options), as the grammar produces it:
 *
 *   WITH (type = 'USER')      {String:{sval:'USER'}}     → 'USER'
 *   WITH (ttl_seconds = 3600) {Integer:{ival:3600}}      → 3600
 *   WITH (ttl_seconds = 0)    {Integer:{}}               → 0      (0 is left out!)
 *   WITH (x = 1.5)            {Float:{fval:'1.5'}}       → 1.5
 *   WITH (y = true)           {String:{sval:'true'}}     → 'true' (a bare word is a String…)
 *   WITH (w = off)            {TypeName:{names:[{String:{sval:'off'}}]}} → 'off' (…or a TypeName)
 *   CREATE ROLE r LOGIN       {Boolean:{boolval:true}}   → true
 *   EXPLAIN (ANALYZE)         no arg                     → undefined
 *   BEGIN READ ONLY           {A_Const:{ival:{ival:1}}}  → 1
 */
export function defElemValue(defElem: PgNode): string | number | boolean | undefined {
  const body = ('DefElem' in defElem ? defElem['DefElem'] : defElem) as { arg?: PgNode };
  const arg = body.arg;
  if (!arg) return undefined;
  const kind = nodeKind(arg);
  const v = arg[kind] as Record<string, unknown>;
  switch (kind) {
    case 'String': return (v['sval'] as string | undefined) ?? '';
    case 'Integer': return (v['ival'] as number | undefined) ?? 0;
    case 'Float': return Number((v['fval'] as string | undefined) ?? '0');
    case 'Boolean': return (v['boolval'] as boolean | undefined) ?? false;
    case 'TypeName': {
      const names = (v['names'] as PgNode[] | undefined) ?? [];
      return names.length ? stringValue(names[names.length - 1]!) : '';
    }
    case 'A_Const': {
      const c = constValue(arg);
      switch (c.type) {
        case 'integer': case 'string': case 'boolean': return c.value;
        case 'bigint': return Number(c.value);
        case 'numeric': return Number(c.text);
        case 'bitstring': return c.text;
        case 'null': return undefined;
      }
    }
  }
  throw new SqlError('XX000', `internal error: unexpected DefElem argument ${kind} (this is a bug in kalamdb-pg, please report it)`);
}

/**
 * A Boolean option's value as PostgreSQL's defGetBoolean reads it: no argument is true; 1/0,
 * true/false, on/off, yes/no otherwise; anything else is 42601 "<name> requires a Boolean value".
 */
export function defElemBoolean(name: string, value: string | number | boolean | undefined): boolean {
  if (value === undefined || value === true || value === 1) return true;
  if (value === false || value === 0) return false;
  const s = String(value).toLowerCase();
  if (['true', 'on', 'yes', '1'].includes(s)) return true;
  if (['false', 'off', 'no', '0'].includes(s)) return false;
  throw new SqlError('42601', `${name} requires a Boolean value`);
}
