/** The EvalContext compiled expressions run with, built from the session running them. */
import type { EvalContext } from '../binder/expr/bound-expr.js';
import { Errors } from '../errors/sql-error.js';
import type { Value } from '../types/kalam-type.js';
import type { SessionContext } from './session-context.js';
import type { SequenceDefinition } from '../catalog/table-definition.js';
import type { PlanStats } from '../planner/explain/plan-stats.js';
import { QueryMemory } from './memory/query-memory.js';

function findSequence(ctx: SessionContext, name: string): SequenceDefinition {
  const parts = name.split('.');
  const schema = ctx.db.schema;
  if (parts.length === 2) {
    const s = schema.sequence(parts[0]!, parts[1]!);
    if (s) return s;
  } else {
    for (const ns of ctx.searchPath()) {
      const s = schema.sequence(ns, name);
      if (s) return s;
    }
  }
  throw Errors.undefinedTable(name);
}

/**
 * Sequences are loaded lazily from RocksDB; expression evaluation is synchronous, so a statement
 * that may call nextval prepares its sequences first (`prepareSequences`).
 */
export async function prepareSequences(ctx: SessionContext): Promise<void> {
  const seqs = ctx.db.sequences;
  for (const s of ctx.db.schema.listSequences()) if (!seqs.isPrepared(s.id)) await seqs.prepare(s);
}

export function makeEvalContext(ctx: SessionContext, params: readonly Value[], stats?: PlanStats): EvalContext {
  const seqs = ctx.db.sequences;
  return {
    params,
    typeCtx: ctx.typeContext(),
    statementTime: ctx.transactionTime(),
    currentUser: ctx.user.name,
    sessionUser: ctx.sessionUser.name,
    database: ctx.database,
    currentSchema: ctx.searchPath()[0] ?? 'public',
    nextval: (name) => seqs.nextval(findSequence(ctx, name)),
    currval: (name) => seqs.currval(findSequence(ctx, name)),
    setval: (name, v, isCalled) => seqs.setval(findSequence(ctx, name), v, isCalled),
    checkCancel: () => ctx.checkCancel(),
    setting: (name) => ctx.settings.get(name),
    setConfig: (name, value, isLocal) => ctx.setConfig(name, value, isLocal),
    subqueryMemo: new Map(),
    catalog: ctx.catalog(),
    advisoryLocks: ctx.advisoryLocks(),
    ...(stats ? { stats } : {}),
    memory: new QueryMemory(ctx.db.maxQueryMemory),
  };
}
