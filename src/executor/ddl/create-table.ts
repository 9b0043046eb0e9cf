/** CREATE TABLE (PostgreSQL syntax, KalamDB options, CREATE USER|SHARED|STREAM TABLE). */
import { initialAcl } from '../privileges/access-level-grants.js';
import { withDefaultPrivileges } from './default-privileges.js';
import { refuseTypeNameClash } from './enum-lookup.js';
import { recordCreatedTable } from './ddl-undo.js';
import type { ColumnDefinition, SequenceDefinition, TableDefinition } from '../../catalog/table-definition.js';
import { Errors } from '../../errors/sql-error.js';
import { bodyOf, kindOf, stringList, type Node } from '../../binder/ast.js';
import { bindDefaultExpr } from '../../binder/bind-default.js';
import { creationNamespace, type RangeVarNode } from '../../binder/resolve-relation.js';
import type { TableType } from '../../catalog/table-definition.js';
import type { SessionContext } from '../session-context.js';
import type { StatementResult } from '../prepared-statement.js';
import { buildColumn } from './column-builder.js';
import { ConstraintBuilder, type ConstraintNode, type ConstraintSpec } from './table-constraints.js';
import { parseTableOptions } from './table-options.js';
import { expandTableLike, type TableLikeNode } from './table-like.js';
import { KalamDataType } from '../../types/kalam-type.js';
import { formatType } from '../../types/format-type.js';

interface CreateStmtNode {
  relation: RangeVarNode & { relpersistence?: string };
  tableElts?: Node[];
  options?: Node[];
  if_not_exists?: boolean;
  inhRelations?: unknown[];
  partspec?: unknown;
  ofTypename?: unknown;
}

export async function createTable(ctx: SessionContext, node: Node, rewrittenType?: TableType): Promise<StatementResult> {
  const stmt = node as unknown as CreateStmtNode;
  if (stmt.inhRelations?.length) throw Errors.featureNotSupported('table inheritance is not supported');
  if (stmt.partspec) throw Errors.featureNotSupported('PARTITION BY is not supported; USER tables are partitioned by user');
  if (stmt.relation.relpersistence === 't') throw Errors.featureNotSupported('temporary tables are not supported yet');
  const schema = ctx.db.schema;
  const namespace = creationNamespace(ctx, stmt.relation.schemaname, (stmt.relation.location ?? 0) + 1);
  const name = stmt.relation.relname;
  if (schema.relationExists(namespace, name)) {
    if (stmt.if_not_exists) {
      ctx.notice('42P07', `relation "${name}" already exists, skipping`);
      return { tag: 'CREATE TABLE' };
    }
    throw Errors.duplicateTable(name);
  }
  refuseTypeNameClash(schema, namespace, name);
  const { tableType, options, kalamSyntax } = parseTableOptions(stmt.options ?? [], rewrittenType, schema);

  let columns: ColumnDefinition[] = [];
  const sequences: SequenceDefinition[] = [];
  let pkNames: string[] | null = null;
  const specs: ConstraintSpec[] = [];
  const setPk = (names: string[]) => {
    if (pkNames) throw Errors.invalidTableDefinition(`multiple primary keys for table "${name}" are not allowed`);
    pkNames = names;
  };
  for (const elt of stmt.tableElts ?? []) {
    const kind = kindOf(elt);
    if (kind === 'ColumnDef') {
      const built = buildColumn(schema, namespace, name, bodyOf(elt), columns.length + 1, ctx.catalog());
      if (columns.some((c) => c.name === built.column.name)) {
        throw Errors.duplicateColumn(`column "${built.column.name}" specified more than once`);
      }
      columns.push(built.column);
      if (built.sequence) sequences.push(built.sequence);
      if (built.inlinePrimaryKey) setPk([built.column.name]);
      specs.push(...built.constraints);
    } else if (kind === 'Constraint') {
      const con = bodyOf<ConstraintNode>(elt);
      if (con.contype === 'CONSTR_PRIMARY') setPk(stringList(con.keys));
      specs.push({ node: con });
    } else if (kind === 'TableLikeClause') {
      const like = expandTableLike(ctx, bodyOf<TableLikeNode>(elt));
      for (const c of like.columns) {
        if (columns.some((x) => x.name === c.name)) throw Errors.duplicateColumn(`column "${c.name}" specified more than once`);
        columns.push({ ...c, ordinal: columns.length + 1 });
      }
      if (like.primaryKey) setPk(like.primaryKey);
      specs.push(...like.specs);
    } else {
      throw Errors.featureNotSupported(`${kind} in CREATE TABLE is not supported`);
    }
  }
  if (columns.length === 0) throw Errors.invalidTableDefinition('a table needs at least one column');
  const primaryKey: number[] = [];
  const pk: string[] = pkNames ?? [];
  for (const n of pk) {
    const col = columns.find((c) => c.name === n);
    if (!col) throw Errors.undefinedColumn(`${n}`);
    if (primaryKey.includes(col.ordinal)) throw Errors.duplicateColumn(`column "${n}" appears twice in primary key constraint`);
    if (col.type.oid === 16389 /* vector */ || col.type.kalam === 0x0b /* json */ || col.type.oid === 1186 /* interval */) {
      const shown = col.type.kalam === 0x0b ? 'json' : col.type.oid === 1186 ? 'interval' : 'vector';
      throw Errors.featureNotSupported(`a primary key cannot be of type ${shown}`);
    }
    if (col.type.kalam === KalamDataType.ARRAY) {
      throw Errors.featureNotSupported(`a primary key cannot be of type ${formatType(col.type.oid, -1)}`);
    }
    primaryKey.push(col.ordinal);
  }
  columns = columns.map((c) => (primaryKey.includes(c.ordinal) ? { ...c, primaryKey: true, nullable: false } : c));
  if (primaryKey.length === 0 && kalamSyntax && tableType !== 'STREAM') {
    throw Errors.invalidTableDefinition(`${tableType} table "${name}" needs a PRIMARY KEY`);
  }
  // Bind every default once now: a bad default fails CREATE TABLE, not the first INSERT.
  for (const c of columns) if (c.default.kind === 'expression') bindDefaultExpr(c.default.ast, c.type, c.name);

  await storeNewTable(ctx, { namespace, name, tableType, columns, primaryKey, options }, sequences, specs);
  return { tag: 'CREATE TABLE' };
}

/** Version 1 of a new table, persisted (CREATE TABLE and CREATE TABLE AS). */
export async function storeNewTable(
  ctx: SessionContext,
  shape: Pick<TableDefinition, 'namespace' | 'name' | 'tableType' | 'columns' | 'primaryKey' | 'options'>,
  sequences: SequenceDefinition[] = [],
  specs: readonly ConstraintSpec[] = [],
): Promise<TableDefinition> {
  const schema = ctx.db.schema;
  const now = new Date().toISOString();
  const { columns } = shape;
  const bare: TableDefinition = {
    ...shape,
    id: schema.allocateTableId(),
    oid: schema.allocateOid(),
    rowTypeOid: schema.allocateOid(),
    arrayTypeOid: schema.allocateOid(),
    schemaVersion: 1,
    history: [{ version: 1, createdAt: now, changes: 'CREATE TABLE', columnCount: columns.length, columns }],
    owner: ctx.user.name,
    acl: withDefaultPrivileges(ctx, shape.namespace, 'table', ctx.user.name, initialAcl(shape, ctx.user.name)),
    createdAt: now,
    updatedAt: now,
    nextOrdinal: columns.length + 1,
  };
  // Every primary key is recorded as PostgreSQL's catalogs show it: constraint t_pkey and its index.
  const builder = new ConstraintBuilder(ctx, bare).addAll(specs);
  if (shape.primaryKey.length > 0 && !builder.constraints.some((c) => c.kind === 'p')) {
    const keys = shape.primaryKey.map((o) => ({ String: { sval: columns.find((c) => c.ordinal === o)!.name } }));
    builder.addKey({ node: { contype: 'CONSTR_PRIMARY', keys } });
  }
  const def: TableDefinition = { ...bare, ...builder.built };
  await schema.putTable(def, sequences);
  ctx.db.rows.tableCreated(def.id);
  recordCreatedTable(ctx, def);
  return def;
}
