/**
 * What depends on a relation or a column: the views that read it, directly or through other
 * views. DROP … RESTRICT refuses while any exist (2BP01, PostgreSQL's message, detail and hint);
 * DROP … CASCADE drops them too and says so in a NOTICE.
 */
import type { SchemaStore } from '../../catalog/schema-store.js';
import type { ViewDefinition } from '../../catalog/table-definition.js';
import { SqlError } from '../../errors/sql-error.js';
import type { SessionContext } from '../session-context.js';

export interface Dependent {
  readonly view: ViewDefinition;
  /** "view v2 depends on view v1", as PostgreSQL's DETAIL lines read. */
  readonly line: string;
}

/** How PostgreSQL names a relation in dependency messages: "table emp", "view v1". */
export function describeRelation(schema: SchemaStore, oid: number): string {
  const v = schema.listViews().find((x) => x.oid === oid);
  if (v) return `view ${v.name}`;
  const t = schema.listTables().find((x) => x.oid === oid);
  return t ? `table ${t.name}` : `relation ${oid}`;
}

/**
 * Views reading `roots` (OIDs of relations being dropped), then the views reading those, and so
 * on, in the order PostgreSQL lists them. `direct` picks the first level when only part of a
 * relation goes (a column): views reading that part.
 */
export function dependentViews(
  schema: SchemaStore,
  roots: readonly number[],
  direct?: { readonly views: readonly ViewDefinition[]; readonly what: string },
): Dependent[] {
  const out: Dependent[] = [];
  const seen = new Set<number>(roots);
  const queue: number[] = [];
  const add = (view: ViewDefinition, on: string): void => {
    if (seen.has(view.oid)) return;
    seen.add(view.oid);
    out.push({ view, line: `view ${view.name} depends on ${on}` });
    queue.push(view.oid);
  };
  if (direct) for (const v of direct.views) add(v, direct.what);
  else queue.push(...roots);
  while (queue.length > 0) {
    const oid = queue.shift()!;
    for (const v of schema.viewsDependingOn(oid)) add(v, describeRelation(schema, oid));
  }
  return out;
}

/** RESTRICT: refuses naming `what` ("view v1", "column a of table t"). CASCADE: tells. */
export function checkDependents(ctx: SessionContext, what: string, dependents: readonly Dependent[], cascade: boolean): void {
  if (dependents.length === 0) return;
  if (!cascade) {
    throw new SqlError('2BP01', `cannot drop ${what} because other objects depend on it`, {
      detail: dependents.map((d) => d.line).join('\n'),
      hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
    });
  }
  ctx.notice(
    '00000',
    dependents.length === 1 ? `drop cascades to view ${dependents[0]!.view.name}` : `drop cascades to ${dependents.length} other objects`,
  );
}
