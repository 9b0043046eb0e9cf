/** Command-line flags and environment variables (DESIGN.md section 10). */
import { DEFAULT_NOTIFICATION_QUEUE_BYTES } from '../wire/notification-queue.js';
import { DEFAULT_MAX_QUERY_MEMORY } from '../executor/memory/query-memory.js';
import { parseByteSize } from '../util/byte-size.js';
import { DEFAULT_COLUMN_CACHE_MEMORY } from '../executor/columnar/column-mirrors.js';
import { DEFAULT_EVICTION_INTERVAL_SECONDS } from '../storage/ttl/eviction-schedule.js';
import { DEFAULT_MAX_CONNECTIONS, DEFAULT_SUPERUSER_RESERVED_CONNECTIONS } from '../wire/connection-slots.js';
import { DEFAULT_MAX_MESSAGE_SIZE, MAX_MAX_MESSAGE_SIZE, MIN_MAX_MESSAGE_SIZE } from '../wire/message-size.js';

export interface ServerConfig {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  /** Refuse connections that did not switch to TLS (needs tlsCert and tlsKey). */
  readonly tlsRequired?: boolean;
  readonly logLevel: 'error' | 'warn' | 'info' | 'debug';
  /** Bytes one statement may hold in rows before it fails with 53200 (default 1 GiB). */
  readonly maxQueryMemory?: number;
  /** Bytes the column mirrors of scanned tables may hold (default 512 MiB; 0 turns them off). */
  readonly columnCacheMemory?: number;
  /** Seconds between looks for expired STREAM rows to evict, at most (default 60; 0 turns eviction off). */
  readonly streamEvictionInterval?: number;
  /** Connections served at once (default 100, PostgreSQL's max_connections); past it 53300. */
  readonly maxConnections?: number;
  /** Of those, slots only a superuser may take (default 3, PostgreSQL's superuser_reserved_connections). */
  readonly superuserReservedConnections?: number;
  /** Largest Query/Parse/Bind/CopyData message accepted, in bytes (default 64 MiB). */
  readonly maxMessageSize?: number;
  /** Failed logins in a row that lock a user (default 5; 0: never lock). */
  readonly maxFailedLogins?: number;
  /** How long a lock lasts, and the window of the per-address count (default 900). */
  readonly lockoutSeconds?: number;
  /** Failed logins from one address within the window before it is refused (default 20). */
  readonly maxFailedLoginsPerAddress?: number;
  /** Entries system.audit_log keeps, newest first (default 10000). */
  readonly auditLogMaxEntries?: number;
  /** Bytes of notifications a connection may have waiting before its live query or channel ends (default 8 MiB). */
  readonly maxNotificationQueue?: number;
  /** Statements running at least this many ms are logged (slow_query events); undefined: off. */
  readonly slowQueryMs?: number;
  /** Port of the Prometheus text endpoint (GET /metrics) on the same host; undefined: off. */
  readonly metricsPort?: number;
}

export const USAGE = `Usage: kalamdb-pg [options]

A PostgreSQL-compatible server storing data the KalamDB way (RocksDB hot rows, Parquet cold segments).

Options (each also settable by the environment variable shown):
  --data-dir DIR      data directory (KALAM_DATA_DIR, default ./data)
  --host HOST         address to listen on (KALAM_HOST, default 127.0.0.1)
  --port PORT         port to listen on (KALAM_PORT, default 5433)
  --user NAME         bootstrap superuser (KALAM_USER, default postgres)
  --password PW       its password on first start (KALAM_PASSWORD; if unset, one is generated,
                      printed once and written to <data-dir>/initial-password, mode 0600)
  --tls-cert FILE     PEM certificate (chain) for TLS (KALAM_TLS_CERT); with --tls-key, an
                      SSLRequest is answered S and the connection continues over TLS
  --tls-key FILE      PEM private key of that certificate (KALAM_TLS_KEY)
  --tls-required      refuse connections that do not switch to TLS (KALAM_TLS_REQUIRED=1)
  --log-level LEVEL   error | warn | info | debug (KALAM_LOG_LEVEL, default info); the log is one
                      JSON object per line on stderr: {"ts","level","event",…}
  --slow-query-ms N   log every statement that runs N ms or longer (event slow_query, with its
                      duration, user, pid and text) (KALAM_SLOW_QUERY_MS, default off; 0 logs all)
  --metrics-port PORT serve GET /metrics in Prometheus text format on --host:PORT
                      (KALAM_METRICS_PORT, default off): the figures of system.stats
  --max-query-memory SIZE
                      memory one statement may hold in rows, e.g. 512MB, 1GiB or plain bytes
                      (KALAM_MAX_QUERY_MEMORY, default 1GiB); past it the statement fails with
                      SQLSTATE 53200. Keep it well below Node's heap (--max-old-space-size)
  --column-cache-memory SIZE
                      memory for scanned tables held as columns, which analytic queries read
                      instead of RocksDB (KALAM_COLUMN_CACHE_MEMORY, default 512MiB; 0: off)
  --stream-eviction-interval SECONDS
                      how often, at most, expired STREAM rows are deleted (each table at least
                      every TTL_SECONDS); reads never return them either way
                      (KALAM_STREAM_EVICTION_INTERVAL, default 60; 0: never)
  --max-connections N connections served at once (KALAM_MAX_CONNECTIONS, default 100, as
                      PostgreSQL's max_connections); past it FATAL 53300
  --superuser-reserved-connections N
                      of those, how many only a superuser may use (KALAM_SUPERUSER_RESERVED_CONNECTIONS,
                      default 3, as PostgreSQL)
  --max-message-size SIZE
                      largest Query, Parse, Bind or CopyData message accepted, e.g. 64MB
                      (KALAM_MAX_MESSAGE_SIZE, default 64MiB, at most 1GiB as PostgreSQL); a longer
                      one is refused with FATAL 08P01 "invalid message length" before it is read
  --max-notification-queue SIZE
                      notifications (LISTEN, live queries) waiting for one client that does not
                      read, e.g. 8MB (KALAM_MAX_NOTIFICATION_QUEUE, default 8MiB); past it the live
                      query or channel ends with a WARNING, and nothing more is held for it
  --max-failed-logins N
                      failed logins in a row after which a user is locked
                      (KALAM_MAX_FAILED_LOGINS, default 5; 0: never). A locked user gets the same
                      28P01 as a wrong password until the lock ends or ALTER USER 'x' UNLOCK
  --lockout-seconds S how long a lock lasts (KALAM_LOCKOUT_SECONDS, default 900)
  --max-failed-logins-per-address N
                      failed logins from one client address, any user, within the lockout time
                      before that address is refused too (KALAM_MAX_FAILED_LOGINS_PER_ADDRESS,
                      default 20; 0: never)
  --audit-log-max-entries N
                      entries system.audit_log keeps, the oldest deleted first
                      (KALAM_AUDIT_LOG_MAX_ENTRIES, default 10000)
  -h, --help          show this help
`;

const FLAGS: Record<string, keyof ServerConfig> = {
  '--data-dir': 'dataDir',
  '--host': 'host',
  '--port': 'port',
  '--user': 'user',
  '--password': 'password',
  '--tls-cert': 'tlsCert',
  '--tls-key': 'tlsKey',
  '--tls-required': 'tlsRequired',
  '--log-level': 'logLevel',
  '--max-query-memory': 'maxQueryMemory',
  '--column-cache-memory': 'columnCacheMemory',
  '--stream-eviction-interval': 'streamEvictionInterval',
  '--max-connections': 'maxConnections',
  '--superuser-reserved-connections': 'superuserReservedConnections',
  '--max-message-size': 'maxMessageSize',
  '--max-failed-logins': 'maxFailedLogins',
  '--lockout-seconds': 'lockoutSeconds',
  '--max-failed-logins-per-address': 'maxFailedLoginsPerAddress',
  '--audit-log-max-entries': 'auditLogMaxEntries',
  '--max-notification-queue': 'maxNotificationQueue',
  '--slow-query-ms': 'slowQueryMs',
  '--metrics-port': 'metricsPort',
};

/** Flags that take no value (`--tls-required`, or `--tls-required=false`). */
const SWITCHES = new Set<keyof ServerConfig>(['tlsRequired']);

/** A whole number ≥ min from a flag or its environment variable; `fallback` when neither is set. */
export class ConfigError extends Error {}

function parseSwitch(name: string, text: string | undefined): boolean {
  if (text === undefined) return false;
  const l = text.trim().toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(l)) return true;
  if (['', '0', 'false', 'off', 'no'].includes(l)) return false;
  throw new ConfigError(`invalid value for ${name}: ${text} (use true or false)`);
}

export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ServerConfig | 'help' {
  const given: Partial<Record<keyof ServerConfig, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return 'help';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const key = FLAGS[flag];
    if (!key) throw new ConfigError(`unknown option ${arg}\n\n${USAGE}`);
    const value = inline ?? (SWITCHES.has(key) ? 'true' : argv[++i]);
    if (value === undefined) throw new ConfigError(`option ${flag} needs a value`);
    given[key] = value;
  }
  const port = Number(given.port ?? env.KALAM_PORT ?? 5433);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`invalid port: ${given.port ?? env.KALAM_PORT}`);
  const logLevel = (given.logLevel ?? env.KALAM_LOG_LEVEL ?? 'info') as ServerConfig['logLevel'];
  if (!['error', 'warn', 'info', 'debug'].includes(logLevel)) throw new ConfigError(`invalid log level: ${logLevel}`);
  const memoryText = given.maxQueryMemory ?? env.KALAM_MAX_QUERY_MEMORY;
  const maxQueryMemory = memoryText === undefined ? DEFAULT_MAX_QUERY_MEMORY : parseByteSize(memoryText);
  if (maxQueryMemory === null || maxQueryMemory <= 0) throw new ConfigError(`invalid max query memory: ${memoryText} (use e.g. 512MB, 1GiB or a number of bytes)`);
  const cacheText = given.columnCacheMemory ?? env.KALAM_COLUMN_CACHE_MEMORY;
  const columnCacheMemory = cacheText === undefined ? DEFAULT_COLUMN_CACHE_MEMORY : parseByteSize(cacheText);
  if (columnCacheMemory === null || columnCacheMemory < 0) throw new ConfigError(`invalid column cache memory: ${cacheText} (use e.g. 512MB, 1GiB, 0 or a number of bytes)`);
  const evictionText = given.streamEvictionInterval ?? env.KALAM_STREAM_EVICTION_INTERVAL;
  const streamEvictionInterval = evictionText === undefined ? DEFAULT_EVICTION_INTERVAL_SECONDS : Number(evictionText);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(evictionText ?? '0') || !Number.isFinite(streamEvictionInterval)) {
    throw new ConfigError(`invalid stream eviction interval: ${evictionText} (use a number of seconds, 0 for never)`);
  }
  const maxConnections = wholeNumber(given.maxConnections ?? env.KALAM_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS, 'max connections', 1);
  const superuserReservedConnections = wholeNumber(
    given.superuserReservedConnections ?? env.KALAM_SUPERUSER_RESERVED_CONNECTIONS,
    Math.min(DEFAULT_SUPERUSER_RESERVED_CONNECTIONS, maxConnections - 1),
    'superuser reserved connections',
    0,
  );
  if (superuserReservedConnections >= maxConnections) {
    throw new ConfigError(`superuser reserved connections (${superuserReservedConnections}) must be less than max connections (${maxConnections})`);
  }
  const messageText = given.maxMessageSize ?? env.KALAM_MAX_MESSAGE_SIZE;
  const maxMessageSize = messageText === undefined ? DEFAULT_MAX_MESSAGE_SIZE : parseByteSize(messageText);
  if (maxMessageSize === null || maxMessageSize < MIN_MAX_MESSAGE_SIZE || maxMessageSize > MAX_MAX_MESSAGE_SIZE) {
    throw new ConfigError(`invalid max message size: ${messageText} (between 64kB and 1GB, e.g. 64MB)`);
  }
  const queueText = given.maxNotificationQueue ?? env.KALAM_MAX_NOTIFICATION_QUEUE;
  const maxNotificationQueue = queueText === undefined ? DEFAULT_NOTIFICATION_QUEUE_BYTES : parseByteSize(queueText);
  if (maxNotificationQueue === null || maxNotificationQueue < 1024) {
    throw new ConfigError(`invalid max notification queue: ${queueText} (at least 1kB, e.g. 8MB)`);
  }
  return {
    dataDir: given.dataDir ?? env.KALAM_DATA_DIR ?? './data',
    host: given.host ?? env.KALAM_HOST ?? '127.0.0.1',
    port,
    user: given.user ?? env.KALAM_USER ?? 'postgres',
    password: given.password ?? env.KALAM_PASSWORD,
    tlsCert: given.tlsCert ?? env.KALAM_TLS_CERT,
    tlsKey: given.tlsKey ?? env.KALAM_TLS_KEY,
    tlsRequired: parseSwitch('--tls-required', given.tlsRequired ?? env.KALAM_TLS_REQUIRED),
    logLevel,
    maxQueryMemory,
    columnCacheMemory,
    streamEvictionInterval,
    maxConnections,
    superuserReservedConnections,
    maxMessageSize,
    maxFailedLogins: wholeNumber(given.maxFailedLogins ?? env.KALAM_MAX_FAILED_LOGINS, 5, 'max failed logins', 0),
    lockoutSeconds: wholeNumber(given.lockoutSeconds ?? env.KALAM_LOCKOUT_SECONDS, 900, 'lockout seconds', 1),
    maxFailedLoginsPerAddress: wholeNumber(given.maxFailedLoginsPerAddress ?? env.KALAM_MAX_FAILED_LOGINS_PER_ADDRESS, 20, 'max failed logins per address', 0),
    auditLogMaxEntries: wholeNumber(given.auditLogMaxEntries ?? env.KALAM_AUDIT_LOG_MAX_ENTRIES, 10_000, 'audit log max entries', 1),
    maxNotificationQueue,
    slowQueryMs: optionalWholeNumber(given.slowQueryMs ?? env.KALAM_SLOW_QUERY_MS, 'slow query ms', 0, Number.MAX_SAFE_INTEGER),
    metricsPort: optionalWholeNumber(given.metricsPort ?? env.KALAM_METRICS_PORT, 'metrics port', 0, 65535),
  };
}

/** A whole number in [min, max] when given, undefined (off) when not. */
function optionalWholeNumber(text: string | undefined, what: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = wholeNumber(text, 0, what, min);
  if (n > max) throw new ConfigError(`invalid ${what}: ${text} (at most ${max})`);
  return n;
}

function wholeNumber(text: string | undefined, fallback: number, what: string, min: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min) {
    throw new ConfigError(`invalid ${what}: ${text} (use a whole number${min > 0 ? ` of at least ${min}` : ''})`);
  }
  return n;
}
