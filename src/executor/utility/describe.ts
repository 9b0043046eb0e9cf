/** DESCRIBE TABLE t [HISTORY], SHOW TABLES [IN ns], SHOW NAMESPACES — from the schema store. */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { Errors } from '../../errors/sql-error.js';
import { findRelation } from '../../binder/resolve-relation.js';
import type { QualifiedName } from '../../sql/kalam/statement.js';
import { declaredType, defaultText } from '../../system/describe-column.js';
import { T } from '../../system/column-types.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import type { OutputColumn, PreparedStatement } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import { rowsStatement } from './utility-statement.js';

function columns(spec: Record<string, ColumnType>): OutputColumn[] {
  return Object.entries(spec).map(([name, type]) => ({ name, type, tableOid: 0, attnum: 0 }));
}

function findTable(ctx: SessionContext, name: QualifiedName): TableDefinition {
  const rel = findRelation(ctx, name.namespace, name.name);
  const shown = name.namespace ? `${name.namespace}.${name.name}` : name.name;
  if (!rel) throw Errors.undefinedTable(shown, name.position);
  if (rel.kind === 'virtual') throw Errors.featureNotSupported(`DESCRIBE of system table "${shown}" is not supported yet`);
  if (rel.kind === 'view') throw Errors.featureNotSupported(`DESCRIBE of view "${shown}" is not supported yet`);
  return rel.table;
}

export function prepareDescribe(ctx: SessionContext, name: QualifiedName, history: boolean): PreparedStatement {
  findTable(ctx, name);
  if (history) {
    return rowsStatement(
      ctx,
      columns({ version: T.int4, created_at: T.timestamptz, changes: T.text, column_count: T.int4 }),
      (r) => `SELECT ${r.length}`,
      (c) => findTable(c, name).history.map((h) => [h.version, BigInt(Date.parse(h.createdAt)) * 1000n, h.changes, h.columnCount]),
    );
  }
  return rowsStatement(
    ctx,
    columns({
      column_name: T.text, ordinal_position: T.int4, data_type: T.text, is_nullable: T.bool,
      is_primary_key: T.bool, is_partition_key: T.bool, default_value: T.text, column_comment: T.text,
      schema_version: T.int4,
    }),
    (r) => `SELECT ${r.length}`,
    (c) => {
      const t = findTable(c, name);
      return t.columns.map((col): Value[] => [
        col.name, col.ordinal, declaredType(col), col.nullable, col.primaryKey, false, defaultText(col),
        col.comment ?? null, t.schemaVersion,
      ]);
    },
  );
}

export function prepareShowTables(ctx: SessionContext, namespace: string | undefined): PreparedStatement {
  if (namespace && !ctx.db.schema.namespace(namespace)) throw Errors.undefinedSchema(namespace);
  return rowsStatement(
    ctx,
    columns({ namespace: T.text, table_name: T.text, table_type: T.text }),
    (r) => `SELECT ${r.length}`,
    (c) => c.db.schema.listTables(namespace).map((t) => [t.namespace, t.name, t.tableType]),
  );
}

export function prepareShowNamespaces(ctx: SessionContext): PreparedStatement {
  return rowsStatement(
    ctx,
    columns({ namespace: T.text, table_count: T.int4 }),
    (r) => `SELECT ${r.length}`,
    (c) => c.db.schema.listNamespaces().map((ns) => [ns.name, c.db.schema.listTables(ns.name).length]),
  );
}
