/** The EvalContext compiled expressions run with, built from the session running them. */
import { notifyFunctions } from '../live/notify-functions.js';
import type { EvalContext } from '../binder/expr/bound-expr.js';
import { Errors } from '../errors/sql-error.js';
import type { Value } from '../types/kalam-type.js';
import type { SessionContext } from './session-context.js';
import type { SequenceDefinition } from '../catalog/table-definition.js';
import type { PlanStats } from '../planner/explain/plan-stats.js';
import { QueryMemory } from './memory/query-memory.js';
import { parseQualifiedName } from '../types/qualified-name.js';
import { refuseInReadOnly } from '../planner/read-only-guard.js';
import { backendSignals } from './backend-signals.js';
import { holds, permissionDenied, sequenceObject } from './privileges/privilege-check.js';
import { privilegeLookup } from './privileges/privilege-functions.js';

/** nextval('name'): the text is read as regclass reads it (quotes keep case, unquoted names fold). */
function findSequence(ctx: SessionContext, name: string): SequenceDefinition {
  const parts = parseQualifiedName(name);
  const schema = ctx.db.schema;
  if (parts.length === 2) {
    const s = schema.sequence(parts[0]!, parts[1]!);
    if (s) return s;
  } else if (parts.length === 1) {
    for (const ns of ctx.searchPath()) {
      const s = schema.sequence(ns, parts[0]!);
      if (s) return s;
    }
  }
  throw Errors.undefinedTable(name);
}

/** nextval needs USAGE or UPDATE, currval SELECT or USAGE, setval UPDATE (any one of `letters`). */
function requireSequencePrivilege(ctx: SessionContext, seq: SequenceDefinition, letters: string): void {
  const obj = sequenceObject(ctx.db.schema, seq);
  if (!holds(ctx.user, obj, letters, true)) throw permissionDenied(obj);
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
    nextval: (name) => {
      refuseInReadOnly(ctx, 'nextval()');
      const seq = findSequence(ctx, name);
      requireSequencePrivilege(ctx, seq, 'Uw');
      const v = seqs.nextval(seq);
      ctx.sequenceState.obtained(seq, v);
      return v;
    },
    currval: (name) => {
      const seq = findSequence(ctx, name);
      requireSequencePrivilege(ctx, seq, 'rU');
      return ctx.sequenceState.currval(seq);
    },
    lastval: () => ctx.sequenceState.lastval((id) => ctx.db.schema.listSequences().some((s) => s.id === id)),
    setval: (name, v, isCalled) => {
      refuseInReadOnly(ctx, 'setval()');
      const seq = findSequence(ctx, name);
      requireSequencePrivilege(ctx, seq, 'w');
      seqs.setval(seq, v, isCalled);
      if (isCalled) ctx.sequenceState.set(seq, v);
      return v;
    },
    checkCancel: () => ctx.checkCancel(),
    setting: (name) => ctx.settings.get(name),
    setSetting: (name, value, local) => {
      const reported = ctx.settings.set(name, value, local);
      if (reported) ctx.report(reported[0], reported[1]);
      ctx.settingsChanged();
      return ctx.settings.get(name);
    },
    subqueryMemo: new Map(),
    catalog: ctx.catalog(),
    advisoryLocks: ctx.advisoryLocks(),
    backends: backendSignals(ctx),
    notifications: notifyFunctions(ctx.notifications),
    notice: (code, message) => ctx.notice(code, message),
    relationStats: ctx.db.relationStats,
    privileges: privilegeLookup(ctx),
    ...(stats ? { stats } : {}),
    memory: new QueryMemory(ctx.db.maxQueryMemory),
  };
}
