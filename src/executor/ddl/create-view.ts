/**
 * CREATE [OR REPLACE] VIEW name [(col, …)] AS query.
 *
 * The query is bound once now, with a ViewCapture listening: binding fixes the view's columns
 * (names and types), expands `*`, resolves every table name to its schema and lists what the view
 * depends on. What is stored is the rewritten query (view-query.ts), bound again wherever the view
 * is named.
 */
import { refuseTypeNameClash } from './enum-lookup.js';
import { rejectPseudoType } from '../../types/declared-type.js';
import { recordPutView } from './ddl-undo.js';
import type { ViewDefinition } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import { maxParamNumber, stringList, type Node } from '../../binder/ast.js';
import { StatementParams } from '../../binder/param-slots.js';
import { creationNamespace, type RangeVarNode } from '../../binder/resolve-relation.js';
import { ViewCapture, withViewCapture } from '../../binder/view-capture.js';
import { storedViewQuery } from '../../binder/view-query.js';
import { formatType } from '../../types/format-type.js';
import type { ColumnType } from '../../types/kalam-type.js';
import type { SessionContext } from '../session-context.js';
import type { StatementResult } from '../prepared-statement.js';
import { prepareSelectSource } from '../query/select-source.js';

interface ViewStmtNode {
  view: RangeVarNode & { relpersistence?: string };
  aliases?: Node[];
  query: Node;
  replace?: boolean;
  options?: Node[];
  withCheckOption?: string;
}

type ViewColumn = ViewDefinition['columns'][number];

export async function createView(ctx: SessionContext, node: Node, statementText: string): Promise<StatementResult> {
  const stmt = node as unknown as ViewStmtNode;
  if (stmt.view.relpersistence === 't') throw Errors.featureNotSupported('temporary views are not supported yet');
  if (stmt.options?.length) throw Errors.featureNotSupported('view options (WITH (…)) are not supported yet');
  if (stmt.withCheckOption && stmt.withCheckOption !== 'NO_CHECK_OPTION') {
    throw Errors.featureNotSupported('WITH CHECK OPTION is not supported: views are read-only here');
  }
  const params = maxParamNumber(stmt.query);
  if (params > 0) throw new SqlError('42P02', `there is no parameter $${params}`);
  const namespace = creationNamespace(ctx, stmt.view.schemaname, ((stmt.view as { location?: number }).location ?? 0) + 1);
  const name = stmt.view.relname;

  const capture = new ViewCapture();
  const source = withViewCapture(capture, () => prepareSelectSource(ctx, stmt.query, new StatementParams([]), null));
  const aliases = stringList(stmt.aliases);
  if (aliases.length > source.columns.length) throw Errors.syntax('CREATE VIEW specifies more column names than columns');
  const columns: ViewColumn[] = source.columns.map((c, i) => ({ name: aliases[i] ?? c.name, type: c.type }));
  const seen = new Set<string>();
  for (const c of columns) {
    rejectPseudoType(c.name, c.type);
    if (seen.has(c.name)) throw Errors.duplicateColumn(`column "${c.name}" specified more than once`);
    seen.add(c.name);
  }

  const schema = ctx.db.schema;
  const existing = schema.view(namespace, name);
  if (schema.table(namespace, name)) {
    if (stmt.replace) throw new SqlError('42809', `"${name}" is not a view`);
    throw Errors.duplicateTable(name);
  }
  if (existing && !stmt.replace) throw Errors.duplicateTable(name);
  if (!existing) refuseTypeNameClash(schema, namespace, name);
  if (existing) checkReplacement(existing.columns, columns);

  const view: ViewDefinition = {
    oid: existing?.oid ?? schema.allocateOid(),
    rowTypeOid: existing?.rowTypeOid ?? schema.allocateOid(),
    arrayTypeOid: existing ? existing.arrayTypeOid : schema.allocateOid(),
    namespace,
    name,
    columns,
    query: storedViewQuery(stmt.query, capture),
    text: queryText(statementText),
    dependsOn: [...capture.dependsOn],
    columnsUsed: capture.columnsUsed,
    owner: existing?.owner ?? ctx.user.name,
    createdAt: existing?.createdAt ?? new Date().toISOString(),
  };
  await schema.putView(view);
  recordPutView(ctx, view, existing);
  return { tag: 'CREATE VIEW' };
}

/** CREATE OR REPLACE may add columns at the end, nothing else (PostgreSQL's checkViewTupleDesc). */
function checkReplacement(old: readonly ViewColumn[], next: readonly ViewColumn[]): void {
  if (next.length < old.length) throw Errors.invalidTableDefinition('cannot drop columns from view');
  old.forEach((o, i) => {
    const n = next[i]!;
    if (n.name !== o.name) {
      throw new SqlError('42P16', `cannot change name of view column "${o.name}" to "${n.name}"`, {
        hint: 'Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.',
      });
    }
    if (!sameType(n.type, o.type)) {
      throw Errors.invalidTableDefinition(
        `cannot change data type of view column "${o.name}" from ${formatType(o.type.oid, o.type.typmod)} to ${formatType(n.type.oid, n.type.typmod)}`,
      );
    }
  });
}

function sameType(a: ColumnType, b: ColumnType): boolean {
  return a.oid === b.oid && a.typmod === b.typmod;
}

/** The text after `… VIEW name [(cols)] AS`: what the user wrote for the query. */
function queryText(statement: string): string {
  const m = /^\s*create\s+(?:or\s+replace\s+)?(?:(?:temp|temporary)\s+)?(?:recursive\s+)?view\s+.*?\s+as\s+/is.exec(statement);
  return (m ? statement.slice(m[0].length) : statement).trim();
}
