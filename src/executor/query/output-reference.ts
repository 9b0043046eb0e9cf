/**
 * How ORDER BY and DISTINCT ON items name select-list entries (PostgreSQL's
 * findTargetlistEntrySQL92, then SQL99): an integer constant is an output position, a bare name
 * equal to an output column's name is that column, and any other expression is the entry it is
 * written equal to, if there is one.
 *
 * `itemIdentity` and `targetIdentities` give every item and entry a comparable identity, so that
 * `SELECT DISTINCT … ORDER BY x` can check that x is in the select list and DISTINCT ON can check
 * that its expressions lead the ORDER BY, both by what the expressions denote.
 */
import { SqlError } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf } from '../../binder/ast.js';
import type { BoundTarget } from '../../binder/bind-targets.js';
import { nodeShape } from '../../binder/expr/aggregate-collector.js';
import type { BindScope } from '../../binder/expr/bound-expr.js';

/**
 * The 0-based output entry an ordinal or output alias names, or null for an expression.
 * `targetIds` (from targetIdentities) tell whether two entries of one name are the same thing.
 */
export function outputEntryOf(
  node: Node,
  targets: readonly BoundTarget[],
  targetIds: readonly string[],
  clause: 'ORDER BY' | 'DISTINCT ON',
): number | null {
  if (kindOf(node) === 'A_Const') {
    const c = bodyOf<{ ival?: { ival?: number }; location?: number }>(node);
    if (c.ival) {
      const pos = c.ival.ival ?? 0;
      if (pos < 1 || pos > targets.length) {
        throw new SqlError('42P10', `${clause} position ${pos} is not in select list`, { position: locationOf(node) });
      }
      return pos - 1;
    }
    return null;
  }
  const name = bareName(node);
  if (name === null) return null;
  const matches = targets.flatMap((t, i) => (t.column.name === name ? [i] : []));
  if (matches.some((i) => targetIds[i] !== targetIds[matches[0]!])) {
    throw new SqlError('42702', `${clause} "${name}" is ambiguous`, { position: locationOf(node) });
  }
  return matches.length > 0 ? matches[0]! : null;
}

/** Identities of the select-list entries, in output order (stars expanded). */
export function targetIdentities(targetList: readonly Node[], scope: BindScope): string[] {
  const out: string[] = [];
  for (const t of targetList) {
    const val = bodyOf<{ val: Node }>(t).val;
    const star = starQualifier(val);
    if (star !== undefined) {
      for (const b of scope.expandStar(star, 0)) out.push(`c${b.index}`);
      continue;
    }
    out.push(exprIdentity(val, scope));
  }
  return out;
}

/** The identity of an ORDER BY / DISTINCT ON item: its output entry's, or its expression's. */
export function itemIdentity(node: Node, entry: number | null, targetIds: readonly string[], scope: BindScope): string {
  return entry !== null ? targetIds[entry]! : exprIdentity(node, scope);
}

function exprIdentity(node: Node, scope: BindScope): string {
  if (kindOf(node) === 'ColumnRef' && starQualifier(node) === undefined) {
    const fields = bodyOf<{ fields: Node[]; location: number }>(node);
    const names = fields.fields.map((f) => (f as { String?: { sval: string } }).String?.sval ?? '');
    try {
      return `c${scope.resolveColumn(names, fields.location).index}`;
    } catch {
      // Not a column of this level: compare as written.
    }
  }
  return `x${nodeShape(node)}`;
}

function bareName(node: Node): string | null {
  if (kindOf(node) !== 'ColumnRef') return null;
  const fields = bodyOf<{ fields: Node[] }>(node).fields;
  if (fields.length !== 1 || kindOf(fields[0]!) !== 'String') return null;
  return (fields[0] as { String: { sval: string } }).String.sval;
}

function starQualifier(node: Node): string[] | null | undefined {
  if (kindOf(node) !== 'ColumnRef') return undefined;
  const fields = bodyOf<{ fields: Node[] }>(node).fields;
  if (kindOf(fields[fields.length - 1]!) !== 'A_Star') return undefined;
  return fields.length === 1 ? null : fields.slice(0, -1).map((f) => (f as { String: { sval: string } }).String.sval);
}

export function locationOf(node: Node): number | undefined {
  const loc = bodyOf<{ location?: number }>(node).location;
  return typeof loc === 'number' && loc >= 0 ? loc + 1 : undefined;
}
