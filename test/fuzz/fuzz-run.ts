/**
 * Many fuzz sessions at once: WORKERS concurrent connections, each running sessions one after
 * another until the target number of fuzzed messages was sent, with what came back tallied.
 */
import { seededRandom } from '../support/seeded-random.js';
import { runFuzzSession, type SessionOutcome } from './fuzz-session.js';

const WORKERS = 12;
/** How long the server may take to answer a probe (a loaded 2-core CI machine) before it is a hang. */
const PROBE_TIMEOUT_MS = 20_000;

export interface Tally {
  fuzzed: number;
  valid: number;
  sessions: number;
  loggedIn: number;
  hangs: string[];
  malformed: string[];
  internal: Map<string, number>;
  codes: Map<string, number>;
}

/** Runs fuzz sessions on `workers` concurrent connections until `target` fuzzed messages were sent. */
export async function fuzz(port: number, seed: number, target: number, tally: Tally): Promise<void> {
  const rnd = seededRandom(seed);
  const worker = async () => {
    while (tally.fuzzed < target) {
      // Each session gets its own stream, so its messages do not depend on the workers' interleaving.
      const sessionRnd = seededRandom(Math.floor(rnd() * 2 ** 31));
      const out: SessionOutcome = await runFuzzSession(sessionRnd, { port, probeTimeoutMs: PROBE_TIMEOUT_MS });
      tally.fuzzed += out.fuzzed;
      tally.valid += out.valid;
      tally.sessions++;
      if (out.loggedIn) tally.loggedIn++;
      if (out.hang) tally.hangs.push(out.hang);
      if (out.malformed) tally.malformed.push(out.malformed);
      for (const e of out.errors) {
        tally.codes.set(e.code, (tally.codes.get(e.code) ?? 0) + 1);
        if (e.code === 'XX000') tally.internal.set(e.message, (tally.internal.get(e.message) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
}

export function newTally(): Tally {
  return { fuzzed: 0, valid: 0, sessions: 0, loggedIn: 0, hangs: [], malformed: [], internal: new Map(), codes: new Map() };
}
