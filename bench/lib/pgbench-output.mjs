// Reading pgbench's report: throughput, failures, and clients that gave up.

function numberAfter(text, pattern) {
  const m = text.match(pattern);
  return m ? Number(m[1]) : null;
}

/**
 * Parses pgbench 15's stdout+stderr. `tps` is the "without initial connection time" figure;
 * `failed` counts serialization/deadlock failures; `abortedClients` counts clients pgbench
 * stopped after any other error (their remaining work is simply missing from `tps`).
 */
export function parsePgbenchOutput(stdout, stderr = '') {
  const all = `${stdout}\n${stderr}`;
  const tps = numberAfter(all, /^tps = ([\d.]+) \(without initial connection time\)/m);
  const transactions = numberAfter(all, /^number of transactions actually processed: (\d+)/m);
  const failed = numberAfter(all, /^number of failed transactions: (\d+)/m);
  const latencyMs = numberAfter(all, /^latency average = ([\d.]+) ms/m);
  const abortedClients = (all.match(/client \d+ script \d+ aborted/g) ?? []).length;
  const runAborted = /Run was aborted/.test(all);
  const errors = [...new Set(
    all.split('\n')
      .filter((line) => line.startsWith('pgbench: error:') && !/Run was aborted/.test(line))
      .map((line) => line.replace(/^pgbench: error: (client \d+ script \d+ aborted in command \d+ query \d+: )?/, '')),
  )];
  return { tps, transactions, failed, latencyMs, abortedClients, runAborted, errors };
}

/** A short human note for a run that did not go cleanly, or '' when it did. */
export function describeProblems(run) {
  const notes = [];
  if (run.exitCode !== 0 && run.exitCode !== null) notes.push(`pgbench exit ${run.exitCode}`);
  if (run.timedOut) notes.push('timed out');
  if (run.failed) notes.push(`${run.failed} failed txns`);
  if (run.abortedClients) notes.push(`${run.abortedClients}/${run.clients} clients aborted`);
  if (run.tps === null) notes.push('no tps');
  if (notes.length > 0 && run.errors?.length) notes.push(`first error: ${run.errors[0].slice(0, 120)}`);
  return notes.join('; ');
}
