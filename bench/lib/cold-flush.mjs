// The cold suite's flush: STORAGE FLUSH TABLE on kalamdb-pg, its job followed in system.jobs to the
// end, and what the rows take on disk afterwards on each server.
import fs from 'node:fs';
import path from 'node:path';
import { COLD_TABLE } from './cold-dataset.mjs';

const NAMESPACE = 'public';
const JOB_ID = /\b[A-Z]{2}-\d+\b/;
const FINISHED = new Set(['completed', 'failed', 'cancelled']);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A timestamptz as PostgreSQL prints it ("2026-12-06 13:03:56.133+00") in ms since the epoch. */
export function timestamptzMs(text) {
  if (!text) return null;
  const iso = text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00').replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

/** The job id in a STORAGE FLUSH answer: a KalamDB-typed id (FL-…) in any of its cells. */
export function jobIdIn(rows) {
  for (const row of rows) for (const cell of row) if (typeof cell === 'string' && JOB_ID.test(cell)) return cell.match(JOB_ID)[0];
  return null;
}

async function run(session, sql, params, timeoutMs) {
  const r = await session.run(sql, params, { timeoutMs, cancelGraceMs: 10_000 });
  if (r.status !== 'ok') throw new Error(`${sql}: ${r.status === 'timeout' ? 'no answer in time' : `${r.code ?? ''} ${r.message}`}`);
  return r.rows;
}

/** The newest flush job of the table, for an answer that carries no job id. */
async function newestFlushJob(session) {
  const rows = await run(session, `SELECT job_id FROM system.jobs WHERE job_type = 'flush' AND namespace = $1 AND table_name = $2 ORDER BY created_at DESC LIMIT 1`,
    [NAMESPACE, COLD_TABLE], 30_000);
  return rows[0]?.[0] ?? null;
}

/**
 * Flushes bench_cold and waits for its job. Resolves with { status, … }:
 *   'flushed'      the job completed: wall seconds (from sending the statement to seeing it
 *                  completed, polled every `pollMs`), the job's own seconds, rows, bytes
 *   'unsupported'  the server answered 0A000: the rows stay in the hot tier
 *   'failed'       the statement failed, the job failed or was cancelled, or it did not end in time
 */
export async function flushCold(side, { timeoutMs, pollMs = 250, progress }) {
  const started = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  const answer = await side.session.run(`STORAGE FLUSH TABLE ${NAMESPACE}.${COLD_TABLE}`, [], { timeoutMs, cancelGraceMs: 10_000 });
  if (answer.status === 'error' && answer.code === '0A000') return { status: 'unsupported', code: answer.code, message: answer.message };
  if (answer.status !== 'ok') return { status: 'failed', message: answer.status === 'timeout' ? 'STORAGE FLUSH gave no answer in time' : `${answer.code}: ${answer.message}` };
  const jobId = jobIdIn(answer.rows) ?? await newestFlushJob(side.session);
  if (!jobId) return { status: 'failed', message: `STORAGE FLUSH answered ${JSON.stringify(answer.rows)} and system.jobs shows no flush job of ${COLD_TABLE}` };
  progress(`flush job ${jobId} submitted after ${seconds().toFixed(2)} s`);
  let lastNote = 0;
  while (seconds() * 1000 < timeoutMs) {
    const rows = await run(side.session, 'SELECT status, rows, bytes, error, created_at, started_at, finished_at, progress FROM system.jobs WHERE job_id = $1', [jobId], timeoutMs);
    const [status, jobRows, bytes, error, createdAt, startedAt, finishedAt, note] = rows[0] ?? [];
    if (status && FINISHED.has(status)) {
      const wallSeconds = seconds();
      const startMs = timestamptzMs(startedAt);
      const endMs = timestamptzMs(finishedAt);
      const job = {
        jobId, jobStatus: status, wallSeconds, rows: jobRows === null ? null : Number(jobRows), bytes: bytes === null ? null : Number(bytes),
        jobSeconds: startMs !== null && endMs !== null ? (endMs - startMs) / 1000 : null, createdAt, startedAt, finishedAt,
      };
      if (status !== 'completed') return { ...job, status: 'failed', message: `job ${jobId} ${status}${error ? `: ${error}` : ''}` };
      return { ...job, status: 'flushed' };
    }
    if (seconds() - lastNote >= 10) {
      lastNote = seconds();
      progress(`flush job ${jobId}: ${status ?? 'not in system.jobs yet'}${note ? ` (${note})` : ''}, ${lastNote.toFixed(0)} s`);
    }
    await sleep(pollMs);
  }
  return { status: 'failed', jobId, message: `job ${jobId} had not ended after ${timeoutMs / 1000} s` };
}

/** Bytes and count of the files under `dir` (recursively) whose name passes `keep`. */
export function filesUnder(dir, keep = () => true) {
  let bytes = 0;
  let files = 0;
  if (!fs.existsSync(dir)) return { bytes, files };
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !keep(entry.name)) continue;
    bytes += fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).size;
    files += 1;
  }
  return { bytes, files };
}

/**
 * The table's segment directory, from the storage's base directory and shared-table template as
 * system.storages shows them, and the Parquet files in it.
 */
export async function segmentFiles(session) {
  const rows = await run(session, `SELECT s.uri, s.shared_tables_template FROM system.storages s JOIN system.tables t ON t.storage_id = s.storage_id WHERE t.namespace = $1 AND t.table_name = $2`,
    [NAMESPACE, COLD_TABLE], 30_000);
  if (rows.length === 0) throw new Error(`system.storages has no storage for ${NAMESPACE}.${COLD_TABLE}`);
  const [base, template] = rows[0];
  const dir = path.join(base, template.replaceAll('{namespace}', NAMESPACE).replaceAll('{tableName}', COLD_TABLE));
  return { dir, ...filesUnder(dir, (name) => name.endsWith('.parquet')) };
}

/** PostgreSQL's sizes of the table: the heap alone, and with its primary-key index and TOAST. */
export async function postgresSizes(session) {
  const [[heap, total, indexes]] = await run(session,
    `SELECT pg_relation_size('${COLD_TABLE}'), pg_total_relation_size('${COLD_TABLE}'), pg_indexes_size('${COLD_TABLE}')`, [], 30_000);
  return { heapBytes: Number(heap), totalBytes: Number(total), indexBytes: Number(indexes) };
}
