/** The metrics registry's parts: the histogram's percentiles, statement kinds from command tags, the Prometheus text. */
import { describe, expect, it } from 'vitest';
import { LogHistogram } from '../../src/metrics/log-histogram.js';
import { prometheusText } from '../../src/metrics/prometheus-text.js';
import { rowsInTag, statementKind } from '../../src/metrics/statement-kind.js';
import { ServerMetrics } from '../../src/metrics/server-metrics.js';

describe('LogHistogram', () => {
  it('reports percentiles within one bucket (~19 %) above the true value, and the exact mean', () => {
    const h = new LogHistogram();
    for (let v = 1; v <= 1000; v++) h.record(v);
    expect(h.count).toBe(1000);
    expect(h.mean).toBe(500.5);
    for (const [q, truth] of [[0.5, 500], [0.95, 950], [0.99, 990]] as const) {
      expect(h.quantile(q)).toBeGreaterThanOrEqual(truth);
      expect(h.quantile(q)).toBeLessThan(truth * 1.19);
    }
  });

  it('is 0 when empty; values at or below 1 land in the first bucket, huge ones in the last', () => {
    const h = new LogHistogram();
    expect([h.quantile(0.5), h.mean]).toEqual([0, 0]);
    h.record(0);
    h.record(0.5);
    expect(h.quantile(1)).toBe(1);
    h.record(1e30);
    expect(h.quantile(1)).toBe(2 ** 40);
  });
});

describe('statement kinds', () => {
  it('come from the command tag, with the rows a write wrote', () => {
    const cases: [string, string][] = [
      ['SELECT 3', 'select'], ['INSERT 0 5', 'insert'], ['UPDATE 2', 'update'], ['DELETE 0', 'delete'],
      ['CREATE TABLE', 'ddl'], ['ALTER TABLE', 'ddl'], ['DROP INDEX', 'ddl'], ['TRUNCATE TABLE', 'ddl'], ['GRANT', 'ddl'],
      ['BEGIN', 'utility'], ['COMMIT', 'utility'], ['SET', 'utility'], ['SHOW', 'utility'], ['EXPLAIN', 'utility'],
      ['COPY 10', 'other'], ['MERGE 1', 'other'], ['SETTLE', 'other'], ['CREATE NAMESPACE', 'ddl'],
    ];
    expect(cases.map(([tag]) => [tag, statementKind(tag)])).toEqual(cases);
    expect([rowsInTag('INSERT 0 5'), rowsInTag('UPDATE 1234'), rowsInTag('CREATE TABLE')]).toEqual([5, 1234, 0]);
  });

  it('ServerMetrics counts rows written for INSERT, UPDATE, DELETE and MERGE only', () => {
    const m = new ServerMetrics();
    try {
      m.statementDone('INSERT 0 3', 1, 0);
      m.statementDone('MERGE 2', 1, 0);
      m.statementDone('SELECT 7', 1, 7);
      m.statementDone('COPY 9', 1, 0);
      m.statementFailed(2);
      expect([m.rowsWritten, m.rowsRead, m.queriesTotal, m.queries.error, m.queries.other, m.latencyUs.count]).toEqual([5, 7, 5, 1, 2, 5]);
    } finally {
      m.close();
    }
  });
});

describe('Prometheus text format 0.0.4', () => {
  it('writes HELP and TYPE before each kalamdb_ sample, escapes HELP, and leaves unmeasured figures out', () => {
    const text = prometheusText([
      { name: 'queries_total', value: 12, type: 'counter', help: 'Statements run.' },
      { name: 'schema_cache_hit_rate', value: null, type: 'gauge', help: 'none yet' },
      { name: 'odd', value: 0.5, type: 'gauge', help: 'a \\ b\nc' },
    ]);
    expect(text).toBe([
      '# HELP kalamdb_queries_total Statements run.', '# TYPE kalamdb_queries_total counter', 'kalamdb_queries_total 12',
      '# HELP kalamdb_odd a \\\\ b\\nc', '# TYPE kalamdb_odd gauge', 'kalamdb_odd 0.5', '',
    ].join('\n'));
  });
});
