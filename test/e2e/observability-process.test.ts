/**
 * The built server as an operator runs it: --metrics-port from KALAM_METRICS_PORT serves
 * Prometheus text on the server's host, the slow-query threshold from KALAM_SLOW_QUERY_MS, and
 * what reaches stderr is JSON lines only, filtered by --log-level.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startChild, type ChildServer } from './child-server.js';
import { removeDir } from './harness.js';

let dir: string;
let child: ChildServer;
let metricsPort: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kalamdb-obs-'));
  metricsPort = await freePort();
  child = await startChild(join(dir, 'data'), await freePort(), {
    args: ['--log-level', 'info'],
    env: { KALAM_METRICS_PORT: String(metricsPort), KALAM_SLOW_QUERY_MS: '0' },
  });
});

afterAll(async () => {
  child?.proc.kill('SIGTERM');
  await child?.exited;
  removeDir(dir);
});

/** The child's stderr lines so far (stdout carries only the listening banner). */
function stderrEvents(): Record<string, unknown>[] {
  const text = child.output.join('');
  return text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('observability of the built server', () => {
  it('logs every statement at KALAM_SLOW_QUERY_MS=0 as a JSON slow_query event, and nothing else but JSON on stderr', async () => {
    const c = await child.client();
    try {
      await c.query("SELECT 'slow?' AS q");
      const pid = (c as unknown as { processID: number }).processID;
      await new Promise((r) => setTimeout(r, 100));
      const events = stderrEvents();
      expect(events.find((e) => e.event === 'server_started')).toMatchObject({ level: 'info', port: child.port, metrics_port: metricsPort });
      expect(events.find((e) => e.event === 'slow_query' && e.query === "SELECT 'slow?' AS q")).toMatchObject({ level: 'warn', user: 'postgres', pid });
      for (const e of events) expect(typeof e.ts === 'string' && !Number.isNaN(Date.parse(e.ts as string))).toBe(true);
      // Every line that is not the stdout banner is one of the JSON events.
      const lines = child.output.join('').split('\n').filter((l) => l !== '');
      expect(lines.filter((l) => !l.startsWith('{') && !/^(kalamdb-pg listening|Connect with)/.test(l))).toEqual([]);
    } finally {
      await c.end();
    }
  });

  it('serves GET /metrics in Prometheus text 0.0.4 on the server host, 404 elsewhere, 405 for other methods', async () => {
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const lines = (await res.text()).trimEnd().split('\n');
    // HELP, TYPE, sample: for every figure, in that order.
    expect(lines.length % 3).toBe(0);
    for (let i = 0; i < lines.length; i += 3) {
      const name = /^# HELP (kalamdb_[a-z0-9_]+) \S/.exec(lines[i]!)?.[1];
      expect(name, lines[i]).toBeDefined();
      expect(lines[i + 1]).toMatch(new RegExp(`^# TYPE ${name} (counter|gauge)$`));
      expect(lines[i + 2]).toMatch(new RegExp(`^${name} -?\\d+(\\.\\d+)?(e[+-]?\\d+)?$`));
    }
    expect(lines).toContain('kalamdb_total_live_queries 0');
    expect((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('refuses a bad --metrics-port before starting (exit 2)', () => {
    const r = spawnSync(process.execPath, ['dist/server/main.js', '--metrics-port', 'nope'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('invalid metrics port: nope');
  });
});
