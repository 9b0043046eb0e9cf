/**
 * INSERT, UPDATE or DELETE naming a view. PostgreSQL rewrites DML on an automatically updatable
 * view (one table or view in FROM, no aggregates, DISTINCT, GROUP BY, …) into DML on its base
 * relation; planner/view-dml-rewrite.ts does so for views whose columns are their base table's
 * under the same names. Other views PostgreSQL could update answer 0A000 here; views it could not
 * update either answer its own 55000 with the reason.
 */
import type { ViewDefinition } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import { bodyOf, kindOf, type Node } from '../../binder/ast.js';
import { usesAggregates } from '../query/aggregation.js';

export type DmlVerb = 'INSERT' | 'UPDATE' | 'DELETE';

const WORDING: Record<DmlVerb, { refused: string; hint: string }> = {
  INSERT: { refused: 'cannot insert into view', hint: 'To enable inserting into the view, provide an INSTEAD OF INSERT trigger or an unconditional ON INSERT DO INSTEAD rule.' },
  UPDATE: { refused: 'cannot update view', hint: 'To enable updating the view, provide an INSTEAD OF UPDATE trigger or an unconditional ON UPDATE DO INSTEAD rule.' },
  DELETE: { refused: 'cannot delete from view', hint: 'To enable deleting from the view, provide an INSTEAD OF DELETE trigger or an unconditional ON DELETE DO INSTEAD rule.' },
};

interface ViewSelect {
  distinctClause?: unknown[];
  groupClause?: Node[];
  havingClause?: Node;
  targetList?: Node[];
  sortClause?: Node[];
  op?: string;
  withClause?: unknown;
  limitCount?: Node;
  limitOffset?: Node;
  fromClause?: Node[];
  valuesLists?: unknown[];
}

/** Why PostgreSQL would not update this view automatically, in its words; null when it would. */
export function notAutoUpdatable(view: ViewDefinition): string | null {
  const s = bodyOf<ViewSelect>(view.query);
  if (s.distinctClause) return 'Views containing DISTINCT are not automatically updatable.';
  if (s.groupClause?.length) return 'Views containing GROUP BY are not automatically updatable.';
  if (s.havingClause) return 'Views containing HAVING are not automatically updatable.';
  if (s.op && s.op !== 'SETOP_NONE') return 'Views containing UNION, INTERSECT, or EXCEPT are not automatically updatable.';
  if (s.withClause) return 'Views containing WITH are not automatically updatable.';
  if (s.limitCount || s.limitOffset) return 'Views containing LIMIT or OFFSET are not automatically updatable.';
  if (usesAggregates(s)) return 'Views that return aggregate functions are not automatically updatable.';
  const from = s.fromClause ?? [];
  if (s.valuesLists || from.length !== 1 || kindOf(from[0]!) !== 'RangeVar') {
    return 'Views that do not select from a single table or view are not automatically updatable.';
  }
  return null;
}

export function viewDmlError(verb: DmlVerb): (view: ViewDefinition) => SqlError {
  return (view) => {
    const reason = notAutoUpdatable(view);
    if (reason === null) {
      return Errors.featureNotSupported(
        `${verb} on view "${view.name}" is not supported yet: only views that show their base table's columns under the same names are updatable here`,
      );
    }
    return new SqlError('55000', `${WORDING[verb].refused} "${view.name}"`, { detail: reason, hint: WORDING[verb].hint });
  };
}
