/**
 * `--metrics-port`: GET /metrics answers the figures of system.stats in Prometheus text format
 * (metrics/prometheus-text.ts), on the server's own host. Nothing else is served: another path is
 * 404, another method 405. No login — as with any Prometheus exporter, who may reach the port is
 * the network's decision, which is why it is off by default.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '../executor/database.js';
import { serverStatsSource } from '../executor/server-stats-source.js';
import { PROMETHEUS_CONTENT_TYPE, prometheusText } from '../metrics/prometheus-text.js';
import { serverStats } from '../metrics/server-stats.js';

export interface MetricsEndpoint {
  readonly port: number;
  close(): Promise<void>;
}

export async function startMetricsEndpoint(db: Database, host: string, port: number, onError: (e: unknown) => void): Promise<MetricsEndpoint> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: the metrics are at /metrics\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'content-type': 'text/plain', allow: 'GET, HEAD' }).end('method not allowed\n');
      return;
    }
    let body: string;
    try {
      body = prometheusText(serverStats(serverStatsSource(db)));
    } catch (e) {
      onError(e);
      res.writeHead(500, { 'content-type': 'text/plain' }).end('could not read the metrics\n');
      return;
    }
    res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
