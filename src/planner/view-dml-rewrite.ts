/**
 * INSERT/UPDATE/DELETE on an automatically updatable view, rewritten onto its base table the way
 * PostgreSQL's rewriter does for the simple case handled here: the view reads one base table, its
 * columns are that table's columns under their own names, and its WHERE has no subquery.
 *
 *   CREATE VIEW active_emp AS SELECT id, name, salary FROM emp WHERE active;
 *   UPDATE active_emp SET salary = salary + 1 WHERE id = 1
 *     → UPDATE emp AS active_emp SET salary = salary + 1 WHERE (active) AND (id = 1)
 *
 * Anything else keeps the executor's answer for views (55000 where PostgreSQL refuses too, 0A000
 * where it would rewrite and we do not: renamed or computed columns, views over views).
 */
import { SqlError } from '../errors/sql-error.js';
import type { Node } from '../binder/ast.js';
import { bodyOf, kindOf } from '../binder/ast.js';
import { findRelation, type RangeVarNode } from '../binder/resolve-relation.js';
import type { ViewDefinition } from '../catalog/table-definition.js';
import type { SessionContext } from '../executor/session-context.js';
import { notAutoUpdatable } from '../executor/dml/view-target.js';
import { requireDmlPrivileges } from '../executor/privileges/dml-privileges.js';
import { viewObject } from '../executor/privileges/privilege-check.js';

interface DmlBody {
  relation: RangeVarNode;
  cols?: Node[];
  selectStmt?: Node;
  targetList?: Node[];
  whereClause?: Node;
  returningList?: Node[];
  fromClause?: Node[];
  usingClause?: Node[];
}

type ViewSelect = { targetList?: Node[]; fromClause?: Node[]; whereClause?: Node };

/** The DML body aimed at the view's base table, or null when the target is not a view this handles. */
export function rewriteViewDml(ctx: SessionContext, kind: string, body: Node): { node: Node; view: ViewDefinition } | null {
  const b = body as unknown as DmlBody;
  const r = findRelation(ctx, b.relation.schemaname, b.relation.relname);
  if (r?.kind !== 'view' || notAutoUpdatable(r.view) !== null) return null;
  const view = r.view;
  // The statement's user needs the privileges on the view; the base table is checked as the view's owner.
  requireDmlPrivileges(ctx, viewObject(view), kind, body);
  const q = bodyOf<ViewSelect>(view.query as Node);
  const from = bodyOf<RangeVarNode>(q.fromClause![0]!);
  const base = findRelation(ctx, from.schemaname, from.relname);
  if (base?.kind !== 'table' || !sameNamedColumns(view, q)) return null;
  if (q.whereClause && mentions(q.whereClause, 'SubLink')) return null;
  const names = new Set(view.columns.map((c) => c.name));
  const assigned = kind === 'UpdateStmt' ? b.targetList : b.cols;
  for (const t of assigned ?? []) {
    const name = bodyOf<{ name?: string }>(t).name;
    if (name !== undefined && !names.has(name)) throw new SqlError('42703', `column "${name}" of relation "${view.name}" does not exist`);
  }
  for (const part of [b.targetList, b.whereClause, b.returningList]) checkColumns(part, names);

  const relation = {
    ...from,
    alias: { aliasname: b.relation.alias?.aliasname ?? view.name },
    location: b.relation.location,
  };
  const viewWhere = q.whereClause ? unqualified(q.whereClause) : undefined;
  const returningList = b.returningList?.flatMap((t) => (isStar(t) ? view.columns.map((c) => columnTarget(c.name)) : [t]));
  if (kind === 'InsertStmt') {
    const width = insertWidth(b.selectStmt);
    const cols = b.cols ?? view.columns.slice(0, width ?? view.columns.length).map((c) => ({ ResTarget: { name: c.name, location: -1 } }));
    return { node: { ...b, relation, cols, returningList } as unknown as Node, view };
  }
  const whereClause = viewWhere && b.whereClause
    ? { BoolExpr: { boolop: 'AND_EXPR', args: [viewWhere, b.whereClause], location: -1 } }
    : viewWhere ?? b.whereClause;
  return { node: { ...b, relation, whereClause, returningList } as unknown as Node, view };
}

function sameNamedColumns(view: ViewDefinition, q: ViewSelect): boolean {
  const targets = q.targetList ?? [];
  return targets.length === view.columns.length && targets.every((t, i) => {
    const val = bodyOf<{ val: Node }>(t).val;
    if (kindOf(val) !== 'ColumnRef') return false;
    const fields = bodyOf<{ fields: Node[] }>(val).fields;
    const last = (fields[fields.length - 1] as { String?: { sval?: string } }).String?.sval;
    return last === view.columns[i]!.name;
  });
}

/** The view's WHERE over the base table alone: qualifiers dropped (there is one table). */
function unqualified(where: Node): Node {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const ref = o.ColumnRef as { fields: Node[] } | undefined;
    if (ref) return { ColumnRef: { ...ref, fields: ref.fields.slice(-1) } };
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]));
  };
  return walk(where) as Node;
}

/** Names the user wrote must be the view's columns (outside subqueries, which have their own). */
function checkColumns(part: unknown, names: ReadonlySet<string>): void {
  if (Array.isArray(part)) return part.forEach((p) => checkColumns(p, names));
  if (part === null || typeof part !== 'object') return;
  const o = part as Record<string, unknown>;
  if ('SubLink' in o) return;
  const ref = o.ColumnRef as { fields: { String?: { sval?: string } }[]; location?: number } | undefined;
  if (ref) {
    const name = ref.fields[ref.fields.length - 1]?.String?.sval;
    if (name !== undefined && !names.has(name)) {
      throw new SqlError('42703', `column "${name}" does not exist`, { position: (ref.location ?? -1) + 1 || undefined });
    }
    return;
  }
  Object.values(o).forEach((x) => checkColumns(x, names));
}

function mentions(node: unknown, kind: string): boolean {
  return JSON.stringify(node).includes(`"${kind}"`);
}

function isStar(t: Node): boolean {
  const val = bodyOf<{ val?: Node }>(t).val;
  return val !== undefined && kindOf(val) === 'ColumnRef' && bodyOf<{ fields: Node[] }>(val).fields.some((f) => kindOf(f) === 'A_Star');
}

function columnTarget(name: string): Node {
  return { ResTarget: { val: { ColumnRef: { fields: [{ String: { sval: name } }], location: -1 } }, location: -1 } };
}

/** How many columns an INSERT's VALUES rows give (null when its source is a query). */
function insertWidth(select: Node | undefined): number | null {
  const lists = select ? bodyOf<{ valuesLists?: Node[] }>(select).valuesLists : undefined;
  return lists?.[0] ? ((lists[0].List as { items: Node[] }).items.length) : null;
}
