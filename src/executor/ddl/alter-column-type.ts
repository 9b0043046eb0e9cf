/**
 * ALTER TABLE … ALTER COLUMN c [SET DATA] TYPE t [USING expr], as PostgreSQL runs it: the new
 * type resolved, every row's value converted (the USING expression, or an assignment cast of the
 * old value) and written back under the new table version, the column's indexes rebuilt and
 * CHECK constraints re-validated — or nothing at all when the type is the one the column has and
 * there is no USING (what Sequelize's `sync({ alter: true })` sends for every column, every run).
 *
 *   1. plan:    new type, per-row conversion, default re-cast       (alterColumnType, per command)
 *   2. rewrite: rows re-encoded, old index entries deleted           (rewriteColumns, before the
 *   3. rebuild: index entries re-made, CHECKs validated               new table version is saved)
 *
 * A key column's new values are new row keys: the rows move, and every index is rebuilt.
 * An identity column's sequence takes the new type's range. Not built (0A000): changing the type
 * of a column in a foreign key.
 */
import { isBtree, type ColumnDefinition, type SequenceDefinition, type TableDefinition } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import { bodyOf, type Node } from '../../binder/ast.js';
import type { BoundExpr } from '../../binder/expr/bound-expr.js';
import { bindExpr, coerceToType } from '../../binder/expr/bind-expr.js';
import { bindDefaultExpr } from '../../binder/bind-default.js';
import { StatementParams } from '../../binder/param-slots.js';
import { RangeScope } from '../../binder/range-scope.js';
import { tableEntry } from '../../binder/table-scope.js';
import { formatType } from '../../types/format-type.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import { tablePrefix } from '../../storage/key-layout.js';
import { prefixEnd } from '../../storage/keycode.js';
import { rowExpiry } from '../../storage/ttl/row-expiry.js';
import { deleteIndexEntriesOf, type ExpiredRow } from '../../storage/ttl/expired-index-entries.js';
import { parseRowKey } from '../../storage/key-layout.js';
import { declaredType } from '../../system/describe-column.js';
import type { SessionContext } from '../session-context.js';
import { makeEvalContext } from '../eval-context.js';
import { tableAccess } from '../table-access.js';
import { indexAccess } from '../index-access.js';
import { keyText, referencing } from '../dml/row-changes.js';
import { fillIndex, validateExisting } from './create-index.js';
import { resolveColumnType, SEQ_LIMITS } from './column-builder.js';

/** One column whose values change: how to compute the new value from the old row. */
export interface ColumnRewrite {
  readonly ordinal: number;
  readonly convert: BoundExpr;
}

export interface AlteredColumn {
  readonly column: ColumnDefinition;
  /** An identity column's sequence, moved to the new type's range. */
  readonly sequence?: SequenceDefinition;
  /** Absent when the type is unchanged and nothing needs rewriting. */
  readonly rewrite?: ColumnRewrite;
  readonly change?: string;
}

interface AlterTypeCmd {
  name?: string;
  def?: Node;
}

const sameType = (a: ColumnType, b: ColumnType): boolean => a.kalam === b.kalam && a.oid === b.oid && a.typmod === b.typmod;

/** Plans one ALTER COLUMN TYPE against `t` (the stored table, whose rows the conversion reads). */
export function alterColumnType(ctx: SessionContext, t: TableDefinition, col: ColumnDefinition, cmd: AlterTypeCmd): AlteredColumn {
  const def = bodyOf<{ typeName: Parameters<typeof resolveColumnType>[0]; raw_default?: Node; collClause?: Node }>(cmd.def!);
  const { type, serial } = resolveColumnType(def.typeName);
  if (serial) throw Errors.undefinedObject(`type "${serial}" does not exist`);
  const views = ctx.db.schema.listViews().filter((v) => v.columnsUsed.some(([oid, attnum]) => oid === t.oid && attnum === col.ordinal));
  if (views.length > 0) {
    throw new SqlError('0A000', 'cannot alter type of a column used by a view or rule', {
      detail: `rule _RETURN on view ${views[0]!.name} depends on column "${col.name}"`,
    });
  }
  const using = def.raw_default;
  if (sameType(col.type, type) && !using) return { column: col };
  refuseUnbuilt(ctx, t, col, type);
  const convert = conversion(t, col, type, using);
  let column: ColumnDefinition = { ...col, type };
  if (col.default.kind === 'expression') {
    // PostgreSQL stores the default already cast to the old type ('xy'::character varying), so
    // it is that value, not the literal, that must cast to the new type.
    const stored = bindDefaultExpr(col.default.ast, col.type, col.name);
    try {
      coerceToType({ type: stored.type, eval: stored.eval, label: col.name }, type, 'assignment');
    } catch (e) {
      if ((e as { code?: string }).code !== '42804') throw e;
      throw Errors.datatypeMismatch(`default for column "${col.name}" cannot be cast automatically to type ${formatType(type.oid, -1)}`);
    }
  }
  if (col.missingValue !== undefined) column = { ...column, missingValue: undefined };
  const sequence = col.identity ? identitySequence(ctx, t, col, type) : undefined;
  return { column, ...(sequence ? { sequence } : {}), rewrite: { ordinal: col.ordinal, convert }, change: `ALTER COLUMN ${col.name} TYPE ${declaredType(column)}` };
}

/**
 * An identity column's sequence follows its type, as ALTER SEQUENCE … AS does: a bound that was
 * the old type's limit becomes the new type's.
 */
function identitySequence(ctx: SessionContext, t: TableDefinition, col: ColumnDefinition, type: ColumnType): SequenceDefinition | undefined {
  const limits = SEQ_LIMITS[type.kalam];
  if (!limits) throw new SqlError('22023', 'identity column type must be smallint, integer, or bigint');
  const old = SEQ_LIMITS[col.type.kalam]!;
  const seq = ctx.db.schema.listSequences(t.namespace).find((s) => s.ownedBy === `${t.namespace}.${t.name}.${col.name}`);
  if (!seq) return undefined;
  const max = seq.max === old[1] ? limits[1] : seq.max === -old[0] ? -limits[0] : seq.max;
  const min = seq.min === -old[1] - 1n ? -limits[1] - 1n : seq.min;
  if (max > limits[1]) throw new SqlError('22023', `MAXVALUE (${max}) is out of range for sequence data type ${formatType(type.oid, -1)}`);
  if (min < -limits[1] - 1n) throw new SqlError('22023', `MINVALUE (${min}) is out of range for sequence data type ${formatType(type.oid, -1)}`);
  return { ...seq, max, min };
}

function refuseUnbuilt(ctx: SessionContext, t: TableDefinition, col: ColumnDefinition, type: ColumnType): void {
  const what = `changing the type of column "${col.name}"`;
  const inForeignKey =
    (t.constraints ?? []).some((k) => k.kind === 'f' && k.columns.includes(col.ordinal)) ||
    referencing(ctx, t).some((r) => r.fk.references!.columns.includes(col.ordinal));
  if (inForeignKey) throw Errors.featureNotSupported(`${what} to ${formatType(type.oid, type.typmod)}: it is in a foreign key, which is not supported yet`);
}

/** The new value from the old row: USING's expression, or the old value by assignment cast. */
function conversion(t: TableDefinition, col: ColumnDefinition, type: ColumnType, using: Node | undefined): BoundExpr {
  const scope = new RangeScope([tableEntry(t, undefined, 0)], null);
  const params = new StatementParams([]);
  const source = using ?? { ColumnRef: { fields: [{ String: { sval: col.name } }], location: -1 } };
  const bound = bindExpr(source, scope, params, { expected: type });
  const typeName = formatType(type.oid, -1);
  try {
    return coerceToType(bound, type, 'assignment');
  } catch (e) {
    if ((e as { code?: string }).code !== '42804') throw e;
    if (using) {
      throw Errors.datatypeMismatch(`result of USING clause for column "${col.name}" cannot be cast automatically to type ${typeName}`, undefined, 'You might need to add an explicit cast.');
    }
    throw Errors.datatypeMismatch(`column "${col.name}" cannot be cast automatically to type ${typeName}`, undefined, `You might need to specify "USING ${col.name}::${typeName}".`);
  }
}

/**
 * Rewrites the rows of `before` (the stored table) as rows of `after` (its next version, not yet
 * saved — so a failure here leaves the stored definition as it was): converted columns recomputed, index entries of indexes on them re-made, CHECKs on them
 * re-validated. Everything goes through the session's write set, so ROLLBACK undoes it.
 */
export async function rewriteColumns(ctx: SessionContext, before: TableDefinition, after: TableDefinition, rewrites: readonly ColumnRewrite[]): Promise<void> {
  if (rewrites.length === 0) return;
  const ordinals = rewrites.map((r) => r.ordinal);
  const sameColumns = after.columns.length === before.columns.length && after.columns.every((c, i) => c.ordinal === before.columns[i]!.ordinal);
  if (!sameColumns) throw Errors.featureNotSupported('ALTER COLUMN TYPE in the same statement as ADD or DROP COLUMN is not supported yet');
  const oldAccess = tableAccess(before);
  const newAccess = tableAccess(after);
  const positions = rewrites.map((r) => after.columns.findIndex((c) => c.ordinal === r.ordinal));
  // A key column's new value is a new row key, and secondary index entries hold the row key.
  const keyChanges = after.primaryKey.some((o) => ordinals.includes(o));
  const vectorIndex = (after.indexes ?? []).find((i) => !isBtree(i) && i.columns.some((o) => ordinals.includes(o)));
  if (vectorIndex) {
    throw Errors.featureNotSupported(`cannot alter the type of a column used by vector index "${vectorIndex.name}"`, 'Drop the index, alter the column, then create the index again.');
  }
  const touched = (after.indexes ?? []).filter((i) => !i.primary && isBtree(i) && (keyChanges || i.columns.some((o) => ordinals.includes(o))));
  const oldIndexes = touched.map((i) => indexAccess(before, i));
  const ectx = makeEvalContext(ctx, []);
  const ws = ctx.writeSet();
  const p = tablePrefix(before.id);
  const flushed = ctx.db.cold.holds(before.id);
  // Read whole before writing: a row written under a new key must not be read again.
  const stored: [Buffer, Value[]][] = [];
  // An expired STREAM row is gone, not converted: it goes now, with its index entries.
  const expiry = rowExpiry(before);
  const expired: ExpiredRow[] = [];
  for await (const batch of ctx.db.rows.scan(p, prefixEnd(p), ws)) {
    for (const [key, value] of batch) {
      if (!expiry?.expiredValue(value)) stored.push([key, oldAccess.decode(value)]);
      else {
        expired.push({ partition: parseRowKey(key, oldAccess.partitioned).partition, row: oldAccess.decode(value) });
        ws.delete(key);
      }
    }
  }
  await deleteIndexEntriesOf(ctx.db.rows, before, expired, ws);
  const keys = new Set<string>();
  const writes: [Buffer, Buffer][] = [];
  for (const [key, old] of stored) {
    ctx.checkCancel();
    const { partition } = parseRowKey(key, oldAccess.partitioned);
    const next: Value[] = old.slice();
    rewrites.forEach((r, k) => {
      const v = r.convert.eval(old, ectx);
      const col = after.columns[positions[k]!]!;
      if (v === null && !col.nullable) {
        throw Object.assign(Errors.notNullViolation(col.name, after.name), { message: `column "${col.name}" of relation "${after.name}" contains null values` });
      }
      next[positions[k]!] = v;
    });
    for (const ix of oldIndexes) ws.delete(ix.entryKey(partition, old));
    const newKey = keyChanges ? newAccess.keyOf(partition, next) : key;
    if (keyChanges) {
      if (keys.has(newKey.toString('latin1'))) throw duplicatedKey(ctx, after, newAccess.pkPositions, next);
      keys.add(newKey.toString('latin1'));
    }
    // A flushed table's rewritten rows get a new _seq: they must outrank their old versions in
    // segments, which read the changed column as NULL (segment-reader.ts). Other tables keep it
    // (a STREAM row's TTL counts from it).
    const seq = flushed ? ctx.db.snowflake.next() : (old[oldAccess.seqIndex] as bigint);
    writes.push([newKey, newAccess.encode(next, seq)]);
  }
  // Every old key goes before any new one is written: a new key may be another row's old one.
  if (keyChanges) for (const [key] of stored) ws.delete(key);
  for (const [key, value] of writes) ws.put(key, value);
  for (const i of touched) await fillIndex(ctx, after, i);
  await validateExisting(ctx, after, (after.constraints ?? []).filter((k) => k.kind === 'c' && k.columns.some((o) => ordinals.includes(o))));
}

/** Two rows whose converted keys are equal: what PostgreSQL says when it rebuilds the key's index. */
function duplicatedKey(ctx: SessionContext, t: TableDefinition, positions: readonly number[], row: readonly Value[]): SqlError {
  const name = (t.indexes ?? []).find((i) => i.primary)?.name ?? `${t.name}_pkey`;
  return new SqlError('23505', `could not create unique index "${name}"`, {
    detail: `Key ${keyText(t, positions, row, ctx.typeContext())} is duplicated.`,
    schema: t.namespace, table: t.name, constraint: name,
  });
}

export async function hasRows(ctx: SessionContext, t: TableDefinition): Promise<boolean> {
  const expiry = rowExpiry(t);
  const p = tablePrefix(t.id);
  for await (const batch of ctx.db.rows.scan(p, prefixEnd(p), ctx.writeSet())) {
    if (batch.some(([, v]) => !expiry?.expiredValue(v))) return true;
  }
  return false;
}
