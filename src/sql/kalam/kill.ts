/**
 * Ending things that run in the background:
 *
 *   KILL LIVE QUERY '<live query id>'   (also ends with UNLISTEN or when the connection closes)
 *   KILL JOB '<job id>'
 */
import type { TokenCursor } from './cursor.js';

export interface KillLiveQuery {
  readonly kind: 'KillLiveQuery';
  readonly liveQueryId: string;
}

export interface KillJob {
  readonly kind: 'KillJob';
  readonly jobId: string;
}

/** After KILL. */
export function parseKill(c: TokenCursor): KillLiveQuery | KillJob {
  if (c.acceptWords('live', 'query')) {
    const liveQueryId = c.expectStringOrWord("live query id ('…')");
    c.expectEnd();
    return { kind: 'KillLiveQuery', liveQueryId };
  }
  if (c.acceptWord('job')) {
    const jobId = c.expectStringOrWord("job id ('…')");
    c.expectEnd();
    return { kind: 'KillJob', jobId };
  }
  return c.fail('LIVE QUERY or JOB');
}
