/**
 * What each catalog change of a transaction block records in the block's DDL journal
 * (session/ddl-journal.ts), so that ROLLBACK puts the catalog back. Outside a block there is no
 * journal and the change is final at once, as in autocommit.
 */
import type { SequenceDefinition, StorageDefinition, TableDefinition, ViewDefinition } from '../../catalog/table-definition.js';
import type { SessionContext } from '../session-context.js';
import { Errors } from '../../errors/sql-error.js';

/** CREATE TABLE: undone by dropping it (rows it got in the block go with the write set). */
export function recordCreatedTable(ctx: SessionContext, def: TableDefinition): void {
  const db = ctx.db;
  ctx.ddlJournal()?.record({
    undo: async () => {
      await db.schema.dropTable(def);
      db.rows.tableDropped(def.id);
    },
  });
}

/**
 * ALTER/RENAME TABLE: undone by putting the old definition back. `sequences` were stored with it:
 * new ones (ADD COLUMN serial) are dropped, changed ones (owned by a renamed or moved table) get
 * their `previous` definitions back.
 */
export function recordReplacedTable(
  ctx: SessionContext, old: TableDefinition, next: TableDefinition,
  sequences: readonly SequenceDefinition[], previous: readonly SequenceDefinition[] = [],
): void {
  const schema = ctx.db.schema;
  ctx.ddlJournal()?.record({
    undo: async () => {
      await schema.putTable(old, [], next);
      for (const s of sequences) if (!previous.some((p) => p.id === s.id)) await schema.dropSequence(s);
      for (const p of previous) await schema.putSequence(p); // replaces the renamed or moved one
    },
  });
}

/**
 * DROP TABLE: in a block the definition goes now and the rows at COMMIT, so ROLLBACK can put the
 * definition (and its sequences) back over rows still there. Returns whether the rows must be
 * deleted now (no block).
 */
export function recordDroppedTable(
  ctx: SessionContext, def: TableDefinition, owned: readonly SequenceDefinition[], deleteRows: () => Promise<void>,
): boolean {
  const journal = ctx.ddlJournal();
  if (!journal) return true;
  const schema = ctx.db.schema;
  journal.record({ undo: () => schema.putTable(def, [...owned]), atCommit: deleteRows });
  return false;
}

/** CREATE [OR REPLACE] VIEW: undone by dropping it, or by the definition it replaced. */
export function recordPutView(ctx: SessionContext, view: ViewDefinition, replaced: ViewDefinition | undefined): void {
  const schema = ctx.db.schema;
  ctx.ddlJournal()?.record({ undo: () => (replaced ? schema.putView(replaced) : schema.dropViews([view])) });
}

/** DROP VIEW (and views dropped by CASCADE or ALTER): undone by putting them back. */
export function recordDroppedViews(ctx: SessionContext, views: readonly ViewDefinition[]): void {
  if (views.length === 0) return;
  const schema = ctx.db.schema;
  ctx.ddlJournal()?.record({
    undo: async () => {
      for (const v of views) await schema.putView(v);
    },
  });
}

/** CREATE SCHEMA: undone by dropping it (what the block put in it is undone first). */
export function recordCreatedNamespace(ctx: SessionContext, name: string): void {
  const schema = ctx.db.schema;
  ctx.ddlJournal()?.record({ undo: () => schema.dropNamespace(name) });
}

/**
 * CREATE STORAGE: undone by dropping it — unless another session has meanwhile created a table
 * in it (catalog changes are not isolated, ddl-journal.ts): then it stays, rather than leave that
 * table without its storage.
 */
export function recordCreatedStorage(ctx: SessionContext, storage: StorageDefinition): void {
  const schema = ctx.db.schema;
  ctx.ddlJournal()?.record({
    undo: async () => {
      if (schema.tablesUsingStorage(storage.id).length === 0) await schema.dropStorage(storage.id);
    },
  });
}

/** ALTER STORAGE and DROP STORAGE: undone by putting the previous definition back. */
export function recordReplacedStorage(ctx: SessionContext, previous: StorageDefinition): void {
  const schema = ctx.db.schema;
  ctx.ddlJournal()?.record({ undo: () => schema.putStorage(previous) });
}

/**
 * Catalog changes the journal cannot undo yet (DROP SCHEMA, roles): refused inside a block with
 * 0A000 rather than surviving a ROLLBACK that PostgreSQL would honour.
 */
export function refuseInBlock(ctx: SessionContext, what: string): void {
  if (ctx.ddlJournal()) {
    throw Errors.featureNotSupported(`${what} inside a transaction block is not supported yet`, 'Run it outside BEGIN … COMMIT.');
  }
}
