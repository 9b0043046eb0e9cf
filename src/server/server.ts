/**
 * The composition root: open the data directory, make sure the bootstrap superuser and the
 * `public` namespace exist, and serve the wire protocol on a TCP port.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { DEFAULT_MAX_QUERY_MEMORY } from '../executor/memory/query-memory.js';
import { formatByteSize } from '../util/byte-size.js';
import { warmCopyWorker } from '../executor/copy/bulk/copy-workers.js';
import { Database } from '../executor/database.js';
import type { JobKind } from '../jobs/job-kind.js';
import { ensureSuperuser } from '../executor/ddl/user-ddl.js';
import { initParser } from '../sql/parse.js';
import { CancelRegistry } from '../wire/cancel-registry.js';
import { ConnectionSlots, DEFAULT_MAX_CONNECTIONS, DEFAULT_SUPERUSER_RESERVED_CONNECTIONS } from '../wire/connection-slots.js';
import { DEFAULT_MAX_MESSAGE_SIZE } from '../wire/message-size.js';
import { createWireServer } from '../wire/wire-server.js';
import type { ServerConfig } from './config.js';
import { Engine } from './engine.js';
import { DEFAULT_LOGIN_POLICY } from '../auth/login-guard.js';
import { Log } from './log.js';
import { startMetricsEndpoint, type MetricsEndpoint } from './metrics-endpoint.js';
import { logSlowStatements } from './slow-query-log.js';
import { loadTls } from './tls-files.js';
import { DEFAULT_EVICTION_INTERVAL_SECONDS, EvictionSchedule } from '../storage/ttl/eviction-schedule.js';

export interface RunningServer {
  readonly host: string;
  readonly port: number;
  readonly db: Database;
  readonly engine: Engine;
  /** The timer that queues evictions of expired STREAM rows (storage/ttl/eviction-schedule.ts). */
  readonly evictions: EvictionSchedule;
  /** The generated password of a first start without --password (printed once). */
  readonly generatedPassword?: string;
  /** The Prometheus endpoint's port (--metrics-port), undefined when it is off. */
  readonly metricsPort?: number;
  close(graceMs?: number): Promise<void>;
}

async function bootstrap(db: Database, config: ServerConfig): Promise<string | undefined> {
  const schema = db.schema;
  if (!schema.namespace('public')) {
    await schema.putNamespace({ name: 'public', oid: 2200, owner: config.user, createdAt: new Date().toISOString() });
  }
  if (schema.user(config.user)) return undefined;
  let password = config.password;
  let generated: string | undefined;
  if (!password) {
    password = generated = randomBytes(12).toString('base64url');
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(join(config.dataDir, 'initial-password'), `${password}\n`, { mode: 0o600 });
  }
  await ensureSuperuser(schema, config.user, password);
  return generated;
}

/** What a program embedding the server adds beyond its configuration (tests register job kinds). */
export interface ServerExtensions {
  readonly jobKinds?: readonly JobKind[];
  /** Where log lines go (tests read them); default stderr at --log-level. */
  readonly log?: Log;
}

export async function startServer(config: ServerConfig, extensions: ServerExtensions = {}): Promise<RunningServer> {
  const tls = loadTls(config);
  await initParser();
  const log = extensions.log ?? new Log(config.logLevel);
  const heapWarning = queryMemoryHeapWarning(config.maxQueryMemory ?? DEFAULT_MAX_QUERY_MEMORY, getHeapStatistics().heap_size_limit);
  if (heapWarning) log.warn(heapWarning, 'config_warning');
  const db = await Database.open(
    config.dataDir,
    (e) => log.error(`storage: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`, 'storage_error'),
    {
      maxQueryMemory: config.maxQueryMemory, columnCacheMemory: config.columnCacheMemory, jobKinds: extensions.jobKinds,
      loginPolicy: {
        maxFailedLogins: config.maxFailedLogins ?? DEFAULT_LOGIN_POLICY.maxFailedLogins,
        lockoutSeconds: config.lockoutSeconds ?? DEFAULT_LOGIN_POLICY.lockoutSeconds,
        maxFailuresPerAddress: config.maxFailedLoginsPerAddress ?? DEFAULT_LOGIN_POLICY.maxFailuresPerAddress,
      },
      auditMaxEntries: config.auditLogMaxEntries,
      maxNotificationQueue: config.maxNotificationQueue,
    },
  );
  warmCopyWorker(); // the first bulk COPY need not wait for a thread to start
  const evictions = new EvictionSchedule(
    db,
    (config.streamEvictionInterval ?? DEFAULT_EVICTION_INTERVAL_SECONDS) * 1000,
    (e) => log.error(`stream eviction: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`, 'stream_eviction_error'),
  );
  let server: Server;
  try {
    const generatedPassword = await bootstrap(db, config);
    logSlowStatements(db.metrics, log, config.slowQueryMs);
    const maxConnections = config.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    const reserved = config.superuserReservedConnections ?? Math.min(DEFAULT_SUPERUSER_RESERVED_CONNECTIONS, maxConnections - 1);
    const serverSettings = {
      ssl: tls !== undefined ? 'on' : 'off',
      max_connections: String(maxConnections),
      superuser_reserved_connections: String(reserved),
    };
    const engine = new Engine(db, { serverSettings, log });
    const registry = new CancelRegistry();
    const slots = new ConnectionSlots(maxConnections, reserved, () => db.metrics.connectionsRejected++);
    server = createWireServer(engine, registry, {
      slots,
      maxMessageSize: config.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
      maxNotificationQueue: config.maxNotificationQueue,
      // An exception that is not a SqlError is a bug: the client gets XX000, the log gets the stack.
      onInternalError: (e) => log.error(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`, 'internal_error'),
      tls,
    });
    // Sockets that have not sent a StartupMessage hold no slot; as PostgreSQL's postmaster caps its
    // children at twice max_connections, sockets past that are closed as they arrive.
    server.maxConnections = 2 * maxConnections + 10;
    const sockets = new Set<import('node:net').Socket>();
    server.on('connection', (s) => {
      sockets.add(s);
      log.event('debug', 'connection_opened', { client_addr: s.remoteAddress ?? null, client_port: s.remotePort ?? null });
      s.on('close', () => {
        sockets.delete(s);
        log.event('debug', 'connection_closed', { client_addr: s.remoteAddress ?? null, client_port: s.remotePort ?? null });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    let metrics: MetricsEndpoint | undefined;
    if (config.metricsPort !== undefined) {
      try {
        metrics = await startMetricsEndpoint(db, config.host, config.metricsPort, (e) => log.error(`metrics: ${String(e)}`, 'metrics_error'));
      } catch (e) {
        server.close();
        throw e;
      }
    }
    evictions.start();
    log.event('info', 'server_started', { host: config.host, port: address.port, metrics_port: metrics?.port ?? null });
    let closing: Promise<void> | null = null;
    return {
      host: config.host,
      port: address.port,
      db,
      engine,
      evictions,
      generatedPassword,
      metricsPort: metrics?.port,
      close(graceMs = 3000) {
        closing ??= (async () => {
          await metrics?.close();
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            // Let running statements finish for a moment, then end the remaining connections.
            const deadline = setTimeout(() => {
              for (const s of sockets) s.destroy();
            }, graceMs);
            deadline.unref();
            for (const s of sockets) s.end();
          });
          await evictions.stop();
          await db.close();
        })();
        return closing;
      },
    };
  } catch (e) {
    await db.close();
    throw e;
  }
}

/**
 * The query memory limit is counted inside Node's heap: a limit near the heap's own lets V8 give
 * out (and the whole server with it) before any statement is stopped with 53200.
 */
export function queryMemoryHeapWarning(maxQueryMemory: number, heapLimit: number): string | null {
  if (maxQueryMemory <= heapLimit / 2) return null;
  return `--max-query-memory (${formatByteSize(maxQueryMemory)}) is more than half of Node's heap limit ` +
    `(${formatByteSize(heapLimit)}): a large query may exhaust the heap before it is stopped. ` +
    'Lower --max-query-memory or raise the heap with NODE_OPTIONS=--max-old-space-size=<MiB>.';
}

export function dataDirExists(dir: string): boolean {
  return existsSync(join(dir, 'rocksdb'));
}
