/**
 * CREATE TABLE name [(col, …)] AS query [WITH [NO] DATA], and SELECT … INTO name.
 *
 * The query runs before the table exists, so a query that fails leaves nothing behind; then the
 * table is created with the query's column names and types (no primary key: keyed by _seq, like
 * any plain CREATE TABLE without one) and the rows are written in the statement's transaction.
 * The tag is PostgreSQL's: `SELECT n`, or `CREATE TABLE AS` when no rows were asked for.
 */
import { refuseTypeNameClash } from './enum-lookup.js';
import { checkStorableType, rejectPseudoType } from '../../types/declared-type.js';
import type { ColumnDefinition } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import { maxParamNumber, stringList, type Node } from '../../binder/ast.js';
import { StatementParams } from '../../binder/param-slots.js';
import { creationNamespace, type RangeVarNode } from '../../binder/resolve-relation.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import { PgOid } from '../../types/pg-oids.js';
import type { SessionContext } from '../session-context.js';
import type { StatementResult } from '../prepared-statement.js';
import { makeEvalContext, prepareSequences } from '../eval-context.js';
import { prepareSelectSource } from '../query/select-source.js';
import { writeRows } from '../dml/insert.js';
import { tableAccess } from '../table-access.js';
import { storeNewTable } from './create-table.js';
import { parseTableOptions } from './table-options.js';

export interface IntoClauseNode {
  rel: RangeVarNode & { relpersistence?: string };
  colNames?: Node[];
  options?: Node[];
  onCommit?: string;
  skipData?: boolean;
  accessMethod?: string;
  tableSpaceName?: string;
}

interface CreateTableAsNode {
  query: Node;
  into: IntoClauseNode;
  objtype?: string;
  if_not_exists?: boolean;
}

/** The types a table column can be declared with (types/declared-type.ts). */

export function createTableAs(ctx: SessionContext, node: Node): Promise<StatementResult> {
  const stmt = node as unknown as CreateTableAsNode;
  if (stmt.objtype === 'OBJECT_MATVIEW') throw Errors.featureNotSupported('materialized views are not supported yet');
  return createFromQuery(ctx, stmt.query, stmt.into, !!stmt.if_not_exists);
}

export async function createFromQuery(ctx: SessionContext, query: Node, into: IntoClauseNode, ifNotExists: boolean): Promise<StatementResult> {
  if (into.rel.relpersistence === 't') throw Errors.featureNotSupported('temporary tables are not supported yet');
  if (into.onCommit && into.onCommit !== 'ONCOMMIT_NOOP') throw Errors.featureNotSupported('ON COMMIT is only for temporary tables, which are not supported yet');
  if (into.accessMethod || into.tableSpaceName) throw Errors.featureNotSupported('USING and TABLESPACE are not supported');
  const params = maxParamNumber(query);
  if (params > 0) throw new SqlError('42P02', `there is no parameter $${params}`);
  const schema = ctx.db.schema;
  const namespace = creationNamespace(ctx, into.rel.schemaname);
  const name = into.rel.relname;
  if (schema.relationExists(namespace, name) && ifNotExists) {
    ctx.notice('42P07', `relation "${name}" already exists, skipping`);
    return { tag: 'CREATE TABLE AS' };
  }

  const source = prepareSelectSource(ctx, query, new StatementParams([]));
  const names = stringList(into.colNames);
  if (names.length > source.columns.length) throw Errors.syntax('too many column names were specified');
  const columns: ColumnDefinition[] = source.columns.map((c, i) => ({
    name: names[i] ?? c.name,
    ordinal: i + 1,
    type: storableType(names[i] ?? c.name, c.type),
    nullable: true,
    primaryKey: false,
    default: { kind: 'none' },
  }));
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) throw Errors.duplicateColumn(`column "${c.name}" specified more than once`);
    seen.add(c.name);
  }
  if (schema.relationExists(namespace, name)) throw Errors.duplicateTable(name);
  refuseTypeNameClash(schema, namespace, name);
  const { tableType, options, kalamSyntax } = parseTableOptions(into.options ?? [], undefined, schema);
  if (kalamSyntax && tableType !== 'STREAM') {
    throw Errors.invalidTableDefinition(`${tableType} table "${name}" needs a PRIMARY KEY, which CREATE TABLE AS cannot declare`);
  }

  let rows: Value[][] = [];
  const ectx = makeEvalContext(ctx, []);
  if (!into.skipData) {
    await prepareSequences(ctx);
    rows = await source.run(ctx, ectx);
  }
  const table = await storeNewTable(ctx, { namespace, name, tableType, columns, primaryKey: [], options });
  if (into.skipData) return { tag: 'CREATE TABLE AS' };
  const width = tableAccess(table).width;
  const full = rows.map((r) => r.concat(new Array(width - r.length).fill(null)));
  await writeRows(ctx, table, full, null, ectx);
  return { tag: `SELECT ${rows.length}` };
}

function storableType(column: string, type: ColumnType): ColumnType {
  rejectPseudoType(column, type);
  if (type.oid === PgOid.UNKNOWN) return { kalam: type.kalam, oid: PgOid.TEXT, typmod: -1 };
  checkStorableType(type); // what CREATE TABLE may declare, CREATE TABLE AS may produce
  return type;
}
