/**
 * CREATE [UNIQUE] INDEX [IF NOT EXISTS] [name] ON t (a, b DESC NULLS FIRST), DROP INDEX, and the
 * work ALTER TABLE … ADD CONSTRAINT shares with them: filling a new index from the rows already
 * there (every partition), and checking existing rows against a new CHECK or FOREIGN KEY. The
 * entries go into the statement's write set, so they commit with it.
 */
import { requireOwner, tableObject } from '../privileges/privilege-check.js';
import { isBtree, type ConstraintDefinition, type IndexDefinition, type TableDefinition } from '../../catalog/table-definition.js';
import { defElemValue } from '../../sql/ast-util.js';
import { createVectorIndex } from './create-vector-index.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import { bodyOf, stringList, type Node } from '../../binder/ast.js';
import { boundChecks } from '../../binder/bind-check.js';
import { findRelation, resolveUserTable, type RangeVarNode } from '../../binder/resolve-relation.js';
import { parseRowKey, tablePrefix } from '../../storage/key-layout.js';
import { prefixEnd } from '../../storage/keycode.js';
import { keyId } from '../../storage/row-store.js';
import { rowExpiry } from '../../storage/ttl/row-expiry.js';
import { indexAccess } from '../index-access.js';
import { makeEvalContext } from '../eval-context.js';
import { checkReferences, keyText } from '../dml/row-changes.js';
import type { SessionContext } from '../session-context.js';
import type { StatementResult } from '../prepared-statement.js';
import { tableAccess } from '../table-access.js';
import { ConstraintBuilder } from './table-constraints.js';
import { saveObjects } from './alter-table.js';
import { deleteIndexEntries } from './namespace-ddl.js';
import type { Value } from '../../types/kalam-type.js';

interface IndexStmtNode {
  idxname?: string;
  relation: RangeVarNode;
  indexParams: Node[];
  indexIncludingParams?: Node[];
  unique?: boolean;
  if_not_exists?: boolean;
  whereClause?: Node;
  accessMethod?: string;
  options?: Node[];
}

interface IndexElemNode {
  name?: string;
  expr?: Node;
  ordering?: string;
  nulls_ordering?: string;
  opclass?: Node[];
}

/** PostgreSQL's built-in access methods and pgvector's: b-tree (and hash, whose equality a b-tree serves) and hnsw are built. */
const LATER_METHODS = new Set(['gist', 'gin', 'brin', 'spgist', 'ivfflat']);

function checkAccessMethod(method: string): void {
  if (method === 'btree' || method === 'hash' || method === 'hnsw') return;
  if (method === 'ivfflat') {
    throw Errors.featureNotSupported('access method "ivfflat" is not supported yet', 'Use USING hnsw: the same operator classes and queries.');
  }
  if (LATER_METHODS.has(method)) throw Errors.featureNotSupported(`access method "${method}" is not supported yet`);
  throw new SqlError('42704', `access method "${method}" does not exist`);
}

/** USING hnsw: one column with its operator class, no UNIQUE, no INCLUDE (src/vector). */
async function createHnswIndex(ctx: SessionContext, stmt: IndexStmtNode, table: TableDefinition): Promise<StatementResult> {
  if (stmt.unique) throw Errors.featureNotSupported('access method "hnsw" does not support unique indexes');
  if (stmt.indexParams.length > 1) throw Errors.featureNotSupported('access method "hnsw" does not support multicolumn indexes');
  if (stmt.indexIncludingParams?.length) throw Errors.featureNotSupported('access method "hnsw" does not support included columns');
  if (stmt.whereClause) throw Errors.featureNotSupported('partial indexes (CREATE INDEX … WHERE) are not supported yet');
  const e = bodyOf<IndexElemNode>(stmt.indexParams[0]!);
  if (e.name === undefined) throw Errors.featureNotSupported('expression indexes are not supported yet');
  if (e.ordering !== undefined && e.ordering !== 'SORTBY_DEFAULT') throw Errors.featureNotSupported('access method "hnsw" does not support ASC/DESC options');
  if (e.nulls_ordering !== undefined && e.nulls_ordering !== 'SORTBY_NULLS_DEFAULT') throw Errors.featureNotSupported('access method "hnsw" does not support NULLS FIRST/LAST options');
  const opclass = e.opclass?.length ? stringList(e.opclass).at(-1) : undefined;
  const options = (stmt.options ?? []).map((o) => ({ name: bodyOf<{ defname: string }>(o).defname, value: defElemValue(o) }));
  await createVectorIndex(ctx, table, { name: stmt.idxname, column: e.name, opclass, options });
  return { tag: 'CREATE INDEX' };
}

export async function createIndex(ctx: SessionContext, node: Node): Promise<StatementResult> {
  const stmt = node as unknown as IndexStmtNode;
  const table = resolveUserTable(ctx, stmt.relation);
  requireOwner(ctx, tableObject(table));
  checkAccessMethod(stmt.accessMethod ?? 'btree');
  if (stmt.idxname !== undefined && ctx.db.schema.relationExists(table.namespace, stmt.idxname)) {
    if (!stmt.if_not_exists) throw Errors.duplicateTable(stmt.idxname);
    ctx.notice('42P07', `relation "${stmt.idxname}" already exists, skipping`);
    return { tag: 'CREATE INDEX' };
  }
  if (stmt.accessMethod === 'hnsw') return createHnswIndex(ctx, stmt, table);
  if (stmt.whereClause) throw Errors.featureNotSupported('partial indexes (CREATE INDEX … WHERE) are not supported yet');
  if (stmt.indexIncludingParams?.length) throw Errors.featureNotSupported('CREATE INDEX … INCLUDE is not supported yet');
  const keys = stmt.indexParams.map((p) => {
    const e = bodyOf<IndexElemNode>(p);
    if (e.name === undefined) throw Errors.featureNotSupported('expression indexes are not supported yet');
    const descending = e.ordering === 'SORTBY_DESC';
    const nullsFirst = e.nulls_ordering === 'SORTBY_NULLS_FIRST' || (descending && e.nulls_ordering !== 'SORTBY_NULLS_LAST');
    return { column: e.name, descending, nullsFirst };
  });
  const builder = new ConstraintBuilder(ctx, table);
  const index = builder.addIndex(stmt.idxname, keys, !!stmt.unique);
  await fillIndex(ctx, table, index);
  await saveObjects(ctx, table, builder.built);
  return { tag: 'CREATE INDEX' };
}

/** Entries for every row the table has now (all partitions); a unique index must find no duplicate. */
export async function fillIndex(ctx: SessionContext, table: TableDefinition, index: IndexDefinition): Promise<void> {
  const access = tableAccess(table);
  const ix = indexAccess({ ...table, indexes: [...(table.indexes ?? []), index] }, index);
  const ws = ctx.writeSet();
  const seen = new Set<string>();
  // An expired STREAM row holds no value: it gets no entry (eviction deletes only entries it owns).
  const expiry = rowExpiry(table);
  const p = tablePrefix(table.id);
  for await (const batch of ctx.db.rows.scan(p, prefixEnd(p), ws)) {
    ctx.checkCancel();
    for (const [key, value] of batch) {
      if (expiry?.expiredValue(value)) continue;
      const row = access.decode(value);
      const { partition } = parseRowKey(key, access.partitioned);
      const entry = ix.entryKey(partition, row);
      if (ix.collides(row)) {
        const id = keyId(entry);
        if (seen.has(id)) {
          throw new SqlError('23505', `could not create unique index "${index.name}"`, {
            detail: `Key ${keyText(table, ix.positions, row, ctx.typeContext())} is duplicated.`,
            schema: table.namespace, table: table.name, constraint: index.name,
          });
        }
        seen.add(id);
      }
      ws.put(entry, access.pkBytes(partition, row));
    }
  }
}

/** Every row the table has now (STREAM rows past their TTL are gone), every partition. */
async function allRows(ctx: SessionContext, table: TableDefinition): Promise<Value[][]> {
  const access = tableAccess(table);
  const out: Value[][] = [];
  const expiry = rowExpiry(table);
  const p = tablePrefix(table.id);
  for await (const batch of ctx.db.rows.scan(p, prefixEnd(p), ctx.writeSet())) {
    for (const [, v] of batch) if (!expiry?.expiredValue(v)) out.push(access.decode(v));
  }
  return out;
}

/** ADD CONSTRAINT: the rows already there must satisfy a new CHECK or FOREIGN KEY. */
export async function validateExisting(ctx: SessionContext, table: TableDefinition, added: readonly ConstraintDefinition[]): Promise<void> {
  const checks = added.filter((c) => c.kind === 'c');
  const fks = added.filter((c) => c.kind === 'f');
  if (checks.length === 0 && fks.length === 0) return;
  const rows = await allRows(ctx, table);
  if (checks.length > 0) {
    const bound = boundChecks({ ...table, constraints: checks });
    const ectx = makeEvalContext(ctx, []);
    for (const row of rows) {
      for (const { constraint, expr } of bound) {
        if (expr.eval(row, ectx) === false) {
          throw new SqlError('23514', `check constraint "${constraint.name}" of relation "${table.name}" is violated by some row`, {
            schema: table.namespace, table: table.name, constraint: constraint.name,
          });
        }
      }
    }
  }
  if (fks.length > 0) await checkReferences(ctx, { ...table, constraints: fks }, rows.map((next) => ({ old: null, next })));
}

/** DROP INDEX [IF EXISTS] name [, …]: not one that a constraint needs. */
export async function dropIndexes(ctx: SessionContext, objects: Node[], missingOk: boolean): Promise<StatementResult> {
  for (const obj of objects) {
    const names = stringList((obj.List as { items: Node[] }).items);
    const name = names[names.length - 1]!;
    const schemas = names.length > 1 ? [names[names.length - 2]!] : ctx.searchPath();
    const found = schemas.map((s) => ctx.db.schema.index(s, name)).find((x) => x !== undefined);
    if (!found) {
      const rel = findRelation(ctx, names.length > 1 ? names[names.length - 2] : undefined, name);
      if (rel) throw new SqlError('42809', `"${name}" is not an index`, { hint: 'Use DROP TABLE to remove a table.' });
      if (missingOk) {
        ctx.notice('00000', `index "${name}" does not exist, skipping`);
        continue;
      }
      throw Errors.undefinedObject(`index "${name}" does not exist`);
    }
    const table = ctx.db.schema.tableById(found.table.id)!;
    const owner = (table.constraints ?? []).find((c) => c.indexOid === found.index.oid && (c.kind === 'p' || c.kind === 'u'));
    if (owner) {
      throw new SqlError('2BP01', `cannot drop index ${name} because constraint ${owner.name} on table ${table.name} requires it`, {
        hint: `You can drop constraint ${owner.name} on table ${table.name} instead.`,
      });
    }
    await saveObjects(ctx, table, { constraints: table.constraints, indexes: (table.indexes ?? []).filter((i) => i.oid !== found.index.oid) });
    await discardEntries(ctx, [found.index]);
  }
  return { tag: 'DROP INDEX' };
}

/**
 * A dropped index's entries: at COMMIT in a block (ROLLBACK puts the index back over them), at
 * once otherwise. Its storage id is never reused, so entries kept a while harm nothing.
 */
export async function discardEntries(ctx: SessionContext, indexes: readonly IndexDefinition[]): Promise<void> {
  const graphs = indexes.filter((i) => i.method === 'hnsw');
  if (graphs.length > 0) {
    const dropGraphs = async (): Promise<void> => {
      for (const i of graphs) await ctx.db.vectors.drop(i.oid);
    };
    const journal = ctx.ddlJournal();
    if (journal) journal.record({ undo: async () => {}, atCommit: dropGraphs });
    else await dropGraphs();
  }
  const ids = indexes.filter((i) => !i.primary && isBtree(i)).map((i) => i.storageId);
  if (ids.length === 0) return;
  const journal = ctx.ddlJournal();
  if (journal) journal.record({ undo: async () => {}, atCommit: () => deleteIndexEntries(ctx, ids) });
  else await deleteIndexEntries(ctx, ids);
}
