/**
 * Which table privileges an INSERT, UPDATE or DELETE needs, as PostgreSQL works them out: the
 * statement's own (INSERT a, UPDATE w, DELETE d), plus SELECT where it reads the table's columns —
 * a WHERE, a FROM/USING, RETURNING, an ON CONFLICT target, or a SET that reads a column.
 *
 *   UPDATE t SET v = 1             → w
 *   UPDATE t SET v = v + 1         → w, r
 *   INSERT … ON CONFLICT (id) DO UPDATE SET v = excluded.v   → a, w, r
 */
import type { Node } from '../../binder/ast.js';
import type { SessionContext } from '../session-context.js';
import { requirePrivilege, type SecuredObject } from './privilege-check.js';

interface DmlShape {
  whereClause?: Node;
  fromClause?: Node[];
  usingClause?: Node[];
  returningList?: Node[];
  targetList?: Node[];
  onConflictClause?: { action: string; infer?: unknown; targetList?: Node[]; whereClause?: Node };
}

function readsColumns(node: unknown): boolean {
  return node !== undefined && JSON.stringify(node).includes('"ColumnRef"');
}

export function dmlPrivileges(kind: string, body: Node): string {
  const b = body as unknown as DmlShape;
  const reads = (b.returningList?.length ?? 0) > 0 || b.whereClause !== undefined;
  switch (kind) {
    case 'InsertStmt': {
      const oc = b.onConflictClause;
      let letters = 'a';
      if (reads) letters += 'r';
      if (oc?.action === 'ONCONFLICT_UPDATE') letters += 'w';
      if (oc && (oc.infer !== undefined || oc.action === 'ONCONFLICT_UPDATE')) letters += 'r';
      return letters;
    }
    case 'UpdateStmt':
      return reads || (b.fromClause?.length ?? 0) > 0 || readsColumns(b.targetList) ? 'wr' : 'w';
    case 'DeleteStmt':
      return reads || (b.usingClause?.length ?? 0) > 0 ? 'dr' : 'd';
    default:
      return '';
  }
}

/** The statement's privileges on its target, checked in PostgreSQL's order (its own first, then SELECT). */
export function requireDmlPrivileges(ctx: SessionContext, target: SecuredObject, kind: string, body: Node): void {
  requirePrivilege(ctx, target, dmlPrivileges(kind, body));
}
