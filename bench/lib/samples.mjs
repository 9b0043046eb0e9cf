// Repeated runs of one cell folded into one figure: the median, with every problem kept.

/**
 * The sample with the median tps stands for the cell (an odd count picks the middle one, an even
 * count the lower middle: no invented in-between figure). A problem in any sample is a problem of
 * the cell, so failures are never averaged away.
 */
export function medianRun(samples) {
  if (samples.length === 1) return { ...samples[0], samples: [tpsOf(samples[0])] };
  const measured = samples.filter((s) => s.tps !== null).sort((a, b) => a.tps - b.tps);
  const chosen = measured.length > 0 ? measured[Math.floor((measured.length - 1) / 2)] : samples[0];
  const problems = samples
    .map((s, i) => (s.problems ? `run ${i + 1}: ${s.problems}` : ''))
    .filter(Boolean)
    .join('; ');
  return {
    ...chosen,
    failed: samples.reduce((n, s) => n + (s.failed ?? 0), 0),
    abortedClients: Math.max(...samples.map((s) => s.abortedClients)),
    problems,
    ok: problems === '',
    samples: samples.map(tpsOf),
  };
}

const tpsOf = (run) => (run.tps === null ? null : Math.round(run.tps * 100) / 100);
