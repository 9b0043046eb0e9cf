// The pgbench scripts both servers run, and the grid of clients × protocols they run over.

/** A pgbench custom script per workload; `rows` is how many rows bench_kv was loaded with. */
export function workloads(rows) {
  return [
    {
      name: 'point select',
      key: 'select',
      script: [
        `\\set id random(1, ${rows})`,
        'SELECT v FROM bench_kv WHERE id = :id;',
      ].join('\n') + '\n',
    },
    {
      // pgbench has no per-transaction counter, so ids are drawn from 9e18 values: the chance that
      // any two of a few million inserts collide is about 1e-6, and a collision would show up as a
      // failed (aborted) client in the report, not silently.
      name: 'single-row insert',
      key: 'insert',
      script: [
        '\\set id random(1, 9000000000000000000)',
        "INSERT INTO bench_ins (id, v) VALUES (:id, 'x');",
      ].join('\n') + '\n',
    },
  ];
}

/** Every (workload, clients, protocol) cell, in the order they run. */
export function runGrid({ rows, clients, protocols, only }) {
  const cells = [];
  for (const workload of workloads(rows)) {
    if (only && !only.includes(workload.key)) continue;
    for (const c of clients) {
      for (const protocol of protocols) cells.push({ workload, clients: c, protocol });
    }
  }
  return cells;
}
