/**
 * Text input and output of the catalog types, which share a KalamDataType with an ordinary type
 * but not its text form: the OID family (INT), "char" and pg_node_tree (TEXT), int2vector and
 * oidvector (ARRAY), pg_lsn (BIGINT). text-codec asks here only when a value's OID is not the
 * KalamDataType's usual one, so the common types pay one comparison.
 */
import { SqlError } from '../errors/sql-error.js';
import { formatChar, parseChar } from './char-text.js';
import { formatIntVector, parseInt2vector, parseOidvector } from './int-vector-text.js';
import type { Value } from './kalam-type.js';
import { parseOid, parseXid } from './oid-text.js';
import type { PgArray } from './pg-array.js';
import { PgOid } from './pg-oids.js';
import { formatPgLsn, parsePgLsn } from './pg-lsn-text.js';
import {
  formatRegclass, formatRegnamespace, formatRegproc, formatRegprocedure, formatRegrole, parseRegclass,
  parseRegnamespace, parseRegproc, parseRegprocedure, parseRegrole,
} from './reg-text.js';
import { formatRegtype, parseRegtype } from './regtype-text.js';
import type { TypeContext } from './type-context.js';

export interface TextForm {
  parse(text: string, ctx: TypeContext): Exclude<Value, null>;
  format(v: Exclude<Value, null>, ctx: TypeContext): string;
}

/** Types PostgreSQL only ever outputs: their input function refuses every value. */
function outputOnly(name: string, format: TextForm['format']): TextForm {
  return {
    parse: () => { throw new SqlError('0A000', `cannot accept a value of type ${name}`); },
    format,
  };
}

const FORMS = new Map<number, TextForm>([
  [PgOid.OID, { parse: (t) => parseOid(t), format: (v) => String(v) }],
  [PgOid.XID, { parse: parseXid, format: (v) => String(v) }],
  [PgOid.REGTYPE, { parse: (t, c) => parseRegtype(t, c.catalog), format: (v, c) => formatRegtype(v as number, c.catalog) }],
  [PgOid.REGCLASS, { parse: parseRegclass, format: (v, c) => formatRegclass(v as number, c) }],
  [PgOid.REGPROC, { parse: parseRegproc, format: (v) => formatRegproc(v as number) }],
  [PgOid.REGPROCEDURE, { parse: parseRegprocedure, format: (v) => formatRegprocedure(v as number) }],
  [PgOid.REGNAMESPACE, { parse: parseRegnamespace, format: (v, c) => formatRegnamespace(v as number, c) }],
  [PgOid.REGROLE, { parse: parseRegrole, format: (v, c) => formatRegrole(v as number, c) }],
  [PgOid.CHAR, { parse: parseChar, format: (v) => formatChar(v as string) }],
  [PgOid.INT2VECTOR, { parse: parseInt2vector, format: (v) => formatIntVector(v as PgArray) }],
  [PgOid.OIDVECTOR, { parse: parseOidvector, format: (v) => formatIntVector(v as PgArray) }],
  [PgOid.PG_LSN, { parse: parsePgLsn, format: (v) => formatPgLsn(v as bigint) }],
  [PgOid.PG_NODE_TREE, outputOnly('pg_node_tree', (v) => v as string)],
]);

/** The text form of a catalog type, undefined for every other OID. */
export function catalogTextForm(oid: number): TextForm | undefined {
  return FORMS.get(oid);
}

/** Types whose text form needs the session's catalog (their casts are never constant-folded). */
const CATALOG_NAMED = new Set<number>([PgOid.REGCLASS, PgOid.REGNAMESPACE, PgOid.REGROLE]);

export function needsCatalog(oid: number): boolean {
  return CATALOG_NAMED.has(oid);
}
