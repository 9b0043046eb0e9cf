/**
 * What a change of rows owes the table's constraints, once the rows themselves are in the write
 * set — in PostgreSQL's order: CHECK constraints, then index entries (and uniqueness), then
 * foreign keys (the referenced row must exist; rows referencing a changed key get the action).
 *
 *   INSERT/COPY  { old: null, next }     UPDATE { old, next }     DELETE { old, next: null }
 *
 * Every write lands in the statement's write set, so a failure leaves nothing behind and the
 * entries commit atomically with their rows.
 */
import { isBtree, type ConstraintDefinition, type TableDefinition } from '../../catalog/table-definition.js';
import { boundChecks } from '../../binder/bind-check.js';
import { boundDefaults } from '../../binder/bind-default.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import { SqlError } from '../../errors/sql-error.js';
import { keyId } from '../../storage/row-store.js';
import { formatText } from '../../types/text-codec.js';
import type { TypeContext } from '../../types/type-context.js';
import type { Value } from '../../types/kalam-type.js';
import { indexAccess, secondaryIndexes, toKalam, type IndexAccess } from '../index-access.js';
import { aliveFilter, partitionOf } from '../query/table-scan.js';
import type { SessionContext } from '../session-context.js';
import { tableAccess } from '../table-access.js';
import { checkNotNull, duplicateKey, failingRow } from './row-checks.js';
import { displaceExpired, forgetEntriesOfExpired, forgetExpired } from './expired-rows.js';

export interface RowChange {
  readonly old: readonly Value[] | null;
  readonly next: readonly Value[] | null;
}

function show(v: Value, table: TableDefinition, pos: number, tc: TypeContext): string {
  return v === null ? 'null' : formatText(v, table.columns[pos]!.type, tc);
}

/** `(a, b)=(1, x)`: the key part of PostgreSQL's DETAIL lines. */
export function keyText(table: TableDefinition, positions: readonly number[], row: readonly Value[], tc: TypeContext): string {
  return `(${positions.map((p) => table.columns[p]!.name).join(', ')})=(${positions.map((p) => show(row[p]!, table, p, tc)).join(', ')})`;
}

/** Whether anything beyond the primary key and NOT NULL watches this table's rows. */
export function hasRowEffects(ctx: SessionContext, table: TableDefinition): boolean {
  return (table.constraints ?? []).some((c) => c.kind !== 'p') || (table.indexes ?? []).some((i) => !i.primary && isBtree(i)) || referencing(ctx, table).length > 0;
}

const refCache = new WeakMap<TableDefinition, { epoch: number; refs: { child: TableDefinition; fk: ConstraintDefinition }[] }>();

/** Foreign keys (of any table) that reference `table`. */
export function referencing(ctx: SessionContext, table: TableDefinition): { child: TableDefinition; fk: ConstraintDefinition }[] {
  const epoch = ctx.db.schema.version;
  const hit = refCache.get(table);
  if (hit && hit.epoch === epoch) return hit.refs;
  const refs = ctx.db.schema.referencingTables(table.oid).flatMap((child) =>
    (child.constraints ?? []).filter((c) => c.kind === 'f' && c.references!.tableOid === table.oid).map((fk) => ({ child, fk })));
  refCache.set(table, { epoch, refs });
  return refs;
}

export function checkRows(ctx: SessionContext, table: TableDefinition, rows: readonly (readonly Value[])[], ectx: EvalContext): void {
  const checks = boundChecks(table);
  if (checks.length === 0) return;
  const tc = ctx.typeContext();
  for (const row of rows) {
    for (const { constraint, expr } of checks) {
      if (expr.eval(row, ectx) !== false) continue;
      throw new SqlError('23514', `new row for relation "${table.name}" violates check constraint "${constraint.name}"`, {
        detail: failingRow(table, row, tc), schema: table.namespace, table: table.name, constraint: constraint.name,
      });
    }
  }
}

function uniqueViolation(table: TableDefinition, ix: IndexAccess, row: readonly Value[], tc: TypeContext): SqlError {
  return new SqlError('23505', `duplicate key value violates unique constraint "${ix.index.name}"`, {
    detail: `Key ${keyText(table, ix.positions, row, tc)} already exists.`, schema: table.namespace, table: table.name, constraint: ix.index.name,
  });
}

/** Old entries go, new ones come; a unique entry must find its key free. */
export async function maintainIndexes(ctx: SessionContext, table: TableDefinition, changes: readonly RowChange[]): Promise<void> {
  const indexes = secondaryIndexes(table);
  if (indexes.length === 0) return;
  const ws = ctx.writeSet();
  const partition = partitionOf(ctx, table);
  const access = tableAccess(table);
  const tc = ctx.typeContext();
  for (const ix of indexes) {
    const added: { key: Buffer; row: readonly Value[] }[] = [];
    for (const c of changes) {
      if (c.old && c.next && ix.sameEntry(c.old, c.next)) continue;
      if (c.old) ws.delete(ix.entryKey(partition, c.old));
      if (c.next) added.push({ key: ix.entryKey(partition, c.next), row: c.next });
    }
    const colliding = added.filter((a) => ix.collides(a.row));
    const found = colliding.length > 0 ? await ctx.db.rows.getMany(colliding.map((a) => a.key), ws) : [];
    await forgetEntriesOfExpired(ctx, table, partition, found);
    const mine = new Set<string>();
    colliding.forEach((a, i) => {
      const id = keyId(a.key);
      if (found[i] || mine.has(id)) throw uniqueViolation(table, ix, a.row, tc);
      mine.add(id);
    });
    for (const a of added) {
      ws.put(a.key, access.pkBytes(partition, a.row));
      if (ix.collides(a.row)) ws.markInsert(a.key, () => uniqueViolation(table, ix, a.row, tc));
    }
  }
}

/** Rows of `table` whose columns at `positions` equal `values`, through an index when one leads with them. */
export async function rowsMatching(
  ctx: SessionContext, table: TableDefinition, positions: readonly number[], values: readonly Value[],
): Promise<Value[][]> {
  const rows = await storedRowsMatching(ctx, table, positions, values);
  const alive = aliveFilter(table);
  return alive ? rows.filter(alive) : rows;
}

/** rowsMatching() with STREAM rows past their TTL still in. */
async function storedRowsMatching(
  ctx: SessionContext, table: TableDefinition, positions: readonly number[], values: readonly Value[],
): Promise<Value[][]> {
  const access = tableAccess(table);
  const partition = partitionOf(ctx, table);
  const ws = ctx.pendingWrites();
  const vals = values.map((v, i) => toKalam(v, table.columns[positions[i]!]!.type.kalam));
  // The primary key itself: one point lookup.
  if (positions.length === access.pkPositions.length && access.pkPositions.every((p) => positions.includes(p))) {
    const pk = access.pkPositions.map((p) => vals[positions.indexOf(p)]!);
    const buf = await ctx.db.rows.get(access.keyOfPk(partition, pk), ws);
    return buf ? [access.decode(buf)] : [];
  }
  const ix = secondaryIndexes(table).find((i) => positions.length <= i.positions.length
    && i.positions.slice(0, positions.length).every((p) => positions.includes(p)));
  if (ix) {
    const prefix = ix.positions.slice(0, positions.length).map((p) => vals[positions.indexOf(p)]!);
    return lookupThroughIndex(ctx, ix, prefix);
  }
  const out: Value[][] = [];
  const [lo, hi] = access.partitionRange(partition);
  for await (const batch of ctx.db.rows.scan(lo, hi, ws)) {
    ctx.checkCancel();
    for (const [, v] of batch) {
      const row = access.decode(v);
      if (positions.every((p, i) => equalKeys(row[p]!, vals[i]!, table, p))) out.push(row);
    }
  }
  return out;
}

function equalKeys(a: Value, b: Value, table: TableDefinition, pos: number): boolean {
  if (a === null || b === null) return false;
  const k = table.columns[pos]!.type.kalam;
  return toKalam(a, k) === toKalam(b, k) || (a instanceof Uint8Array && b instanceof Uint8Array && Buffer.from(a).equals(Buffer.from(b)))
    || (typeof a === 'object' && typeof b === 'object' && String(a) === String(b));
}

/** The rows an index's entries with this leading key point at. */
export async function lookupThroughIndex(ctx: SessionContext, ix: IndexAccess, prefix: readonly Value[]): Promise<Value[][]> {
  if (prefix.includes(null)) return [];
  const access = tableAccess(ix.table);
  const partition = partitionOf(ctx, ix.table);
  const ws = ctx.pendingWrites();
  const [lo, hi] = ix.range(partition, prefix);
  const keys: Buffer[] = [];
  for await (const batch of ctx.db.rows.scan(lo, hi, ws)) for (const [, pk] of batch) keys.push(access.keyOfPkBytes(partition, pk));
  if (keys.length === 0) return [];
  const rows = await ctx.db.rows.getMany(keys, ws);
  forgetExpired(ix.table, rows);
  return rows.filter((b): b is Buffer => !!b).map((b) => access.decode(b));
}

/** Child side: each new or changed key must be present in the referenced table. */
export async function checkReferences(ctx: SessionContext, table: TableDefinition, changes: readonly RowChange[]): Promise<void> {
  const fks = (table.constraints ?? []).filter((c) => c.kind === 'f');
  if (fks.length === 0) return;
  const tc = ctx.typeContext();
  for (const fk of fks) {
    const parent = ctx.db.schema.tableByOid(fk.references!.tableOid);
    if (!parent) continue;
    const positions = fk.columns.map((o) => table.columns.findIndex((c) => c.ordinal === o));
    const parentPositions = fk.references!.columns.map((o) => parent.columns.findIndex((c) => c.ordinal === o));
    for (const c of changes) {
      if (!c.next) continue;
      const vals = positions.map((p) => c.next![p]!);
      const nulls = vals.filter((v) => v === null).length;
      if (nulls > 0) {
        if (fk.references!.match === 'f' && nulls < vals.length) {
          throw new SqlError('23503', `insert or update on table "${table.name}" violates foreign key constraint "${fk.name}"`, {
            detail: 'MATCH FULL does not allow mixing of null and nonnull key values.', schema: table.namespace, table: table.name, constraint: fk.name,
          });
        }
        continue;
      }
      if (c.old && positions.every((p) => equalKeys(c.old![p]!, c.next![p]!, table, p))) continue;
      const found = await rowsMatching(ctx, parent, parentPositions, vals);
      if (found.length > 0) continue;
      throw new SqlError('23503', `insert or update on table "${table.name}" violates foreign key constraint "${fk.name}"`, {
        detail: `Key ${keyText(table, positions, c.next, tc)} is not present in table "${parent.name}".`,
        schema: table.namespace, table: table.name, constraint: fk.name,
      });
    }
  }
}

/** Parent side: rows referencing a deleted or changed key get the constraint's action. */
export async function applyReferentialActions(
  ctx: SessionContext, table: TableDefinition, changes: readonly RowChange[], ectx: EvalContext,
): Promise<void> {
  const refs = referencing(ctx, table);
  if (refs.length === 0) return;
  const tc = ctx.typeContext();
  for (const { child, fk } of refs) {
    const childNow = ctx.db.schema.tableById(child.id) ?? child;
    const parentPositions = fk.references!.columns.map((o) => table.columns.findIndex((c) => c.ordinal === o));
    const childPositions = fk.columns.map((o) => childNow.columns.findIndex((c) => c.ordinal === o));
    for (const c of changes) {
      if (!c.old) continue;
      const oldVals: Value[] = parentPositions.map((p) => c.old![p] ?? null);
      if (oldVals.includes(null)) continue;
      if (c.next && parentPositions.every((p) => equalKeys(c.old![p]!, c.next![p]!, table, p))) continue;
      const action = c.next ? fk.references!.onUpdate : fk.references!.onDelete;
      const dependents = await rowsMatching(ctx, childNow, childPositions, oldVals);
      if (dependents.length === 0) continue;
      if (action === 'a' && (await rowsMatching(ctx, table, parentPositions, oldVals)).length > 0) continue; // NO ACTION: the key is back
      if (action === 'a' || action === 'r') {
        throw new SqlError('23503', `update or delete on table "${table.name}" violates foreign key constraint "${fk.name}" on table "${childNow.name}"`, {
          detail: `Key ${keyText(table, parentPositions, c.old, tc)} is still referenced from table "${childNow.name}".`,
          schema: childNow.namespace, table: childNow.name, constraint: fk.name,
        });
      }
      if (action === 'c' && !c.next) {
        await changeRows(ctx, childNow, dependents.map((old) => ({ old, next: null })), ectx);
        continue;
      }
      const defaults = boundDefaults(childNow.columns);
      const updated = dependents.map((old) => {
        const next = old.slice();
        childPositions.forEach((p, i) => {
          if (action === 'c') next[p] = toKalam(c.next![parentPositions[i]!] ?? null, childNow.columns[p]!.type.kalam);
          else if (action === 'n') next[p] = null;
          else next[p] = defaults[p] ? defaults[p]!.eval([], ectx) : null;
        });
        return { old, next };
      });
      await changeRows(ctx, childNow, updated, ectx);
    }
  }
}

/** Everything a change owes, its rows being in the write set already. */
export async function enforceRowChanges(ctx: SessionContext, table: TableDefinition, changes: readonly RowChange[], ectx: EvalContext): Promise<void> {
  if (changes.length === 0 || !hasRowEffects(ctx, table)) return;
  checkRows(ctx, table, changes.flatMap((c) => (c.next ? [c.next] : [])), ectx);
  await maintainIndexes(ctx, table, changes);
  await checkReferences(ctx, table, changes);
  await applyReferentialActions(ctx, table, changes, ectx);
}

/** Writes rows changed by a referential action (new _seq, key moves), then what they owe in turn. */
async function changeRows(ctx: SessionContext, table: TableDefinition, changes: { old: Value[]; next: Value[] | null }[], ectx: EvalContext): Promise<void> {
  const access = tableAccess(table);
  const partition = partitionOf(ctx, table);
  const ws = ctx.writeSet();
  for (const c of changes) ws.delete(access.keyOf(partition, c.old));
  const written: RowChange[] = [];
  for (const c of changes) {
    if (c.next) {
      c.next[access.seqIndex] = ctx.db.snowflake.next();
      checkNotNull(table, c.next, ctx.typeContext());
      const key = access.keyOf(partition, c.next);
      if (!key.equals(access.keyOf(partition, c.old))) {
        const found = [await ctx.db.rows.get(key, ws)];
        await displaceExpired(ctx, table, partition, found);
        if (found[0]) throw duplicateKey(table, access, c.next, ctx.typeContext());
      }
      ws.put(key, access.encode(c.next, c.next[access.seqIndex] as bigint));
    }
    written.push(c);
  }
  await enforceRowChanges(ctx, table, written, ectx);
}

/** A secondary index by name on a table, for ON CONFLICT and the planner. */
export function indexNamed(table: TableDefinition, name: string): IndexAccess | undefined {
  const i = table.indexes?.find((x) => x.name === name && !x.primary && isBtree(x));
  return i ? indexAccess(table, i) : undefined;
}
