/**
 * One fuzz connection, from connect to goodbye. Three kinds, drawn at random:
 *   - before login: mutated startup packets, absurd lengths, SSLRequest/CancelRequest garbage,
 *     random bytes — the server must answer FATAL or wait, never more;
 *   - during login: a valid StartupMessage, then spoiled password messages or messages out of turn;
 *   - after login (most): a script mixing valid sequences, content-mutated frames, hand-made lying
 *     messages and stray messages out of order, sent in randomly split writes, possibly ending in
 *     one framing mutation. When the framing was left intact the session then probes: Sync, then
 *     `ROLLBACK; SELECT 4242`, which the server must answer (a hang is reported, with the script).
 * Sessions end with Terminate, a half-close, a close or a TCP reset, at random.
 */
import { serialize } from 'pg-protocol';
import { md5ChallengeResponse, md5PasswordHash } from '../../src/auth/md5.js';
import { pick, startupSequence, strayMessage, validSequence, type Random } from './corpus.js';
import { FuzzSocket, type ServerError } from './fuzz-socket.js';
import { lyingMessage, mutateContent, mutateFraming, mutateStartup, randomBytes } from './mutate.js';

export const FUZZ_USER = 'fuzzer';
export const FUZZ_PASSWORD = 'fuzz-pw';

/** Settings every logged-in fuzz session starts with, so no mutated statement can run long. */
const SESSION_SETTINGS = { statement_timeout: '2s', lock_timeout: '1s', idle_in_transaction_session_timeout: '5s' };

export interface SessionOutcome {
  /** Mutated, hand-made or random messages sent. */
  readonly fuzzed: number;
  /** Valid messages sent around them. */
  readonly valid: number;
  readonly errors: readonly ServerError[];
  /** Set when the server failed to answer a probe on a connection whose framing was intact. */
  readonly hang?: string;
  readonly loggedIn: boolean;
  /** Bytes from the server that are not a backend frame. */
  readonly malformed?: string | null;
}

export interface SessionOptions {
  readonly port: number;
  /** How long the server may take to answer the probe before it counts as a hang. */
  readonly probeTimeoutMs: number;
}

export async function runFuzzSession(rnd: Random, options: SessionOptions): Promise<SessionOutcome> {
  const kind = rnd();
  if (kind < 0.15) return beforeLogin(rnd, options);
  if (kind < 0.22) return duringLogin(rnd, options);
  return afterLogin(rnd, options);
}

async function beforeLogin(rnd: Random, { port }: SessionOptions): Promise<SessionOutcome> {
  const s = await FuzzSocket.connect(port);
  let fuzzed = 0;
  let valid = 0;
  const pieces: Buffer[] = [];
  for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) {
    const r = rnd();
    if (r < 0.25) pieces.push(randomBytes(rnd, 1 + Math.floor(rnd() * 300)));
    else if (r < 0.35) pieces.push(serialize.cancel(Math.floor(rnd() * 2 ** 31), Math.floor(rnd() * 2 ** 31)));
    else {
      const seq = startupSequence(rnd, pick(rnd, [FUZZ_USER, 'postgres', 'nobody', '']));
      for (const p of seq) pieces.push(mutateStartup(rnd, p));
    }
    fuzzed++;
  }
  if (rnd() < 0.3) {
    pieces.push(serialize.query('SELECT 1')); // a regular message where a startup packet belongs
    valid++;
  }
  s.sendChunked(Buffer.concat(pieces), rnd);
  await s.until(() => s.closed, 300);
  s.destroy();
  return { fuzzed, valid, errors: s.errors, loggedIn: false, malformed: s.malformed };
}

async function duringLogin(rnd: Random, { port }: SessionOptions): Promise<SessionOutcome> {
  const s = await FuzzSocket.connect(port);
  s.send(serialize.startup({ user: FUZZ_USER, database: 'postgres' }));
  await s.until(() => s.md5Salt !== null, 5000);
  let fuzzed = 0;
  const good = s.md5Salt ? md5ChallengeResponse(md5PasswordHash(FUZZ_PASSWORD, FUZZ_USER), s.md5Salt) : 'x';
  const r = rnd();
  if (r < 0.4) s.sendChunked(mutateContent(rnd, serialize.password(good)), rnd);
  else if (r < 0.6) s.sendChunked(mutateFraming(rnd, serialize.password(good)), rnd);
  else if (r < 0.8) s.send(serialize.password('md5' + '0'.repeat(32)));
  else s.send(pick(rnd, [serialize.query('SELECT 1'), serialize.sync(), strayMessage(rnd), lyingMessage(rnd)]));
  fuzzed++;
  await s.until(() => s.closed || s.authOk, 300);
  s.destroy();
  return { fuzzed, valid: 1, errors: s.errors, loggedIn: s.authOk, malformed: s.malformed };
}

/** Logs in as the fuzz user (md5), optionally after an SSLRequest answered 'N'. */
async function login(rnd: Random, port: number): Promise<FuzzSocket | null> {
  const s = await FuzzSocket.connect(port);
  if (rnd() < 0.2) {
    s.expectSslAnswers(1);
    s.send(serialize.requestSsl());
    await new Promise((resolve) => setTimeout(resolve, 5)); // never pipeline after SSLRequest
  }
  s.send(serialize.startup({ user: FUZZ_USER, database: 'postgres', application_name: 'fuzz', ...SESSION_SETTINGS }));
  if (!(await s.until(() => s.md5Salt !== null, 10_000))) {
    s.destroy();
    return null;
  }
  s.send(serialize.password(md5ChallengeResponse(md5PasswordHash(FUZZ_PASSWORD, FUZZ_USER), s.md5Salt!)));
  if (!(await s.until(() => s.readyForQuery > 0, 10_000))) {
    s.destroy();
    return null;
  }
  return s;
}

async function afterLogin(rnd: Random, options: SessionOptions): Promise<SessionOutcome> {
  const s = await login(rnd, options.port);
  if (!s) return { fuzzed: 0, valid: 0, errors: [], loggedIn: false };
  let fuzzed = 0;
  let valid = 0;
  let framingIntact = true;
  const script: Buffer[] = [];
  for (let steps = 3 + Math.floor(rnd() * 30); steps > 0 && framingIntact; steps--) {
    const r = rnd();
    if (r < 0.3) {
      const seq = validSequence(rnd);
      script.push(...seq);
      valid += seq.length;
    } else if (r < 0.75) {
      // A valid sequence with some of its frames spoiled inside.
      for (const f of validSequence(rnd)) {
        if (rnd() < 0.5) {
          script.push(mutateContent(rnd, f));
          fuzzed++;
        } else {
          script.push(f);
          valid++;
        }
      }
    } else if (r < 0.86) {
      script.push(lyingMessage(rnd));
      fuzzed++;
    } else if (r < 0.96) {
      script.push(strayMessage(rnd));
      fuzzed++;
      // A StartupMessage, SSLRequest or CancelRequest out of turn reads as a frame of type 0:
      // PostgreSQL (and we) end the connection there.
      if (script[script.length - 1]![0] === 0) framingIntact = false;
    } else if (r < 0.985) {
      script.push(mutateFraming(rnd, pick(rnd, validSequence(rnd))));
      fuzzed++;
      framingIntact = false;
    } else {
      script.push(randomBytes(rnd, 1 + Math.floor(rnd() * 200)));
      fuzzed++;
      framingIntact = false;
    }
  }
  const sent = Buffer.concat(script);
  s.sendChunked(sent, rnd);
  let hang: string | undefined;
  if (framingIntact) {
    hang = await probe(s, options.probeTimeoutMs, sent);
    valid += 2;
  } else {
    await s.until(() => s.closed, 200);
  }
  const end = rnd();
  if (end < 0.5) s.terminate();
  else if (end < 0.6) s.halfClose();
  else if (end < 0.8) s.destroy();
  else s.reset();
  return { fuzzed, valid, errors: s.errors, hang, loggedIn: true, malformed: s.malformed };
}

/**
 * Sync, then a query whose answer we recognise. A COPY FROM STDIN left open swallows the first
 * probe (it fails the COPY), so a ReadyForQuery without the marker means: ask again.
 */
async function probe(s: FuzzSocket, timeoutMs: number, script: Buffer): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; attempt < 20; attempt++) {
    const seen = s.readyForQuery;
    s.send(Buffer.concat([serialize.sync(), serialize.query('ROLLBACK; SELECT 4242')]));
    // The Sync's ReadyForQuery and the Query's: two more than before.
    await s.until(() => s.markers > 0 || s.readyForQuery >= seen + 2, Math.max(0, deadline - Date.now()));
    if (s.markers > 0 || s.closed) return undefined;
    if (Date.now() >= deadline) break;
  }
  if (s.closed) return undefined;
  return `no answer to the probe within ${timeoutMs} ms after the script ${script.toString('hex')}`;
}
