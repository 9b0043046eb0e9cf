/**
 * A statement's top-level WITH, where INSERT/UPDATE/DELETE … RETURNING may appear as queries:
 *
 *   WITH gone AS (DELETE FROM log WHERE lvl = 2 RETURNING *) SELECT count(*) FROM gone
 *
 * Each data-modifying query runs exactly once per execution, before the main statement and
 * whether or not anything reads it (PostgreSQL runs them to completion); readers get its
 * RETURNING rows. PostgreSQL runs every part on one snapshot, so the main statement does not see
 * the changes; here writes are visible to later reads of the same transaction, so a statement
 * that also reads a table a WITH query modifies is refused (0A000) rather than answered from
 * the modified table.
 */
import { Errors } from '../errors/sql-error.js';
import type { Node } from '../binder/ast.js';
import { bodyOf, kindOf, maxParamNumber } from '../binder/ast.js';
import type { StatementParams } from '../binder/param-slots.js';
import { findRelation, type RangeVarNode } from '../binder/resolve-relation.js';
import type { PreparedStatement } from '../executor/prepared-statement.js';
import type { SessionContext } from '../executor/session-context.js';
import { prepareInsert } from '../executor/dml/insert.js';
import { prepareUpdate } from '../executor/dml/update.js';
import { prepareDelete } from '../executor/dml/delete.js';
import type { CteRelation } from '../executor/query/cte-scope.js';
import { prepareSelectSource } from '../executor/query/select-source.js';
import { bindWithClause, type CteNode, type WithClauseNode } from '../executor/query/with-clause.js';
import type { Value } from '../types/kalam-type.js';
import { internal } from '../executor/subquery/subquery-memo.js';

type DmlPlanner = (ctx: SessionContext, node: Node, declared: readonly number[], shared?: StatementParams) => PreparedStatement;

const DML: Readonly<Record<string, DmlPlanner>> = { InsertStmt: prepareInsert, UpdateStmt: prepareUpdate, DeleteStmt: prepareDelete };

export function isDataModifying(node: Node): boolean {
  return DML[kindOf(node)] !== undefined;
}

export function hasDataModifyingCte(w: WithClauseNode | undefined): boolean {
  return (w?.ctes ?? []).some((c) => isDataModifying(bodyOf<CteNode>(c).ctequery));
}

/**
 * Plans `main` (which binds the statement's body) with the WITH list in scope; the result runs
 * the data-modifying queries first. `statement` is the whole statement, for the same-table check.
 */
export function planTopLevelWith(
  ctx: SessionContext,
  w: WithClauseNode,
  params: StatementParams,
  statement: Node,
  main: () => PreparedStatement,
): PreparedStatement {
  checkNoReadOfModifiedTable(ctx, w, statement);
  const modifying: { run: (ctx: SessionContext, values: readonly Value[]) => Promise<Value[][]>; reset: () => void }[] = [];
  const bindModifying = (cte: CteNode): CteRelation => {
    const kind = kindOf(cte.ctequery);
    const prepared = DML[kind]!(ctx, bodyOf(cte.ctequery), [], params);
    let pending: Promise<Value[][]> | null = null;
    let done: Value[][] | null = null;
    const run = (c: SessionContext, values: readonly Value[]): Promise<Value[][]> => {
      pending ??= prepared.execute(c, values).then((r) => (done = r.rows ?? []));
      return pending;
    };
    modifying.push({ run, reset: () => { pending = null; done = null; } });
    const columns = (prepared.columns ?? []).map((c) => ({ name: c.name, type: c.type }));
    return {
      name: cte.ctename,
      columns,
      unreadable: prepared.columns === null ? `WITH query "${cte.ctename}" does not have a RETURNING clause` : undefined,
      produce: (c, e) => run(c, e.params),
      prefetch: async (c, e) => void (await run(c, e.params)),
      produceSync: () => {
        if (done === null) throw internal('a data-modifying WITH query was read before it ran');
        return done;
      },
    };
  };
  const plan = bindWithClause(ctx, w, params, null, prepareSelectSource, main, bindModifying);
  return {
    ...plan,
    paramTypes: params.resolve(maxParamNumber(statement)),
    async execute(c, values, stats) {
      for (const m of modifying) m.reset();
      for (const m of modifying) await m.run(c, values);
      return plan.execute(c, values, stats);
    },
  };
}

/** Tables the WITH queries modify must not be read anywhere else in the statement. */
function checkNoReadOfModifiedTable(ctx: SessionContext, w: WithClauseNode, statement: Node): void {
  const cteNames = new Set(w.ctes.map((c) => bodyOf<CteNode>(c).ctename));
  const tableOf = (rv: RangeVarNode): number | null => {
    if (!rv.schemaname && cteNames.has(rv.relname)) return null;
    const r = findRelation(ctx, rv.schemaname, rv.relname);
    return r?.kind === 'table' ? r.table.oid : null;
  };
  const targets = new Map<RangeVarNode, number>();
  for (const c of w.ctes) {
    const q = bodyOf<CteNode>(c).ctequery;
    if (!isDataModifying(q)) continue;
    const rv = bodyOf<{ relation: RangeVarNode }>(q).relation;
    const oid = tableOf(rv);
    if (oid !== null) targets.set(rv, oid);
  }
  if (targets.size === 0) return;
  // The main INSERT's own target is written, not read (unless ON CONFLICT looks at it).
  const mainInsert = kindOf(statement) === 'InsertStmt' ? bodyOf<{ relation: RangeVarNode; onConflictClause?: unknown }>(statement) : null;
  const exempt = new Set<RangeVarNode>(targets.keys());
  if (mainInsert && !mainInsert.onConflictClause) exempt.add(mainInsert.relation);
  const modified = new Set(targets.values());
  const seen = new Set<number>();
  for (const [rv, oid] of targets) {
    if (seen.has(oid)) throw refuse(rv.relname);
    seen.add(oid);
  }
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const rv = o.RangeVar as RangeVarNode | undefined;
    if (rv) {
      if (!exempt.has(rv)) {
        const oid = tableOf(rv);
        if (oid !== null && modified.has(oid)) throw refuse(rv.relname);
      }
      return;
    }
    for (const [k, x] of Object.entries(o)) {
      // A bare relation field (InsertStmt.relation …) is a RangeVar body, not a { RangeVar } node.
      if (k === 'relation' && x && typeof x === 'object' && 'relname' in x) {
        walk({ RangeVar: x });
        continue;
      }
      walk(x);
    }
  };
  walk(statement);
}

function refuse(table: string) {
  return Errors.featureNotSupported(
    `a statement that also reads or modifies table "${table}", which a data-modifying WITH query modifies, is not supported yet`,
  );
}
