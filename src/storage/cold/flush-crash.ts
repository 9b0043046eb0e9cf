/**
 * Test hook for the crash-injection tests: `KALAM_FLUSH_CRASH_AFTER=<step>` kills the process
 * (SIGKILL, nothing flushed or closed) right after that step of the next flush or compaction.
 * Steps: `scanned` (rows read, nothing written), `listed` (segment durable and in the manifest,
 * hot rows still there), `dropped` (hot rows deleted from RocksDB), `compact-written` (a
 * compaction's output durable, not listed), `compacted` (its output listed, the inputs unlisted
 * but their files not yet deleted). The durable writes themselves have their own steps
 * (durable-file.ts, KALAM_DURABLE_CRASH_AFTER).
 */
export type FlushStep = 'scanned' | 'listed' | 'dropped' | 'compact-written' | 'compacted';

export function crashPoint(step: FlushStep): void {
  if (process.env.KALAM_FLUSH_CRASH_AFTER === step) process.kill(process.pid, 'SIGKILL');
}
