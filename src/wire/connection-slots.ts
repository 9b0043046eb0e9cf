/**
 * The server-wide connection limit, as PostgreSQL's max_connections and
 * superuser_reserved_connections: a connection takes a slot once its StartupMessage arrives and
 * holds it until it closes. When every slot is taken the newcomer gets FATAL 53300 "sorry, too many
 * clients already"; once authenticated, a non-superuser is also refused when taking its slot left
 * fewer than `reserved` free, so an administrator can always get in to look.
 *
 * SSLRequest and CancelRequest take no slot (PostgreSQL answers them whatever the count), so a
 * full server can still be asked to cancel the query that is filling it.
 */
import { SqlError } from '../errors/sql-error.js';

/** PostgreSQL 15's defaults. */
export const DEFAULT_MAX_CONNECTIONS = 100;
export const DEFAULT_SUPERUSER_RESERVED_CONNECTIONS = 3;

export class ConnectionSlots {
  private used = 0;

  constructor(
    readonly max: number = DEFAULT_MAX_CONNECTIONS,
    readonly reserved: number = DEFAULT_SUPERUSER_RESERVED_CONNECTIONS,
    /** Hears of every refusal (system.stats' connections_rejected_total). */
    private readonly onRefused: () => void = () => undefined,
  ) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`max connections must be a positive integer, not ${max}`);
    if (!Number.isInteger(reserved) || reserved < 0 || reserved >= max) {
      throw new RangeError(`reserved connections (${reserved}) must be at least 0 and less than max connections (${max})`);
    }
  }

  /** Slots taken now. */
  get inUse(): number {
    return this.used;
  }

  /** Takes a slot, or throws FATAL 53300 when none is left. Pair with release(). */
  acquire(): void {
    if (this.used >= this.max) {
      this.onRefused();
      throw tooManyClients();
    }
    this.used++;
  }

  /**
   * After authentication, for a connection already holding a slot: a non-superuser must leave
   * `reserved` slots free (PostgreSQL's HaveNFreeProcs check in InitPostgres).
   */
  checkReserved(superuser: boolean): void {
    if (superuser || this.max - this.used >= this.reserved) return;
    this.onRefused();
    throw new SqlError('53300', 'remaining connection slots are reserved for non-replication superuser connections', {
      severity: 'FATAL',
    });
  }

  release(): void {
    if (this.used > 0) this.used--;
  }
}

function tooManyClients(): SqlError {
  return new SqlError('53300', 'sorry, too many clients already', { severity: 'FATAL' });
}
