/**
 * The server's connected sessions, as pg_stat_activity lists them and pg_cancel_backend /
 * pg_terminate_backend reach them: each registered under the process id its client got in
 * BackendKeyData. Everything here is read from the sessions themselves when asked.
 */
import type { UserDefinition } from '../catalog/table-definition.js';
import type { TlsSessionInfo } from '../wire/engine-port.js';

export type BackendState = 'active' | 'idle' | 'idle in transaction' | 'idle in transaction (aborted)';

/** One row of pg_stat_activity, as the session reports itself; times are µs since the epoch. */
export interface BackendActivity {
  readonly pid: number;
  readonly user: UserDefinition;
  readonly database: string;
  readonly applicationName: string;
  readonly clientAddress: string | null;
  readonly clientPort: number | null;
  /** The connection's TLS session, null in the clear (pg_stat_ssl). */
  readonly tls: TlsSessionInfo | null;
  readonly backendStart: bigint;
  readonly xactStart: bigint | null;
  readonly queryStart: bigint | null;
  readonly stateChange: bigint;
  readonly state: BackendState;
  readonly query: string;
}

export interface Backend {
  readonly pid: number;
  activity(): BackendActivity;
  /** pg_cancel_backend: the running statement fails with 57014. */
  cancel(): void;
  /** pg_terminate_backend: the connection ends with FATAL 57P01. */
  terminate(): void;
}

export class BackendRegistry {
  private readonly backends = new Map<number, Backend>();

  register(b: Backend): void {
    this.backends.set(b.pid, b);
  }

  unregister(b: Backend): void {
    if (this.backends.get(b.pid) === b) this.backends.delete(b.pid);
  }

  get(pid: number): Backend | undefined {
    return this.backends.get(pid);
  }

  activity(): BackendActivity[] {
    return [...this.backends.values()].map((b) => b.activity()).sort((a, b) => Number(a.backendStart - b.backendStart));
  }
}
