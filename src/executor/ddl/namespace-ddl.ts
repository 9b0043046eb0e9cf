/** CREATE/DROP SCHEMA and KalamDB's CREATE/DROP NAMESPACE: the same objects. */
import { namespaceAcl } from '../privileges/access-level-grants.js';
import { requireOwner, schemaObject } from '../privileges/privilege-check.js';
import { recordCreatedNamespace, refuseInBlock } from './ddl-undo.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import { indexAllPrefix, tablePrefix } from '../../storage/key-layout.js';
import type { TableDefinition } from '../../catalog/table-definition.js';
import { prefixEnd } from '../../storage/keycode.js';
import type { SessionContext } from '../session-context.js';
import type { StatementResult } from '../prepared-statement.js';
import { dependentViews } from './view-dependents.js';

export async function createNamespace(ctx: SessionContext, name: string, ifNotExists: boolean, tag: string): Promise<StatementResult> {
  // CREATE on the database: PostgreSQL's default gives it to no one but superusers; here dba has it too.
  if (ctx.user.role !== 'system' && ctx.user.role !== 'dba') throw Errors.insufficientPrivilege(`permission denied for database ${ctx.database}`);
  const schema = ctx.db.schema;
  if (schema.namespace(name) || schema.isBuiltinNamespace(name)) {
    if (ifNotExists) {
      ctx.notice('42P06', `schema "${name}" already exists, skipping`);
      return { tag };
    }
    throw Errors.duplicateSchema(name);
  }
  if (name.startsWith('pg_')) {
    throw Object.assign(Errors.invalidParameterValue(`unacceptable schema name "${name}"`), {
      code: '42939',
      detail: 'The prefix "pg_" is reserved for system schemas.',
    });
  }
  await schema.putNamespace({
    name, oid: schema.allocateOid(), owner: ctx.user.name, createdAt: new Date().toISOString(),
    // KalamDB's namespaces are open containers (the tables' access levels decide); a schema is its owner's, as in PostgreSQL.
    ...(tag === 'CREATE NAMESPACE' ? { acl: namespaceAcl(ctx.user.name) } : {}),
  });
  recordCreatedNamespace(ctx, name);
  return { tag };
}

export async function dropNamespace(ctx: SessionContext, name: string, ifExists: boolean, cascade: boolean, tag: string): Promise<StatementResult> {
  refuseInBlock(ctx, tag);
  const schema = ctx.db.schema;
  if (schema.isBuiltinNamespace(name)) {
    throw Errors.dependentObjects(`cannot drop schema ${name} because it is required by the database system`);
  }
  if (!schema.namespace(name)) {
    if (ifExists) {
      ctx.notice('00000', `schema "${name}" does not exist, skipping`);
      return { tag };
    }
    throw Errors.undefinedSchema(name);
  }
  requireOwner(ctx, schemaObject(schema, name, schema.namespace(name)));
  const tables = schema.listTables(name);
  const views = schema.listViews(name);
  // Views elsewhere that read this schema's tables or views go too (CASCADE) or stop it.
  const outside = dependentViews(schema, [...tables, ...views].map((r) => r.oid)).filter((d) => d.view.namespace !== name);
  const types = schema.listTypes(name);
  // What PostgreSQL names in its DETAIL: the schema's own objects, in the order they were made.
  const members = [
    ...tables.map((t) => ({ oid: t.oid, what: `table ${name}.${t.name}` })),
    ...views.map((v) => ({ oid: v.oid, what: `view ${name}.${v.name}` })),
    ...schema.listSequences(name).filter((s) => !s.ownedBy).map((s) => ({ oid: s.oid, what: `sequence ${name}.${s.name}` })),
    ...types.map((t) => ({ oid: t.oid, what: `type ${name}.${t.name}` })),
  ].sort((a, b) => a.oid - b.oid).map((m) => m.what);
  const count = members.length + outside.length;
  if (count > 0 && !cascade) {
    throw new SqlError('2BP01', `cannot drop schema ${name} because other objects depend on it`, {
      ...(outside.length === 0 ? { detail: members.map((m) => `${m} depends on schema ${name}`).join('\n') } : {}),
      hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
    });
  }
  if (count === 1 && outside.length === 0) ctx.notice('00000', `drop cascades to ${members[0]}`);
  else if (count > 0) {
    const detail = outside.length === 0 ? members.map((m) => `drop cascades to ${m}`).join('\n') : undefined;
    ctx.notice('00000', `drop cascades to ${count} other objects`, detail);
  }
  await schema.dropViews(outside.map((d) => d.view));
  await schema.dropNamespace(name);
  for (const t of tables) {
    await deleteTableRows(ctx, t.id);
    await deleteIndexEntries(ctx, indexStorageIds(t));
  }
  return { tag };
}

/** Removes every entry of the given secondary indexes (by storage id). */
export async function deleteIndexEntries(ctx: SessionContext, storageIds: readonly number[]): Promise<void> {
  for (const id of storageIds) {
    const prefix = indexAllPrefix(id);
    await ctx.db.rows.clearDirect(prefix, prefixEnd(prefix));
  }
}

/** The storage ids of a table's secondary indexes. */
export function indexStorageIds(t: TableDefinition): number[] {
  return (t.indexes ?? []).filter((i) => !i.primary).map((i) => i.storageId);
}

/** Removes every row of a table, hot and in segments. The catalog record is already gone. */
export async function deleteTableRows(ctx: SessionContext, tableId: number): Promise<void> {
  ctx.db.rows.tableDropped(tableId);
  const prefix = tablePrefix(tableId);
  await ctx.db.rows.clearDirect(prefix, prefixEnd(prefix));
  await ctx.db.cold.dropTable(tableId);
}
