/**
 * ALTER TABLE ADD|DROP|RENAME COLUMN, ALTER COLUMN SET|DROP DEFAULT|NOT NULL, ALTER COLUMN TYPE
 * (alter-column-type.ts), RENAME TO.
 * Each statement bumps schema_version once and appends one history entry; ordinals are never
 * renumbered, and rows written under older versions stay readable (row-codec keys by ordinal).
 */
import { changeTableOwner } from './alter-owner.js';
import { requireOwner, tableObject } from '../privileges/privilege-check.js';
import { refuseTypeNameClash } from './enum-lookup.js';
import { recordDroppedViews, recordReplacedTable } from './ddl-undo.js';
import type { ColumnDefinition, TableDefinition } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import { ConstraintBuilder, type ConstraintNode, type ConstraintSpec } from './table-constraints.js';
import { discardEntries, fillIndex, validateExisting } from './create-index.js';
import { referencing } from '../dml/row-changes.js';
import { bodyOf, type Node } from '../../binder/ast.js';
import { bindDefaultExpr } from '../../binder/bind-default.js';
import { deparseExpr } from '../../binder/deparse-default.js';
import { defaultExprText } from './default-text.js';
import { resolveUserTable, type RangeVarNode } from '../../binder/resolve-relation.js';
import { formatText } from '../../types/text-codec.js';
import { DEFAULT_TYPE_CONTEXT } from '../../types/type-context.js';
import { tablePrefix } from '../../storage/key-layout.js';
import { prefixEnd } from '../../storage/keycode.js';
import { rowExpiry } from '../../storage/ttl/row-expiry.js';
import { declaredType } from '../../system/describe-column.js';
import type { SessionContext } from '../session-context.js';
import type { StatementResult } from '../prepared-statement.js';
import { makeEvalContext, prepareSequences } from '../eval-context.js';
import { tableAccess } from '../table-access.js';
import { buildColumn } from './column-builder.js';
import type { SequenceDefinition, ViewDefinition } from '../../catalog/table-definition.js';
import { checkDependents, dependentViews } from './view-dependents.js';
import { alterColumnType, hasRows, rewriteColumns, type ColumnRewrite } from './alter-column-type.js';

/** Views that read column `ordinal` of table `t`. */
function viewsReading(ctx: SessionContext, t: TableDefinition, ordinal: number): ViewDefinition[] {
  return ctx.db.schema.listViews().filter((v) => v.columnsUsed.some(([oid, attnum]) => oid === t.oid && attnum === ordinal));
}

/** Views are stored by name, so renaming what they read would break them: refused for now. */
function refuseRenameUnderViews(views: readonly ViewDefinition[], what: string): void {
  if (views.length === 0) return;
  throw Errors.featureNotSupported(
    `cannot rename ${what}: view ${views[0]!.name} depends on it`,
    'Views here keep the names they were created with; drop and recreate the view around the rename.',
  );
}

interface AlterCmd {
  subtype: string;
  name?: string;
  def?: Node;
  missing_ok?: boolean;
  behavior?: string;
}

async function anyNull(ctx: SessionContext, t: TableDefinition, col: ColumnDefinition): Promise<boolean> {
  const access = tableAccess(t);
  const idx = t.columns.indexOf(col);
  const expiry = rowExpiry(t);
  const p = tablePrefix(t.id);
  for await (const batch of ctx.db.rows.scan(p, prefixEnd(p), ctx.writeSet())) {
    for (const [, v] of batch) if (!expiry?.expiredValue(v) && access.decode(v)[idx] === null) return true;
  }
  return false;
}

function findColumn(t: TableDefinition, name: string): ColumnDefinition {
  const c = t.columns.find((x) => x.name === name);
  if (!c) throw Errors.undefinedColumn(`${name}" of relation "${t.name}`);
  return c;
}

export async function alterTable(ctx: SessionContext, node: Node): Promise<StatementResult> {
  const stmt = node as unknown as { relation: RangeVarNode; cmds: Node[]; missing_ok?: boolean; objtype?: string };
  if (stmt.objtype && stmt.objtype !== 'OBJECT_TABLE') throw Errors.featureNotSupported(`ALTER ${stmt.objtype.replace('OBJECT_', '')} is not supported`);
  let t: TableDefinition;
  try {
    t = resolveUserTable(ctx, stmt.relation);
    requireOwner(ctx, tableObject(t));
  } catch (e) {
    if (stmt.missing_ok && e instanceof Error && (e as { code?: string }).code === '42P01') {
      ctx.notice('00000', `relation "${stmt.relation.relname}" does not exist, skipping`);
      return { tag: 'ALTER TABLE' };
    }
    throw e;
  }
  const owners = stmt.cmds.map((c) => bodyOf<AlterCmd & { newowner?: { roletype: string; rolename?: string } }>(c)).filter((c) => c.subtype === 'AT_ChangeOwner');
  if (owners.length > 0) {
    if (owners.length !== stmt.cmds.length) throw Errors.featureNotSupported('OWNER TO together with other ALTER TABLE actions is not supported');
    return changeTableOwner(ctx, t, owners[owners.length - 1]!.newowner!);
  }
  let columns = [...t.columns];
  let nextOrdinal = t.nextOrdinal;
  const changes: string[] = [];
  const sequences: SequenceDefinition[] = [];
  const viewsToDrop: ViewDefinition[] = [];
  /** Constraint work, done once the column changes are saved (in statement order). */
  const constraintWork: ((t: TableDefinition) => Promise<TableDefinition>)[] = [];
  const droppedOrdinals: number[] = [];
  const rewrites: ColumnRewrite[] = [];
  for (const c of stmt.cmds) {
    const cmd = bodyOf<AlterCmd>(c);
    switch (cmd.subtype) {
      case 'AT_AddConstraint': {
        const con = bodyOf<ConstraintNode>(cmd.def!);
        constraintWork.push((cur) => addConstraints(ctx, cur, [{ node: con }]));
        continue;
      }
      case 'AT_DropConstraint':
        constraintWork.push((cur) => dropConstraint(ctx, cur, cmd.name!, !!cmd.missing_ok, cmd.behavior === 'DROP_CASCADE'));
        continue;
      case 'AT_AddColumn': {
        const colDef = bodyOf<{ colname: string }>(cmd.def!);
        if (columns.some((x) => x.name === colDef.colname)) {
          if (cmd.missing_ok) {
            ctx.notice('42701', `column "${colDef.colname}" of relation "${t.name}" already exists, skipping`);
            continue;
          }
          throw Errors.duplicateColumn(`column "${colDef.colname}" of relation "${t.name}" already exists`);
        }
        const built = buildColumn(ctx.db.schema, t.namespace, t.name, colDef as unknown as Node, nextOrdinal++, ctx.catalog());
        if (built.inlinePrimaryKey) throw Errors.featureNotSupported('adding a PRIMARY KEY column is not supported');
        if (built.constraints.length > 0) constraintWork.push((cur) => addConstraints(ctx, cur, built.constraints));
        let col = built.column;
        if (built.sequence) sequences.push(built.sequence);
        if (col.default.kind === 'expression') {
          // Existing rows read the default evaluated once now (PostgreSQL's attmissingval).
          const expr = bindDefaultExpr(col.default.ast, col.type, col.name);
          const v = expr.eval([], makeEvalContext(ctx, []));
          if (v !== null) col = { ...col, missingValue: formatText(v, col.type, DEFAULT_TYPE_CONTEXT) };
        }
        if (col.default.kind === 'sequence' && (await hasRows(ctx, t))) {
          throw Errors.featureNotSupported('adding a serial or identity column to a table with rows is not supported yet');
        }
        if (!col.nullable && col.missingValue === undefined && (await hasRows(ctx, t))) {
          throw Object.assign(Errors.notNullViolation(col.name, t.name), {
            message: `column "${col.name}" of relation "${t.name}" contains null values`,
          });
        }
        columns.push(col);
        changes.push(`ADD COLUMN ${col.name} ${declaredType(col)}`);
        break;
      }
      case 'AT_DropColumn': {
        const col = columns.find((x) => x.name === cmd.name);
        if (!col) {
          if (cmd.missing_ok) {
            ctx.notice('00000', `column "${cmd.name}" of relation "${t.name}" does not exist, skipping`);
            continue;
          }
          throw Errors.undefinedColumn(`${cmd.name}" of relation "${t.name}`);
        }
        if (col.primaryKey) throw Errors.featureNotSupported(`cannot drop column "${col.name}": it is part of the primary key`);
        if (columns.length === 1) throw Errors.featureNotSupported('cannot drop the last column of a table');
        const what = `column ${col.name} of table ${t.name}`;
        const dependents = dependentViews(ctx.db.schema, [t.oid], { views: viewsReading(ctx, t, col.ordinal), what });
        checkDependents(ctx, what, dependents, cmd.behavior === 'DROP_CASCADE');
        viewsToDrop.push(...dependents.map((d) => d.view));
        for (const r of referencing(ctx, t)) {
          if (r.child.id === t.id || !r.fk.references!.columns.includes(col.ordinal)) continue;
          if (cmd.behavior !== 'DROP_CASCADE') {
            throw new SqlError('2BP01', `cannot drop column ${col.name} of table ${t.name} because other objects depend on it`, {
              detail: `constraint ${r.fk.name} on table ${r.child.name} depends on column ${col.name} of table ${t.name}`,
              hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
            });
          }
          ctx.notice('00000', `drop cascades to constraint ${r.fk.name} on table ${r.child.name}`);
          constraintWork.push(async (cur) => {
            const child = ctx.db.schema.tableById(r.child.id)!;
            await saveObjects(ctx, child, { constraints: (child.constraints ?? []).filter((k) => k.oid !== r.fk.oid), indexes: child.indexes });
            return ctx.db.schema.tableById(cur.id)!;
          });
        }
        droppedOrdinals.push(col.ordinal);
        columns = columns.filter((x) => x !== col);
        changes.push(`DROP COLUMN ${col.name}`);
        break;
      }
      case 'AT_ColumnDefault': {
        const col = findColumn({ ...t, columns }, cmd.name!);
        let next: ColumnDefinition;
        if (cmd.def) {
          bindDefaultExpr(cmd.def, col.type, col.name);
          next = { ...col, default: { kind: 'expression', ast: cmd.def, text: defaultExprText(cmd.def, col.type) } };
          changes.push(`ALTER COLUMN ${col.name} SET DEFAULT ${deparseExpr(cmd.def)}`);
        } else {
          next = { ...col, default: { kind: 'none' } };
          changes.push(`ALTER COLUMN ${col.name} DROP DEFAULT`);
        }
        columns = columns.map((x) => (x === col ? next : x));
        break;
      }
      case 'AT_SetNotNull': {
        const col = findColumn({ ...t, columns }, cmd.name!);
        if (await anyNull(ctx, t, t.columns.find((x) => x.ordinal === col.ordinal) ?? col)) {
          throw Object.assign(Errors.notNullViolation(col.name, t.name), {
            message: `column "${col.name}" of relation "${t.name}" contains null values`,
          });
        }
        columns = columns.map((x) => (x === col ? { ...col, nullable: false } : x));
        changes.push(`ALTER COLUMN ${col.name} SET NOT NULL`);
        break;
      }
      case 'AT_DropNotNull': {
        const col = findColumn({ ...t, columns }, cmd.name!);
        if (col.primaryKey) throw Errors.invalidTableDefinition(`column "${col.name}" is in a primary key`);
        columns = columns.map((x) => (x === col ? { ...col, nullable: true } : x));
        changes.push(`ALTER COLUMN ${col.name} DROP NOT NULL`);
        break;
      }
      case 'AT_AlterColumnType': {
        const col = findColumn({ ...t, columns }, cmd.name!);
        if (rewrites.some((r) => r.ordinal === col.ordinal)) {
          throw Errors.featureNotSupported(`cannot alter type of column "${col.name}" twice`); // PostgreSQL's code for it, too
        }
        const altered = alterColumnType(ctx, t, t.columns.find((x) => x.ordinal === col.ordinal) ?? col, cmd);
        if (!altered.change) continue;
        columns = columns.map((x) => (x === col ? { ...altered.column, nullable: col.nullable, default: col.default } : x));
        rewrites.push(altered.rewrite!);
        if (altered.sequence) sequences.push(altered.sequence);
        changes.push(altered.change);
        break;
      }
      default:
        throw Errors.featureNotSupported(`ALTER TABLE ${cmd.subtype.replace('AT_', '')} is not supported yet`);
    }
  }
  if (changes.length > 0) {
    await prepareSequences(ctx);
    await ctx.db.schema.dropViews(viewsToDrop);
    recordDroppedViews(ctx, viewsToDrop);
    // Indexes and constraints on a dropped column go with it, as in PostgreSQL.
    const goes = (cols: readonly number[]) => cols.some((o) => droppedOrdinals.includes(o));
    const indexesGone = (t.indexes ?? []).filter((i) => goes(i.columns));
    const kept = {
      constraints: (t.constraints ?? []).filter((k) => !goes(k.columns)),
      indexes: (t.indexes ?? []).filter((i) => !goes(i.columns)),
    };
    if (rewrites.length > 0 && constraintWork.length > 0) {
      throw Errors.featureNotSupported('ALTER COLUMN TYPE in the same statement as constraint changes is not supported yet');
    }
    // Rows are rewritten (into the write set) before the new version is saved: outside a
    // transaction block a saved definition is not undone, so every check must pass first.
    await rewriteColumns(ctx, t, { ...t, ...kept, columns, nextOrdinal, schemaVersion: t.schemaVersion + 1 }, rewrites);
    await saveVersion(ctx, { ...t, ...kept }, columns, nextOrdinal, changes.join(', '), sequences, undefined, t);
    await discardEntries(ctx, indexesGone);
  }
  let cur = ctx.db.schema.tableById(t.id)!;
  for (const work of constraintWork) cur = await work(cur);
  return { tag: 'ALTER TABLE' };
}

/** ADD CONSTRAINT (and constraints of an added column): built, checked against the rows, saved. */
async function addConstraints(ctx: SessionContext, t: TableDefinition, specs: ConstraintSpec[]): Promise<TableDefinition> {
  for (const s of specs) {
    if (s.node.contype !== 'CONSTR_PRIMARY') continue;
    if (t.primaryKey.length > 0) throw Errors.invalidTableDefinition(`multiple primary keys for table "${t.name}" are not allowed`);
    throw Errors.featureNotSupported('ALTER TABLE … ADD PRIMARY KEY is not supported yet', 'Rows are stored by their primary key: create the table with it.');
  }
  const builder = new ConstraintBuilder(ctx, t).addAll(specs);
  const oldIndexes = new Set((t.indexes ?? []).map((i) => i.oid));
  const oldConstraints = new Set((t.constraints ?? []).map((c) => c.oid));
  for (const i of builder.indexes) if (!oldIndexes.has(i.oid)) await fillIndex(ctx, t, i);
  await validateExisting(ctx, t, builder.constraints.filter((c) => !oldConstraints.has(c.oid)));
  return saveObjects(ctx, t, builder.built);
}

/** DROP CONSTRAINT [IF EXISTS] name [CASCADE]: a UNIQUE takes its index along. */
async function dropConstraint(ctx: SessionContext, t: TableDefinition, name: string, missingOk: boolean, cascade: boolean): Promise<TableDefinition> {
  const con = (t.constraints ?? []).find((c) => c.name === name);
  if (!con) {
    if (missingOk) {
      ctx.notice('00000', `constraint "${name}" of relation "${t.name}" does not exist, skipping`);
      return t;
    }
    throw Errors.undefinedObject(`constraint "${name}" of relation "${t.name}" does not exist`);
  }
  if (con.kind === 'p') throw Errors.featureNotSupported('dropping a primary key is not supported yet', 'Rows are stored by their primary key.');
  if (con.kind === 'u') {
    const dependents = referencing(ctx, t).filter((r) => r.fk.indexOid === con.indexOid);
    if (dependents.length > 0 && !cascade) {
      throw new SqlError('2BP01', `cannot drop constraint ${name} on table ${t.name} because other objects depend on it`, {
        detail: dependents.map((r) => `constraint ${r.fk.name} on table ${r.child.name} depends on index ${name}`).join('\n'),
        hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
      });
    }
    for (const r of dependents) {
      ctx.notice('00000', `drop cascades to constraint ${r.fk.name} on table ${r.child.name}`);
      if (r.child.id === t.id) continue;
      const child = ctx.db.schema.tableById(r.child.id)!;
      await saveObjects(ctx, child, { constraints: (child.constraints ?? []).filter((k) => k.oid !== r.fk.oid), indexes: child.indexes });
    }
    t = ctx.db.schema.tableById(t.id)!;
    const gone = new Set([con.oid, ...dependents.filter((r) => r.child.id === t.id).map((r) => r.fk.oid)]);
    const index = (t.indexes ?? []).filter((i) => i.oid === con.indexOid);
    const next = await saveObjects(ctx, t, {
      constraints: (t.constraints ?? []).filter((c) => !gone.has(c.oid)),
      indexes: (t.indexes ?? []).filter((i) => i.oid !== con.indexOid),
    });
    await discardEntries(ctx, index);
    return next;
  }
  return saveObjects(ctx, t, { constraints: (t.constraints ?? []).filter((c) => c.oid !== con.oid), indexes: t.indexes });
}

export async function saveVersion(
  ctx: SessionContext,
  t: TableDefinition,
  columns: ColumnDefinition[],
  nextOrdinal: number,
  changes: string,
  sequences: SequenceDefinition[] = [],
  /** RENAME TO, SET SCHEMA: where the table is stored from now on. */
  moveTo?: Pick<TableDefinition, 'namespace' | 'name'>,
  /** The stored definition being replaced, when `t` already carries other changes. */
  stored: TableDefinition = t,
): Promise<void> {
  const now = new Date().toISOString();
  const version = t.schemaVersion + 1;
  const next: TableDefinition = {
    ...t,
    namespace: moveTo?.namespace ?? t.namespace,
    name: moveTo?.name ?? t.name,
    columns,
    nextOrdinal,
    schemaVersion: version,
    history: [...t.history, { version, createdAt: now, changes, columnCount: columns.length, columns }],
    updatedAt: now,
  };
  const previous = ctx.db.schema.listSequences().filter((p) => sequences.some((s) => s.id === p.id));
  await ctx.db.schema.putTable(next, sequences, stored);
  recordReplacedTable(ctx, stored, next, sequences, previous);
}

/**
 * A table's constraints and indexes changed, its columns did not: no new schema version (rows
 * are unaffected), just the definition replaced — undone by ROLLBACK like any ALTER.
 */
export async function saveObjects(
  ctx: SessionContext, t: TableDefinition, objects: Pick<TableDefinition, 'constraints' | 'indexes'>,
): Promise<TableDefinition> {
  const next: TableDefinition = { ...t, ...objects, updatedAt: new Date().toISOString() };
  await ctx.db.schema.putTable(next, [], t);
  recordReplacedTable(ctx, t, next, []);
  return next;
}

/** ALTER TABLE t RENAME [COLUMN] a TO b, ALTER TABLE t RENAME TO u. */
export async function renameObject(ctx: SessionContext, node: Node): Promise<StatementResult> {
  const stmt = node as unknown as { renameType: string; relation: RangeVarNode; subname?: string; newname: string; missing_ok?: boolean };
  const t = resolveUserTable(ctx, stmt.relation);
  requireOwner(ctx, tableObject(t));
  if (stmt.renameType === 'OBJECT_COLUMN') {
    const col = findColumn(t, stmt.subname!);
    refuseRenameUnderViews(viewsReading(ctx, t, col.ordinal), `column ${col.name} of table ${t.name}`);
    if (t.columns.some((x) => x.name === stmt.newname)) {
      throw Errors.duplicateColumn(`column "${stmt.newname}" of relation "${t.name}" already exists`);
    }
    const columns = t.columns.map((x) => (x === col ? { ...col, name: stmt.newname } : x));
    await saveVersion(ctx, t, columns, t.nextOrdinal, `RENAME COLUMN ${col.name} TO ${stmt.newname}`);
    return { tag: 'ALTER TABLE' };
  }
  if (stmt.renameType === 'OBJECT_TABLE') {
    if (ctx.db.schema.relationExists(t.namespace, stmt.newname)) throw Errors.duplicateTable(stmt.newname);
    refuseTypeNameClash(ctx.db.schema, t.namespace, stmt.newname, true);
    refuseRenameUnderViews(ctx.db.schema.viewsDependingOn(t.oid), `table ${t.name}`);
    // Sequences owned by the table's columns follow it, so DROP TABLE still takes them along.
    const owner = `${t.namespace}.${t.name}.`;
    const owned = ctx.db.schema
      .listSequences(t.namespace)
      .filter((s) => s.ownedBy?.startsWith(owner))
      .map((s) => ({ ...s, ownedBy: `${t.namespace}.${stmt.newname}.${s.ownedBy!.slice(owner.length)}` }));
    await saveVersion(ctx, t, [...t.columns], t.nextOrdinal, `RENAME TO ${stmt.newname}`, owned, { namespace: t.namespace, name: stmt.newname });
    return { tag: 'ALTER TABLE' };
  }
  throw Errors.featureNotSupported(`ALTER ${stmt.renameType.replace('OBJECT_', '')} RENAME is not supported yet`);
}
