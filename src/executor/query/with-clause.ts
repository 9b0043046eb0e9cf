/**
 * WITH [RECURSIVE] name [(columns)] AS [NOT] MATERIALIZED (query): each CTE is computed at most
 * once per execution of the statement and shared by every reference (PostgreSQL's semantics for
 * CTEs referenced more than once; for one reference the answer is the same either way).
 *
 * A recursive CTE is `non-recursive term UNION [ALL] recursive term`. Its column types come from
 * the non-recursive term; the recursive term runs against the rows the previous round produced
 * (the "working table") until a round produces none — with UNION, rows already produced are
 * dropped before they count, so cycles end.
 */
import { Errors, SqlError } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf, stringList } from '../../binder/ast.js';
import type { BindScope, EvalContext, ParamSlots } from '../../binder/expr/bound-expr.js';
import { coerceToType } from '../../binder/expr/bind-expr.js';
import { commonSupertype } from '../../types/cast.js';
import { formatType } from '../../types/format-type.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import type { SessionContext } from '../session-context.js';
import { withCteFrame, type CteRelation } from './cte-scope.js';
import { rowKey } from './row-key.js';
import type { RowSource } from './select-source.js';
import { storedRows } from './stored-rows.js';
import { firstOfEach } from './distinct-clause.js';
import { checkRecursiveTerm } from './recursive-term-check.js';
import { PlanNode } from '../../planner/explain/plan-node.js';

export interface WithClauseNode {
  readonly ctes: Node[];
  readonly recursive?: boolean;
}

export interface CteNode {
  ctename: string;
  aliascolnames?: Node[];
  ctequery: Node;
  location?: number;
}

type PrepareSelect = (ctx: SessionContext, node: Node, params: ParamSlots, outer: BindScope | null) => RowSource;

/** Binds the WITH list, then `bindBody` with every CTE in scope. */
export function bindWithClause<T>(
  ctx: SessionContext,
  w: WithClauseNode,
  params: ParamSlots,
  outer: BindScope | null,
  prepare: PrepareSelect,
  bindBody: (ctes: readonly CteRelation[]) => T,
  /** Binds INSERT/UPDATE/DELETE … RETURNING queries; only a statement's top-level WITH has one. */
  bindModifying?: (cte: CteNode) => CteRelation,
): T {
  const frame = new Map<string, CteRelation>();
  return withCteFrame(frame, () => {
    for (const node of w.ctes) {
      const cte = bodyOf<CteNode>(node);
      if (frame.has(cte.ctename)) {
        throw new SqlError('42712', `WITH query name "${cte.ctename}" specified more than once`, { position: (cte.location ?? 0) + 1 });
      }
      if (kindOf(cte.ctequery) !== 'SelectStmt') {
        if (!bindModifying) {
          throw Errors.featureNotSupported('WITH clause containing a data-modifying statement must be at the top level');
        }
        frame.set(cte.ctename, bindModifying(cte));
        continue;
      }
      const relation =
        w.recursive && refersTo(cte.ctequery, cte.ctename)
          ? bindRecursive(ctx, cte, params, outer, prepare, frame)
          : bindPlain(ctx, cte, params, outer, prepare);
      frame.set(cte.ctename, relation);
    }
    return bindBody([...frame.values()]);
  });
}

function bindPlain(ctx: SessionContext, cte: CteNode, params: ParamSlots, outer: BindScope | null, prepare: PrepareSelect): CteRelation {
  const source = prepare(ctx, cte.ctequery, params, outer);
  return shareable(cte.ctename, namedColumns(cte, source.columns), source, outer);
}

function bindRecursive(
  ctx: SessionContext,
  cte: CteNode,
  params: ParamSlots,
  outer: BindScope | null,
  prepare: PrepareSelect,
  frame: Map<string, CteRelation>,
): CteRelation {
  const q = bodyOf<{ op?: string; all?: boolean; larg?: Node; rarg?: Node; sortClause?: unknown[]; limitCount?: unknown; withClause?: unknown }>(cte.ctequery);
  if (q.op !== 'SETOP_UNION' || !q.larg || !q.rarg) {
    throw new SqlError('42P19', `recursive query "${cte.ctename}" does not have the form non-recursive-term UNION [ALL] recursive-term`, { position: (cte.location ?? 0) + 1 });
  }
  if (q.sortClause?.length) throw Errors.featureNotSupported('ORDER BY in a recursive query is not implemented');
  if (q.limitCount) throw Errors.featureNotSupported('LIMIT in a recursive query is not implemented');
  if (refersTo({ SelectStmt: q.larg }, cte.ctename)) {
    throw new SqlError('42P19', `recursive reference to query "${cte.ctename}" must not appear within its non-recursive term`);
  }
  checkRecursiveTerm(q.rarg as never, cte.ctename);
  const seed = prepare(ctx, { SelectStmt: q.larg }, params, outer);
  const columns = namedColumns(cte, seed.columns);
  let working: Value[][] = [];
  const workingTable: CteRelation = {
    name: cte.ctename,
    columns,
    produce: async () => working,
    prefetch: async () => undefined,
    produceSync: () => working,
    scanKind: 'WorkTable Scan',
  };
  frame.set(cte.ctename, workingTable);
  const step = prepare(ctx, { SelectStmt: q.rarg }, params, outer);
  frame.delete(cte.ctename);
  if (step.columns.length !== columns.length) {
    throw Errors.syntax('each UNION query must have the same number of columns');
  }
  const convert = step.columns.map((c, i) => {
    const want = columns[i]!.type;
    if (c.type.oid !== want.oid && commonSupertype(want, c.type)?.oid !== want.oid) {
      throw Errors.datatypeMismatch(`recursive query "${cte.ctename}" column ${i + 1} has type ${typeName(want)} in non-recursive term but type ${typeName(c.type)} overall`);
    }
    return coerceToType({ type: c.type, eval: (r) => r[i]!, label: c.name }, want, 'implicit');
  });
  const distinct = !q.all;
  /** The fixpoint, over `first` (the seed's rows) and `next` (one round of the recursive term). */
  function* iterate(first: Value[][], e: EvalContext): Generator<'step', Value[][], Value[][]> {
    const seen = new Set<string>();
    const fresh = (rows: Value[][]): Value[][] =>
      distinct ? firstOfEach(rows, rowKey, seen, (k) => e.memory?.chargeKey(k)) : rows;
    const result = fresh(first);
    working = result;
    while (working.length > 0) {
      e.checkCancel();
      const round = yield 'step';
      e.memory?.chargeReferences(round.length, columns.length);
      const next = fresh(round.map((r) => convert.map((x) => x.eval(r, e))));
      for (const r of next) result.push(r);
      working = next;
    }
    return result;
  }
  const rows: RowSource = {
    columns: seed.columns,
    plan: PlanNode.create('Recursive Union', [], [seed.plan, step.plan]),
    async run(c, e) {
      const it = iterate(await seed.run(c, e), e);
      let r = it.next();
      while (!r.done) r = it.next(await step.run(c, e));
      e.stats?.count(rows.plan.key, r.value.length);
      return r.value;
    },
    async prefetch(c, e) {
      await seed.prefetch(c, e);
      await step.prefetch(c, e);
    },
    runSync(e) {
      const it = iterate(seed.runSync(e), e);
      let r = it.next();
      while (!r.done) r = it.next(step.runSync(e));
      e.stats?.count(rows.plan.key, r.value.length);
      return r.value;
    },
  };
  return shareable(cte.ctename, columns, rows, outer);
}

/**
 * A CTE as its references read it. At the top of a statement (no enclosing query) it runs once
 * per execution and every reference shares the rows. Inside a subquery it may read the enclosing
 * query's row, so it runs wherever it is read — per outer row when correlated — never from a
 * cache that could hold another row's answer.
 */
function shareable(name: string, columns: CteRelation['columns'], source: RowSource, outer: BindScope | null): CteRelation {
  if (outer !== null) {
    return {
      name,
      columns,
      plan: source.plan,
      produce: (c, e) => source.run(c, e),
      prefetch: (c, e) => source.prefetch(c, e),
      produceSync: (e) => source.runSync(e),
    };
  }
  // Once per execution (an EvalContext is made per execution), whichever reference reads first.
  const results = new WeakMap<EvalContext, Promise<Value[][]>>();
  const once = (c: SessionContext, e: EvalContext): Promise<Value[][]> => {
    let p = results.get(e);
    if (!p) {
      p = source.run(c, e);
      results.set(e, p);
    }
    return p;
  };
  return { name, columns, plan: source.plan, ...storedRows(once) };
}

function namedColumns(cte: CteNode, cols: RowSource['columns']): { name: string; type: ColumnType }[] {
  const names = stringList(cte.aliascolnames);
  if (names.length > cols.length) {
    throw new SqlError('42P10', `WITH query "${cte.ctename}" has ${cols.length} columns available but ${names.length} columns specified`, { position: (cte.location ?? 0) + 1 });
  }
  return cols.map((c, i) => ({ name: names[i] ?? c.name, type: c.type }));
}

/** Does the query name `name` as an unqualified table anywhere (subqueries included)? */
function refersTo(node: unknown, name: string): boolean {
  if (Array.isArray(node)) return node.some((n) => refersTo(n, name));
  if (node === null || typeof node !== 'object') return false;
  const o = node as Record<string, unknown>;
  const rv = o.RangeVar as { relname?: string; schemaname?: string } | undefined;
  if (rv && rv.relname === name && !rv.schemaname) return true;
  return Object.values(o).some((v) => refersTo(v, name));
}

function typeName(t: ColumnType): string {
  return formatType(t.oid, -1);
}
