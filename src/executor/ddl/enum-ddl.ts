/**
 * CREATE TYPE … AS ENUM, ALTER TYPE … ADD VALUE / RENAME VALUE / RENAME TO: enum types as
 * PostgreSQL 15 makes them (typecmds.c DefineEnum, pg_enum.c). OIDs come the way PostgreSQL hands
 * them out: the array type's first, then the type's, then one per label, even ones for the labels
 * of CREATE so that their OID order is their sort order. Inside a transaction block each change is
 * journalled and undone by ROLLBACK.
 */
import type { Node } from '../../binder/ast.js';
import { stringList } from '../../binder/ast.js';
import { creationNamespace } from '../../binder/resolve-relation.js';
import type { EnumTypeDefinition } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import type { StatementResult } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import { findEnumType, typeUsers } from './enum-lookup.js';

type Label = EnumTypeDefinition['labels'][number];

/** NAMEDATALEN - 1: a label is stored as a name. */
const MAX_LABEL_BYTES = 63;

function checkLabel(label: string): void {
  if (Buffer.byteLength(label, 'utf8') > MAX_LABEL_BYTES) {
    throw new SqlError('42602', `invalid enum label "${label}"`, { detail: `Labels must be ${MAX_LABEL_BYTES} bytes or less.` });
  }
}

function evenOid(ctx: SessionContext): number {
  for (;;) {
    const oid = ctx.db.schema.allocateOid();
    if (oid % 2 === 0) return oid;
  }
}

export async function createEnum(ctx: SessionContext, body: Node): Promise<StatementResult> {
  const s = body as { typeName: Node[]; vals?: Node[] };
  const names = stringList(s.typeName);
  const name = names[names.length - 1]!;
  const namespace = creationNamespace(ctx, names.length > 1 ? names[names.length - 2] : undefined);
  const schema = ctx.db.schema;
  // A table's or view's row type has the same name as the relation.
  if (schema.type(namespace, name) || schema.table(namespace, name) || schema.view(namespace, name)) {
    throw Errors.duplicateObject(`type "${name}" already exists`);
  }
  const values = stringList(s.vals);
  values.forEach(checkLabel);
  const arrayOid = schema.allocateOid();
  const oid = schema.allocateOid();
  const seen = new Set<string>();
  const labels: Label[] = values.map((label, i) => {
    if (seen.has(label)) {
      throw new SqlError('23505', 'duplicate key value violates unique constraint "pg_enum_typid_label_index"', {
        detail: `Key (enumtypid, enumlabel)=(${oid}, ${label}) already exists.`, constraint: 'pg_enum_typid_label_index',
      });
    }
    seen.add(label);
    return { oid: evenOid(ctx), label, sortOrder: i + 1 };
  });
  const def: EnumTypeDefinition = {
    kind: 'enum', oid, arrayOid, namespace, name, labels, owner: ctx.user.name, createdAt: new Date().toISOString(),
  };
  await schema.putType(def);
  ctx.ddlJournal()?.record({ undo: () => schema.dropTypes([def]) });
  return { tag: 'CREATE TYPE' };
}

/** Replaces the stored definition, undone by ROLLBACK. */
export async function replaceType(ctx: SessionContext, old: EnumTypeDefinition, next: EnumTypeDefinition): Promise<void> {
  const schema = ctx.db.schema;
  await schema.putType(next, old);
  ctx.ddlJournal()?.record({ undo: () => schema.putType(old, next) });
}

export async function alterEnum(ctx: SessionContext, body: Node): Promise<StatementResult> {
  const s = body as {
    typeName: Node[]; oldVal?: string; newVal: string; newValNeighbor?: string; newValIsAfter?: boolean;
    skipIfNewValExists?: boolean;
  };
  const t = findEnumType(ctx, stringList(s.typeName), false)!;
  const next = s.oldVal !== undefined ? renameValue(ctx, t, s.oldVal, s.newVal) : addValue(ctx, t, s);
  if (next !== t) await replaceType(ctx, t, next);
  return { tag: 'ALTER TYPE' };
}

function renameValue(ctx: SessionContext, t: EnumTypeDefinition, from: string, to: string): EnumTypeDefinition {
  checkLabel(to);
  const old = t.labels.find((l) => l.label === from);
  if (!old) throw Errors.invalidParameterValue(`"${from}" is not an existing enum label`);
  if (from === to) return t;
  if (t.labels.some((l) => l.label === to)) throw Errors.duplicateObject(`enum label "${to}" already exists`);
  // Rows hold the label itself: renaming would mean rewriting every row that has it.
  if (typeUsers(ctx.db.schema, t).length > 0) {
    throw Errors.featureNotSupported(`ALTER TYPE … RENAME VALUE of an enum that a table column uses is not supported yet`,
      'Rename the value before the type is used, or add the new value and UPDATE the rows.');
  }
  // An updated pg_enum row moves to the end of the heap, where a scan without ORDER BY meets it last.
  return { ...t, labels: [...t.labels.filter((l) => l !== old), { ...old, label: to }] };
}

function addValue(
  ctx: SessionContext, t: EnumTypeDefinition,
  s: { newVal: string; newValNeighbor?: string; newValIsAfter?: boolean; skipIfNewValExists?: boolean },
): EnumTypeDefinition {
  checkLabel(s.newVal);
  if (t.labels.some((l) => l.label === s.newVal)) {
    if (s.skipIfNewValExists) {
      ctx.notice('42710', `enum label "${s.newVal}" already exists, skipping`);
      return t;
    }
    throw Errors.duplicateObject(`enum label "${s.newVal}" already exists`);
  }
  // `labels` keeps pg_enum's physical order (what a scan without ORDER BY returns): new rows last.
  let labels = t.labels;
  const sorted = () => [...labels].sort((a, b) => a.sortOrder - b.sortOrder);
  let sortOrder = newSortOrder(sorted(), s.newValNeighbor, !!s.newValIsAfter);
  if (sortOrder === null) {
    // The neighbours' midpoint is no longer a new float4: PostgreSQL renumbers 1..n (rewriting
    // every row, in sort order) and retries.
    labels = sorted().map((l, i) => ({ ...l, sortOrder: i + 1 }));
    sortOrder = newSortOrder(labels, s.newValNeighbor, !!s.newValIsAfter)!;
  }
  return { ...t, labels: [...labels, { oid: labelOid(ctx, labels, sortOrder), label: s.newVal, sortOrder }] };
}

/** AddEnumLabel's placement: after the last, one below/above an end, or the float4 midpoint. */
function newSortOrder(labels: readonly Label[], neighbor: string | undefined, after: boolean): number | null {
  if (neighbor === undefined) return labels.length > 0 ? labels[labels.length - 1]!.sortOrder + 1 : 1;
  const i = labels.findIndex((l) => l.label === neighbor);
  if (i < 0) throw Errors.invalidParameterValue(`"${neighbor}" is not an existing enum label`);
  const near = labels[i]!.sortOrder;
  const j = after ? i + 1 : i - 1;
  if (j < 0) return near - 1;
  if (j >= labels.length) return near + 1;
  const other = labels[j]!.sortOrder;
  const mid = Math.fround((near + other) / 2);
  return mid === near || mid === other ? null : mid;
}

/**
 * PostgreSQL gives a new label an even OID when even OIDs still sort as the labels do (so enum
 * comparisons can compare OIDs), an odd one otherwise.
 */
function labelOid(ctx: SessionContext, labels: readonly Label[], sortOrder: number): number {
  for (;;) {
    const oid = ctx.db.schema.allocateOid();
    const sortsOk = labels.every((l) => l.oid % 2 !== 0 || (l.oid < oid) === (l.sortOrder < sortOrder));
    if (sortsOk === (oid % 2 === 0)) return oid;
  }
}

/** ALTER TYPE name RENAME TO newname. */
export async function renameType(ctx: SessionContext, body: Node): Promise<StatementResult> {
  const s = body as { object: { List: { items: Node[] } }; newname: string };
  const t = findEnumType(ctx, stringList(s.object.List.items), false)!;
  const schema = ctx.db.schema;
  if (schema.type(t.namespace, s.newname) || schema.table(t.namespace, s.newname) || schema.view(t.namespace, s.newname)) {
    throw Errors.duplicateObject(`type "${s.newname}" already exists`);
  }
  await replaceType(ctx, t, { ...t, name: s.newname });
  return { tag: 'ALTER TYPE' };
}
