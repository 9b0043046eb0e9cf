/**
 * CREATE TABLE … WITH (TYPE = 'USER', STORAGE_ID = 'local', FLUSH_POLICY = 'rows:10000,interval:60',
 * TTL_SECONDS = 3600, ACCESS_LEVEL = 'PUBLIC') — KalamDB's table options and their rules
 * (DESIGN.md section 5).
 */
import type { AccessLevel, FlushPolicy, TableOptions, TableType } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import { LOCAL_STORAGE_ID } from '../../catalog/builtin-storage.js';
import type { SchemaStore } from '../../catalog/schema-store.js';

type Node = Record<string, unknown>;

export interface ParsedTableOptions {
  readonly tableType: TableType;
  readonly options: TableOptions;
  /** Any KalamDB option or CREATE USER|SHARED|STREAM TABLE was used: the table needs a key. */
  readonly kalamSyntax: boolean;
}

const KNOWN = new Set(['type', 'storage_id', 'flush_policy', 'ttl_seconds', 'access_level', 'max_rows']);

function optionValue(def: Node): string {
  const arg = def.arg as Node | undefined;
  if (!arg) throw Errors.invalidParameterValue(`option "${String(def.defname)}" needs a value`);
  const kind = Object.keys(arg)[0]!;
  const b = arg[kind] as Record<string, unknown>;
  if (kind === 'String') return String(b.sval ?? '');
  if (kind === 'Integer') return String(b.ival ?? 0);
  if (kind === 'Float') return String(b.fval);
  if (kind === 'TypeName') return ((b.names as Node[]) ?? []).map((n) => (n as { String: { sval: string } }).String.sval).join('.');
  if (kind === 'Boolean') return b.boolval ? 'true' : 'false';
  throw Errors.invalidParameterValue(`invalid value for option "${String(def.defname)}"`);
}

function positiveInt(name: string, v: string): number {
  if (!/^\d+$/.test(v.trim()) || Number(v) <= 0) {
    throw Errors.invalidParameterValue(`invalid value for option "${name}": "${v}" (a positive integer is required)`);
  }
  return Number(v);
}

export function parseFlushPolicy(text: string): FlushPolicy {
  let rows: number | undefined;
  let intervalSeconds: number | undefined;
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [k, v] = part.split(':').map((s) => s.trim().toLowerCase());
    if (k === 'rows' && v) rows = positiveInt('FLUSH_POLICY rows', v);
    else if ((k === 'interval' || k === 'seconds') && v) intervalSeconds = positiveInt('FLUSH_POLICY interval', v);
    else {
      throw Errors.invalidParameterValue(`invalid FLUSH_POLICY "${text}"`, );
    }
  }
  if (rows === undefined && intervalSeconds === undefined) throw Errors.invalidParameterValue(`invalid FLUSH_POLICY "${text}"`);
  return { rows, intervalSeconds };
}

/** A STORAGE_ID as written ('Archive' finds a storage created as archive) → the storage's id; 42704 when there is none. */
function storageIdOf(written: string, storages: StorageLookup): string {
  for (const id of [written, written.toLowerCase()]) if (storages.storage(id)) return id;
  throw new SqlError('42704', `storage "${written}" does not exist`, { hint: 'SHOW STORAGES lists them.' });
}

export type StorageLookup = Pick<SchemaStore, 'storage'>;

export function parseTableOptions(defs: readonly Node[], rewrittenType: TableType | undefined, storages: StorageLookup): ParsedTableOptions {
  const seen = new Map<string, string>();
  for (const n of defs) {
    const def = n.DefElem as Node;
    const name = String(def.defname).toLowerCase();
    if (def.defnamespace) throw new SqlError('22023', `unrecognized parameter namespace "${String(def.defnamespace)}"`);
    if (!KNOWN.has(name)) {
      throw new SqlError('22023', `unrecognized parameter "${name}"`, {
        hint: 'Table options are TYPE, STORAGE_ID, FLUSH_POLICY, TTL_SECONDS, ACCESS_LEVEL and MAX_ROWS.',
      });
    }
    if (seen.has(name)) throw Errors.syntax(`option "${name}" specified more than once`);
    seen.set(name, optionValue(def));
  }
  let tableType: TableType = rewrittenType ?? 'SHARED';
  const typeOpt = seen.get('type');
  if (typeOpt !== undefined) {
    const t = typeOpt.toUpperCase();
    if (t !== 'USER' && t !== 'SHARED' && t !== 'STREAM') {
      throw Errors.invalidParameterValue(`invalid table TYPE "${typeOpt}": expected USER, SHARED or STREAM`);
    }
    if (rewrittenType && rewrittenType !== t) {
      throw Errors.invalidTableDefinition(`CREATE ${rewrittenType} TABLE conflicts with TYPE = '${t}'`);
    }
    tableType = t;
  }
  const ttl = seen.get('ttl_seconds');
  if (tableType === 'STREAM' && ttl === undefined) {
    throw Errors.invalidTableDefinition('STREAM tables require TTL_SECONDS');
  }
  if (tableType !== 'STREAM' && ttl !== undefined) {
    throw Errors.invalidTableDefinition('TTL_SECONDS is allowed only on STREAM tables');
  }
  const access = seen.get('access_level');
  if (access !== undefined && tableType !== 'SHARED') {
    throw Errors.invalidTableDefinition('ACCESS_LEVEL is allowed only on SHARED tables');
  }
  let accessLevel: AccessLevel | undefined;
  if (access !== undefined) {
    const a = access.toUpperCase();
    if (a !== 'PUBLIC' && a !== 'PRIVATE' && a !== 'RESTRICTED') {
      throw Errors.invalidParameterValue(`invalid ACCESS_LEVEL "${access}": expected PUBLIC, PRIVATE or RESTRICTED`);
    }
    accessLevel = a;
  }
  const kalamSyntax = rewrittenType !== undefined || seen.size > 0;
  if (tableType === 'SHARED' && kalamSyntax && accessLevel === undefined) accessLevel = 'PRIVATE';
  const storageId = storageIdOf(seen.get('storage_id') ?? LOCAL_STORAGE_ID, storages);
  const flush = seen.get('flush_policy');
  const maxRows = seen.get('max_rows');
  if (maxRows !== undefined && tableType !== 'STREAM') {
    throw Errors.invalidTableDefinition('MAX_ROWS is allowed only on STREAM tables');
  }
  // Storing it would promise a cap nothing enforces.
  if (maxRows !== undefined) throw Errors.featureNotSupported('MAX_ROWS is not supported yet: STREAM tables are bounded by TTL_SECONDS only');
  return {
    tableType,
    kalamSyntax,
    options: {
      storageId,
      flushPolicy: flush !== undefined ? parseFlushPolicy(flush) : undefined,
      accessLevel,
      ttlSeconds: ttl !== undefined ? positiveInt('TTL_SECONDS', ttl) : undefined,
      maxRows: maxRows !== undefined ? positiveInt('MAX_ROWS', maxRows) : undefined,
    },
  };
}
