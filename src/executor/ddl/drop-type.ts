/**
 * DROP TYPE [IF EXISTS] name [, …] [CASCADE | RESTRICT] for enum types (their array types go
 * with them). Columns of the type stop a plain DROP with 2BP01 and PostgreSQL's DETAIL; CASCADE
 * drops those columns, as PostgreSQL does.
 */
import type { Node } from '../../binder/ast.js';
import { bodyOf, stringList } from '../../binder/ast.js';
import type { EnumTypeDefinition, TableDefinition } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import type { StatementResult } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import { saveVersion } from './alter-table.js';
import { findEnumType, typeUsers, type TypeUser } from './enum-lookup.js';

function describeUser(u: TypeUser, t: EnumTypeDefinition): string {
  return `column ${u.column.name} of table ${u.table.name} depends on type ${t.name}${u.asArray ? '[]' : ''}`;
}

export async function dropTypes(ctx: SessionContext, objects: readonly Node[], missingOk: boolean, cascade: boolean): Promise<StatementResult> {
  const types: EnumTypeDefinition[] = [];
  for (const o of objects) {
    const names = stringList(bodyOf<{ names: Node[] }>(o).names);
    const t = findEnumType(ctx, names, missingOk);
    if (t === undefined) {
      ctx.notice('00000', `type "${names.join('.')}" does not exist, skipping`);
      continue;
    }
    if (!types.includes(t)) types.push(t);
  }
  const schema = ctx.db.schema;
  const users = types.flatMap((t) => typeUsers(schema, t).map((u) => ({ u, line: describeUser(u, t) })));
  if (users.length > 0) {
    if (!cascade) {
      const message = types.length === 1
        ? `cannot drop type ${types[0]!.name} because other objects depend on it`
        : 'cannot drop desired object(s) because other objects depend on them';
      throw new SqlError('2BP01', message, {
        detail: users.map((x) => x.line).join('\n'),
        hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
      });
    }
    const cascades = users.map((x) => `drop cascades to column ${x.u.column.name} of table ${x.u.table.name}`);
    if (cascades.length === 1) ctx.notice('00000', cascades[0]!);
    else ctx.notice('00000', `drop cascades to ${cascades.length} other objects`, cascades.join('\n'));
    await dropColumns(ctx, users.map((x) => x.u));
  }
  await schema.dropTypes(types);
  ctx.ddlJournal()?.record({
    undo: async () => {
      for (const t of types) await schema.putType(t);
    },
  });
  return { tag: 'DROP TYPE' };
}

/** CASCADE: the columns go, each table getting a new schema version (rows keep their other columns). */
async function dropColumns(ctx: SessionContext, users: readonly TypeUser[]): Promise<void> {
  const byTable = new Map<number, { table: TableDefinition; ordinals: Set<number> }>();
  for (const u of users) {
    const entry = byTable.get(u.table.id) ?? { table: u.table, ordinals: new Set<number>() };
    entry.ordinals.add(u.column.ordinal);
    byTable.set(u.table.id, entry);
  }
  for (const { table, ordinals } of byTable.values()) {
    const used = (cols: readonly number[]) => cols.some((c) => ordinals.has(c));
    const inUse = table.columns.some((c) => ordinals.has(c.ordinal) && c.primaryKey)
      || (table.indexes ?? []).some((i) => used(i.columns))
      || (table.constraints ?? []).some((c) => used(c.columns))
      || ctx.db.schema.viewsDependingOn(table.oid).some((v) => v.columnsUsed.some(([oid, n]) => oid === table.oid && ordinals.has(n)));
    if (inUse || ordinals.size === table.columns.length) {
      throw Errors.featureNotSupported(
        `DROP TYPE … CASCADE is not supported yet when a key, index, constraint or view uses a column of the type (table ${table.name})`);
    }
    const columns = table.columns.filter((c) => !ordinals.has(c.ordinal));
    const dropped = table.columns.filter((c) => ordinals.has(c.ordinal)).map((c) => `DROP COLUMN ${c.name}`).join(', ');
    await saveVersion(ctx, table, columns, table.nextOrdinal, dropped);
  }
}
