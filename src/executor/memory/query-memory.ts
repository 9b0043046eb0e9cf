/**
 * One statement's memory account. The row engine materialises whole row arrays between steps, so
 * every step that builds rows (a scan decoding them, a join concatenating them, a sort, DISTINCT,
 * GROUP BY, window or set-operation buffer, a WITH query's result, a set-returning function)
 * charges what it builds here; past the limit the statement fails with 53200 as PostgreSQL does
 * when an allocation fails — the session, and every other connection, carries on.
 *
 * Charges only grow during a statement (what a step frees is not credited back, except a
 * correlated subquery's rows after each outer row), so the total is an upper bound of what the
 * statement holds at once. The account lives in the statement's
 * EvalContext and is dropped with it: nothing to release when the statement ends, however it ends.
 */
import { SqlError } from '../../errors/sql-error.js';
import type { Value } from '../../types/kalam-type.js';
import { formatByteSize } from '../../util/byte-size.js';
import { keyBytes, rowBytes, rowOfReferencesBytes } from './value-size.js';

/** The default of `--max-query-memory`. */
export const DEFAULT_MAX_QUERY_MEMORY = 1024 ** 3;

export class QueryMemory {
  private usedBytes = 0;

  constructor(readonly limit: number) {}

  get used(): number {
    return this.usedBytes;
  }

  /** Charges `bytes`; throws 53200 when the statement's total passes the limit. */
  charge(bytes: number): void {
    this.usedBytes += bytes;
    if (this.usedBytes > this.limit) throw outOfMemory(this.limit);
  }

  /** A row whose values it owns (decoded, computed). */
  chargeRow(row: readonly Value[]): void {
    this.charge(rowBytes(row));
  }

  chargeRows(rows: readonly (readonly Value[])[]): void {
    let n = 0;
    for (let i = 0; i < rows.length; i++) n += rowBytes(rows[i]!);
    this.charge(n);
  }

  /**
   * Runs `fn`, whose rows are gone once its caller has read them (a correlated subquery, once
   * per outer row): it may not pass the limit itself, and what it charged is credited back after.
   */
  transient<T>(fn: () => T): T {
    const before = this.usedBytes;
    try {
      return fn();
    } finally {
      this.usedBytes = before;
    }
  }

  /** A string key kept to find duplicates or groups. */
  chargeKey(key: string): void {
    this.charge(keyBytes(key));
  }

  /** `count` rows of `width` slots pointing at values already charged. */
  chargeReferences(count: number, width: number): void {
    this.charge(count * rowOfReferencesBytes(width));
  }
}

export function outOfMemory(limit: number): SqlError {
  return new SqlError('53200', 'out of memory', {
    detail: `The query needed more than max_query_memory (${formatByteSize(limit)}) to hold its rows.`,
    hint: 'Narrow the query (WHERE, LIMIT, fewer columns) or start the server with a larger --max-query-memory.',
  });
}
