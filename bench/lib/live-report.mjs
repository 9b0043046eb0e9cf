// The live suite's report as markdown: exactly-once first (a latency means nothing if changes
// went missing), then latency side by side with PostgreSQL's, memory and CPU.

const ms = (v) => (v === null || v === undefined ? 'n/a' : v < 10 ? v.toFixed(2) : v.toFixed(1));
const int = (n) => Math.round(n).toLocaleString('en-US');
const cores = (c) => (c === null || c === undefined ? 'n/a' : c.toFixed(2));
const mib = (m) => (m === null || m === undefined ? 'n/a' : `${m} MiB`);
const ratio = (a, b) => (a === null || b === null || !(b > 0) ? 'n/a' : `${(a / b).toFixed(2)}×`);

function deliveryLine(s) {
  const c = s.check;
  const verdict = c.exactlyOnce ? '**exactly once**' : '**NOT exactly once**';
  const faults = ['missing', 'duplicate', 'unexpected', 'outOfOrder', 'wrongRow', 'unreadable'].map((k) => `${k} ${int(c[k])}`).join(', ');
  const p = c.perLiveQuery;
  return `| ${s.label} | ${int(c.expected)} | ${int(c.received)} | ${verdict} (${faults}; ${c.liveQueriesWithProblems} live queries affected) | ${int(p.expectedMin)}–${int(p.expectedMax)} / ${int(p.receivedMin)}–${int(p.receivedMax)} |`;
}

function latencyRows(ours, theirs, which, label) {
  const a = ours.check[which];
  const b = theirs.check[which];
  return ['p50', 'p95', 'p99', 'max'].map((p) => `| ${label} ${p} | ${ms(a[p])} | ${ms(b[p])} | ${ratio(a[p], b[p])} |`);
}

export function formatLiveMarkdown(report) {
  const { ours, theirs, settings: s, machine, plan } = report;
  const target = ours.check.latencyFromSendMs.p50 !== null && ours.check.latencyFromSendMs.p50 <= 10;
  const lines = [`# ${report.title}`, ''];
  lines.push(`- **date**: ${report.date}; **commit**: ${report.commit ?? 'unknown'}`);
  lines.push(`- **machine**: ${machine.nproc} CPUs (nproc), ${machine.cpuModel}, ${machine.memoryGiB} GiB RAM, ${machine.os}; node ${machine.node}; load average at the start ${report.loadAverage}`);
  lines.push(`- **PostgreSQL**: ${report.postgresVersion}; ${report.postgresSettings}`);
  lines.push(`- **workload**: ${int(s.queries)} live queries on one table over ${s.connections} subscriber connections (node-postgres, one process); one writer connection making ${int(plan.changes)} single-row changes (${plan.kinds.insert} INSERT, ${plan.kinds.update} UPDATE, ${plan.kinds.delete} DELETE) at ${s.rate}/s; ${int(plan.expected)} notifications expected (${(plan.expected / plan.changes).toFixed(1)} live queries per change). kalamdb-pg measured first, then PostgreSQL; the other server idle meanwhile.`);
  lines.push('');
  lines.push('## Delivery');
  lines.push('');
  lines.push('| server | notifications expected | received | every change to every matching live query, once, in commit order, with its row | per live query: expected min–max / received min–max |');
  lines.push('|---|---|---|---|---|');
  lines.push(deliveryLine(ours), deliveryLine(theirs));
  for (const side of [ours, theirs]) {
    for (const e of side.check.examples) lines.push(`- ${side.label}: ${e}`);
    if (side.stray > 0) lines.push(`- ${side.label}: ${side.stray} notifications on channels no live query had`);
    for (const n of side.notices) lines.push(`- ${side.label} notice: ${n}`);
  }
  lines.push('');
  lines.push(`## Latency, ms (target: kalamdb-pg p50 ≤ 10 ms — ${target ? 'met' : '**missed**'}; KalamDB publishes 51 ms)`);
  lines.push('');
  lines.push('From the writer sending the statement to the subscriber\'s `notification` event, over every delivery; "after ack" from the statement\'s CommandComplete instead. Ratio = kalamdb-pg ÷ PostgreSQL (below 1: kalamdb-pg is faster).');
  lines.push('');
  lines.push('| | kalamdb-pg | PostgreSQL | ratio |');
  lines.push('|---|---|---|---|');
  lines.push(...latencyRows(ours, theirs, 'latencyFromSendMs', 'send →'), ...latencyRows(ours, theirs, 'latencyFromAckMs', 'after ack →'));
  lines.push(`| statement round trip p50 / p99 | ${ms(ours.writer.ackMs.p50)} / ${ms(ours.writer.ackMs.p99)} | ${ms(theirs.writer.ackMs.p50)} / ${ms(theirs.writer.ackMs.p99)} | |`);
  lines.push('');
  lines.push('## Load and memory');
  lines.push('');
  lines.push('| | kalamdb-pg | PostgreSQL |');
  lines.push('|---|---|---|');
  lines.push(`| writer: changes/s achieved (latest start behind schedule) | ${ours.writer.rate.toFixed(1)} (${ms(ours.writer.maxLateMs)} ms) | ${theirs.writer.rate.toFixed(1)} (${ms(theirs.writer.maxLateMs)} ms) |`);
  lines.push(`| starting the ${int(s.queries)} live queries | ${ours.subscribeSeconds.toFixed(1)} s | ${theirs.subscribeSeconds.toFixed(1)} s |`);
  lines.push(`| after the writer: until the last notification (or ${s.quietSeconds} s of quiet) | ${ours.drainSeconds.toFixed(2)} s | ${theirs.drainSeconds.toFixed(2)} s |`);
  lines.push(`| server CPU while writing and draining (cores) | ${cores(ours.load.serverCores)} | ${cores(theirs.load.serverCores)} |`);
  lines.push(`| bench process CPU (cores: subscribers and writer) | ${cores(ours.load.benchCores)} | ${cores(theirs.load.benchCores)} |`);
  const gc = (g) => (g ? `${ms(g.maxMs)} ms (${g.pauses} pauses, ${ms(g.totalMs)} ms in all)` : 'n/a');
  lines.push(`| bench process: longest garbage-collection pause | ${gc(ours.load.benchGc)} | ${gc(theirs.load.benchGc)} |`);
  lines.push(`| other processes on the machine (cores) | ${cores(ours.load.otherCores)} | ${cores(theirs.load.otherCores)} |`);
  lines.push(`| server memory: started / live queries made / after the writes | ${mib(ours.memory.beforeMiB)} / ${mib(ours.memory.subscribedMiB)} / ${mib(ours.memory.afterMiB)} | ${mib(theirs.memory.beforeMiB)} / ${mib(theirs.memory.subscribedMiB)} / ${mib(theirs.memory.afterMiB)} |`);
  for (const side of [ours, theirs]) {
    if (side.writer.rate < 0.95 * s.rate) lines.push(`- **${side.label}'s writer fell behind**: ${side.writer.rate.toFixed(1)} changes/s, not ${s.rate}; its statements took longer than 1/${s.rate} s (statement round trip above), so it sent each change as soon as the previous one returned. Latencies are from each statement's actual send.`);
  }
  lines.push('');
  lines.push('kalamdb-pg memory is the process\'s RSS; PostgreSQL\'s the proportional set size (Pss) summed over the postmaster and its backends, so shared buffers count once.');
  lines.push('');
  lines.push('## How the two differ');
  lines.push('');
  lines.push('kalamdb-pg: each live query is `SUBSCRIBE TO public.live_bench [WHERE …]`; the server matches every committed change against each live query\'s WHERE on the old and the new row and sends matching ones as NotificationResponse on the live query\'s channel. PostgreSQL: each live query is a `LISTEN lq_N` and a row of `live_subs` (its topics and val bound); an `AFTER INSERT OR UPDATE OR DELETE … FOR EACH ROW` trigger runs one query over `live_subs` per changed row and calls `pg_notify` for every matching channel with the same JSON (`row_to_json`), which PostgreSQL queues and delivers at commit. On PostgreSQL the filtering is SQL run by the trigger inside the writer\'s transaction, the payloads go through its shared notification queue, and every listening backend reads every queued notification to pick out its own channels. On kalamdb-pg the filtering is the live queries\' bound WHERE, evaluated on the server\'s one event loop once the commit is durable (before the writer\'s CommandComplete is sent), and each payload is written straight into the subscriber connection\'s queue; one JSON rendering of a row serves every live query it matches.');
  lines.push('');
  return `${lines.join('\n')}\n`;
}
