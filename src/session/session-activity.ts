/** What pg_stat_activity shows of a session's statements: the current or last query, and when things changed. */
import type { BackendState } from './backend-registry.js';

function nowMicros(): bigint {
  return BigInt(Date.now()) * 1000n;
}

export class SessionActivity {
  readonly backendStart = nowMicros();
  query = '';
  queryStart: bigint | null = null;
  stateChange = this.backendStart;
  active = false;

  /** A Query or Execute message starts running `sql`. */
  begin(sql: string): void {
    this.query = sql;
    this.queryStart = this.stateChange = nowMicros();
    this.active = true;
  }

  end(): void {
    this.active = false;
    this.stateChange = nowMicros();
  }

  state(block: 'none' | 'open' | 'failed'): BackendState {
    if (this.active) return 'active';
    return block === 'none' ? 'idle' : block === 'open' ? 'idle in transaction' : 'idle in transaction (aborted)';
  }
}
