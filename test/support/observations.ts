/**
 * What a client script saw, step by step, so the same script run against kalamdb-pg and against
 * PostgreSQL 15 can be compared step by step. A step that throws is recorded as its error (SQLSTATE
 * and message) and the script goes on, so one gap shows up as one differing step, not as a crash.
 */
export class Observations {
  readonly steps = new Map<string, string>();

  async step(name: string, run: () => Promise<unknown>): Promise<void> {
    try {
      this.steps.set(name, JSON.stringify(await run(), canonical, 1) ?? 'undefined');
    } catch (e) {
      this.steps.set(name, `error ${errorText(e)}`);
    }
  }
}

/** `23505 duplicate key value violates unique constraint "users_email_unique"` */
export function errorText(e: unknown): string {
  const err = e as { code?: string; message?: string; cause?: unknown };
  if (err.code === undefined && err.cause !== undefined) return errorText(err.cause);
  return `${err.code ?? 'no-sqlstate'} ${err.message ?? String(e)}`;
}

/** JSON has no bigint: it prints as its digits with an `n`. (Dates already print as ISO text.) */
function canonical(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  return value;
}

export interface Comparison {
  readonly same: number;
  readonly total: number;
  /** Steps that differ, with both answers, ours first. */
  readonly differences: readonly string[];
}

export function compareObservations(ours: Observations, ref: Observations): Comparison {
  const differences: string[] = [];
  for (const [name, expected] of ref.steps) {
    const got = ours.steps.get(name) ?? '(step not reached)';
    if (got !== expected) differences.push(`${name}\n  ours:       ${got}\n  PostgreSQL: ${expected}`);
  }
  return { same: ref.steps.size - differences.length, total: ref.steps.size, differences };
}

/** Where a client script connects: our server or the reference PostgreSQL, database `postgres`. */
export interface ScriptTarget {
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

/** The parts of a server error (as node-postgres reports it) an application acts on. */
export function serverError(e: unknown): object {
  const err = e as { code?: string; constraint?: string; detail?: string; table?: string; column?: string; cause?: unknown };
  if (err.code === undefined && err.cause !== undefined) return serverError(err.cause);
  return { code: err.code, message: (e as Error).message, constraint: err.constraint, detail: err.detail, table: err.table, column: err.column };
}
