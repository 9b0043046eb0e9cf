/**
 * CREATE SEQUENCE, ALTER SEQUENCE … RESTART, DROP SEQUENCE: stand-alone sequences beside the ones
 * serial and identity columns own, with PostgreSQL's defaults (AS bigint; ascending from 1 to the
 * type's maximum, descending from -1 to its minimum) and checks (22023). Inside a transaction
 * block the catalog change is journalled and undone by ROLLBACK; the values a sequence hands out
 * are never rolled back, as in PostgreSQL. CYCLE is not supported (0A000).
 */
import { withDefaultPrivileges } from './default-privileges.js';
import { requireOwner, sequenceObject } from '../privileges/privilege-check.js';
import { refuseTypeNameClash } from './enum-lookup.js';
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf, stringList } from '../../binder/ast.js';
import { creationNamespace, type RangeVarNode } from '../../binder/resolve-relation.js';
import type { SequenceDefinition } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import { KalamDataType } from '../../types/kalam-type.js';
import type { StatementResult } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import { prepareSequences } from '../eval-context.js';
import { resolveColumnType } from './column-builder.js';

const TYPE_LIMITS: Partial<Record<KalamDataType, [bigint, bigint, string]>> = {
  [KalamDataType.SMALLINT]: [-32768n, 32767n, 'smallint'],
  [KalamDataType.INT]: [-2147483648n, 2147483647n, 'integer'],
  [KalamDataType.BIGINT]: [-9223372036854775808n, 9223372036854775807n, 'bigint'],
};

interface DefElem { defname: string; arg?: Node }

function intArg(d: DefElem): bigint {
  const a = d.arg;
  if (!a) throw new SqlError('42601', `${d.defname} requires a numeric value`);
  if (kindOf(a) === 'Integer') return BigInt(bodyOf<{ ival?: number }>(a).ival ?? 0);
  if (kindOf(a) === 'Float') return BigInt(bodyOf<{ fval: string }>(a).fval);
  throw new SqlError('42601', `${d.defname} requires a numeric value`);
}

function sequenceName(ctx: SessionContext, rv: RangeVarNode): { namespace: string; name: string } {
  return { namespace: creationNamespace(ctx, rv.schemaname), name: rv.relname };
}

/** The sequence a (possibly qualified) name means on the search path, or undefined. */
export function findSequence(ctx: SessionContext, schema: string | undefined, name: string): SequenceDefinition | undefined {
  const spaces = schema ? [schema] : ctx.searchPath();
  for (const ns of spaces) {
    const s = ctx.db.schema.sequence(ns, name);
    if (s) return s;
  }
  return undefined;
}

export async function createSequence(ctx: SessionContext, body: Node): Promise<StatementResult> {
  const s = body as { sequence: RangeVarNode; options?: Node[]; if_not_exists?: boolean };
  const { namespace, name } = sequenceName(ctx, s.sequence);
  const schema = ctx.db.schema;
  if (schema.sequence(namespace, name) || schema.relationExists(namespace, name)) {
    if (s.if_not_exists) {
      ctx.notice('42P07', `relation "${name}" already exists, skipping`);
      return { tag: 'CREATE SEQUENCE' };
    }
    throw Errors.duplicateTable(name);
  }
  refuseTypeNameClash(schema, namespace, name);
  let limits = TYPE_LIMITS[KalamDataType.BIGINT]!;
  let increment = 1n;
  let min: bigint | undefined;
  let max: bigint | undefined;
  let start: bigint | undefined;
  const seen = new Set<string>();
  for (const o of s.options ?? []) {
    const d = bodyOf<DefElem>(o);
    if (seen.has(d.defname)) throw new SqlError('42601', 'conflicting or redundant options');
    seen.add(d.defname);
    switch (d.defname) {
      case 'as': {
        const t = TYPE_LIMITS[resolveColumnType(bodyOf(d.arg!) as Parameters<typeof resolveColumnType>[0]).type.kalam];
        if (!t) throw new SqlError('22023', 'sequence type must be smallint, integer, or bigint');
        limits = t;
        break;
      }
      case 'increment': increment = intArg(d); break;
      case 'minvalue': if (d.arg) min = intArg(d); break;
      case 'maxvalue': if (d.arg) max = intArg(d); break;
      case 'start': start = intArg(d); break;
      case 'cache':
        if (intArg(d) < 1n) throw new SqlError('22023', `CACHE (${intArg(d)}) must be greater than zero`);
        break;
      case 'cycle':
        if (d.arg && kindOf(d.arg) === 'Boolean' && bodyOf<{ boolval?: boolean }>(d.arg).boolval) {
          throw Errors.featureNotSupported('CYCLE sequences are not supported yet');
        }
        break;
      case 'owned_by': {
        const target = stringList((d.arg as { List: { items: Node[] } }).List.items);
        if (!(target.length === 1 && target[0] === 'none')) throw Errors.featureNotSupported('CREATE SEQUENCE … OWNED BY a column is not supported yet');
        break;
      }
      default:
        throw new SqlError('42601', `option "${d.defname}" not recognized`);
    }
  }
  if (increment === 0n) throw new SqlError('22023', 'INCREMENT must not be zero');
  const [lo, hi, typeName] = limits;
  const minValue = min ?? (increment > 0n ? 1n : lo);
  const maxValue = max ?? (increment > 0n ? hi : -1n);
  if (minValue < lo || minValue > hi) throw new SqlError('22023', `MINVALUE (${minValue}) is out of range for sequence data type ${typeName}`);
  if (maxValue < lo || maxValue > hi) throw new SqlError('22023', `MAXVALUE (${maxValue}) is out of range for sequence data type ${typeName}`);
  if (minValue >= maxValue) throw new SqlError('22023', `MINVALUE (${minValue}) must be less than MAXVALUE (${maxValue})`);
  const first = start ?? (increment > 0n ? minValue : maxValue);
  if (first < minValue) throw new SqlError('22023', `START value (${first}) cannot be less than MINVALUE (${minValue})`);
  if (first > maxValue) throw new SqlError('22023', `START value (${first}) cannot be greater than MAXVALUE (${maxValue})`);
  const def: SequenceDefinition = {
    id: schema.allocateTableId(), oid: schema.allocateOid(), namespace, name, start: first, increment, min: minValue, max: maxValue, owner: ctx.user.name,
    acl: withDefaultPrivileges(ctx, namespace, 'sequence', ctx.user.name, undefined),
  };
  await schema.putSequence(def);
  ctx.ddlJournal()?.record({ undo: () => schema.dropSequence(def) });
  return { tag: 'CREATE SEQUENCE' };
}

export async function alterSequence(ctx: SessionContext, body: Node): Promise<StatementResult> {
  const s = body as { sequence: RangeVarNode; options?: Node[]; missing_ok?: boolean };
  const seq = findSequence(ctx, s.sequence.schemaname, s.sequence.relname);
  if (seq) requireOwner(ctx, sequenceObject(ctx.db.schema, seq));
  if (!seq) {
    if (s.missing_ok) {
      ctx.notice('00000', `relation "${s.sequence.relname}" does not exist, skipping`);
      return { tag: 'ALTER SEQUENCE' };
    }
    throw Errors.undefinedTable(s.sequence.relname);
  }
  for (const o of s.options ?? []) {
    const d = bodyOf<DefElem>(o);
    if (d.defname !== 'restart') throw Errors.featureNotSupported(`ALTER SEQUENCE … ${d.defname.toUpperCase()} is not supported yet`);
    const to = d.arg ? intArg(d) : seq.start;
    if (to < seq.min) throw new SqlError('22023', `RESTART value (${to}) cannot be less than MINVALUE (${seq.min})`);
    if (to > seq.max) throw new SqlError('22023', `RESTART value (${to}) cannot be greater than MAXVALUE (${seq.max})`);
    await prepareSequences(ctx);
    ctx.db.sequences.setval(seq, to, false);
  }
  return { tag: 'ALTER SEQUENCE' };
}

/**
 * The column whose default uses the sequence: the serial or identity column that owns it, or a
 * DEFAULT calling nextval on it (PostgreSQL records both in pg_depend).
 */
export function dependentDefault(ctx: SessionContext, seq: SequenceDefinition): { table: string; column: string } | null {
  if (seq.ownedBy) {
    const [, table, column] = seq.ownedBy.split('.');
    return { table: table!, column: column! };
  }
  const names = new Set([seq.name, `${seq.namespace}.${seq.name}`]);
  for (const t of ctx.db.schema.listTables()) {
    for (const c of t.columns) {
      const d = c.default;
      if (d.kind === 'sequence' && names.has(d.sequence)) return { table: t.name, column: c.name };
      if (d.kind === 'expression' && [...d.text.matchAll(/nextval\('([^']+)'/g)].some((m) => names.has(m[1]!.replace(/"/g, '')))) {
        return { table: t.name, column: c.name };
      }
    }
  }
  return null;
}

export async function dropSequences(ctx: SessionContext, objects: readonly Node[], missingOk: boolean): Promise<StatementResult> {
  const schema = ctx.db.schema;
  const found: SequenceDefinition[] = [];
  for (const o of objects) {
    const names = stringList((o as { List: { items: Node[] } }).List.items);
    const seq = names.length === 2 ? schema.sequence(names[0]!, names[1]!) : findSequence(ctx, undefined, names[0]!);
    if (!seq) {
      if (!missingOk) throw Errors.undefinedTable(names[names.length - 1]!);
      ctx.notice('00000', `sequence "${names[names.length - 1]}" does not exist, skipping`);
      continue;
    }
    requireOwner(ctx, sequenceObject(schema, seq));
    const user = dependentDefault(ctx, seq);
    if (user) {
      throw new SqlError('2BP01', `cannot drop sequence ${seq.name} because other objects depend on it`, {
        detail: `default value for column ${user.column} of table ${user.table} depends on sequence ${seq.name}`,
        hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
      });
    }
    found.push(seq);
  }
  for (const seq of found) {
    await schema.dropSequence(seq);
    ctx.ddlJournal()?.record({ undo: () => schema.putSequence(seq) });
  }
  return { tag: 'DROP SEQUENCE' };
}
