/**
 * ALTER TABLE | SEQUENCE … SET SCHEMA. Rows and index entries are keyed by ids, so a move changes
 * only the catalog: the table with its indexes and the sequences its columns own go to the new
 * schema in one write, as PostgreSQL moves them together. Undone by ROLLBACK like any ALTER.
 */
import { requireOwner, sequenceObject, tableObject } from '../privileges/privilege-check.js';
import type { RangeVarNode } from '../../binder/resolve-relation.js';
import { findRelation, resolveUserTable } from '../../binder/resolve-relation.js';
import type { ColumnDefinition, SequenceDefinition } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import type { StatementResult } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import { saveVersion } from './alter-table.js';
import { dependentDefault, findSequence } from './sequence-ddl.js';

interface AlterObjectSchemaNode {
  objectType: string;
  relation?: RangeVarNode;
  newschema: string;
  missing_ok?: boolean;
}

export async function setSchema(ctx: SessionContext, node: unknown): Promise<StatementResult> {
  const s = node as AlterObjectSchemaNode;
  switch (s.objectType) {
    case 'OBJECT_TABLE':
      // ALTER TABLE accepts a sequence too, as in PostgreSQL.
      if (findSequence(ctx, s.relation!.schemaname, s.relation!.relname)) return moveSequence(ctx, s.relation!, s.newschema, false, 'ALTER TABLE');
      return moveTable(ctx, s.relation!, s.newschema, !!s.missing_ok);
    case 'OBJECT_SEQUENCE':
      return moveSequence(ctx, s.relation!, s.newschema, !!s.missing_ok, 'ALTER SEQUENCE');
    default:
      throw Errors.featureNotSupported(`ALTER ${s.objectType.replace('OBJECT_', '')} … SET SCHEMA is not supported yet`);
  }
}

/** The schema to move into: it must exist and hold user objects. */
function targetNamespace(ctx: SessionContext, name: string): string {
  if (ctx.db.schema.isBuiltinNamespace(name)) throw Errors.featureNotSupported('cannot move objects into or out of system schemas');
  if (!ctx.db.schema.namespace(name)) throw Errors.undefinedSchema(name);
  return name;
}

function refuseTaken(ctx: SessionContext, namespace: string, names: readonly string[]): void {
  for (const n of names) {
    if (ctx.db.schema.relationExists(namespace, n)) throw new SqlError('42P07', `relation "${n}" already exists in schema "${namespace}"`);
  }
}

function missing(ctx: SessionContext, rv: RangeVarNode, missingOk: boolean, tag: string): StatementResult | null {
  if (findRelation(ctx, rv.schemaname, rv.relname) || !missingOk) return null;
  ctx.notice('00000', `relation "${rv.relname}" does not exist, skipping`);
  return { tag };
}

async function moveTable(ctx: SessionContext, rv: RangeVarNode, newSchema: string, missingOk: boolean): Promise<StatementResult> {
  const skipped = missing(ctx, rv, missingOk, 'ALTER TABLE');
  if (skipped) return skipped;
  const t = resolveUserTable(ctx, rv);
  requireOwner(ctx, tableObject(t));
  const to = targetNamespace(ctx, newSchema);
  if (to === t.namespace) return { tag: 'ALTER TABLE' };
  const owned = ctx.db.schema.ownedSequences(t);
  refuseTaken(ctx, to, [t.name, ...(t.indexes ?? []).map((i) => i.name), ...owned.map((q) => q.name)]);
  if (ctx.db.schema.viewsDependingOn(t.oid).length > 0) {
    throw Errors.featureNotSupported(
      `cannot move table ${t.name}: a view depends on it`,
      'Views here keep the names they were created with; drop and recreate the view around the move.',
    );
  }
  const movedSeqs: SequenceDefinition[] = owned.map((q) => ({ ...q, namespace: to, ownedBy: `${to}.${q.ownedBy!.split('.').slice(1).join('.')}` }));
  const newName = (q: SequenceDefinition) => (to === 'public' ? q.name : `${to}.${q.name}`);
  const columns = t.columns.map((c): ColumnDefinition => {
    const d = c.default;
    if (d.kind !== 'sequence') return c;
    const seq = owned.find((q) => d.sequence === q.name || d.sequence === `${q.namespace}.${q.name}`);
    return seq ? { ...c, default: { kind: 'sequence', sequence: newName(seq) } } : c;
  });
  await saveVersion(ctx, t, columns, t.nextOrdinal, `SET SCHEMA ${to}`, movedSeqs, { namespace: to, name: t.name });
  return { tag: 'ALTER TABLE' };
}

async function moveSequence(
  ctx: SessionContext, rv: RangeVarNode, newSchema: string, missingOk: boolean, tag: string,
): Promise<StatementResult> {
  const skipped = missing(ctx, rv, missingOk, tag);
  if (skipped) return skipped;
  const seq = findSequence(ctx, rv.schemaname, rv.relname);
  if (!seq) {
    if (findRelation(ctx, rv.schemaname, rv.relname)) throw new SqlError('42809', `"${rv.relname}" is not a sequence`);
    throw Errors.undefinedTable(rv.relname);
  }
  requireOwner(ctx, sequenceObject(ctx.db.schema, seq));
  const to = targetNamespace(ctx, newSchema);
  if (seq.ownedBy) {
    const [, table] = seq.ownedBy.split('.');
    throw new SqlError('0A000', 'cannot move an owned sequence into another schema', {
      detail: `Sequence "${seq.name}" is linked to table "${table}".`,
    });
  }
  if (to === seq.namespace) return { tag };
  refuseTaken(ctx, to, [seq.name]);
  const user = dependentDefault(ctx, seq);
  if (user) {
    // Column defaults name the sequence in their text here, so moving it would change what they call.
    throw Errors.featureNotSupported(`cannot move sequence ${seq.name}: the default of column ${user.column} of table ${user.table} uses it`);
  }
  const moved: SequenceDefinition = { ...seq, namespace: to };
  await ctx.db.schema.putSequence(moved);
  ctx.ddlJournal()?.record({ undo: () => ctx.db.schema.putSequence(seq) });
  return { tag };
}
