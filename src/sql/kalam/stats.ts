/**
 * KalamDB's server statistics statement:
 *
 *   SHOW STATS      → {kind:'ShowStats'}: the rows of system.stats
 */
import type { TokenCursor } from './cursor.js';

export interface ShowStats {
  readonly kind: 'ShowStats';
}

/** After SHOW STATS. */
export function parseShowStats(c: TokenCursor): ShowStats {
  c.expectEnd();
  return { kind: 'ShowStats' };
}
