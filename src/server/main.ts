#!/usr/bin/env node
/** The `kalamdb-pg` command. */
import { ConfigError, parseConfig, USAGE } from './config.js';
import { Log } from './log.js';
import { startServer } from './server.js';

async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.argv.slice(2), process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`kalamdb-pg: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  if (config === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (process.env.KALAM_REQUIRE_PASSWORD === '1' && !config.password) {
    process.stderr.write(
      'kalamdb-pg: KALAM_PASSWORD is not set. Start the container with -e KALAM_PASSWORD=<password>\n' +
        '(the superuser\'s password on first start), as with the PostgreSQL image.\n',
    );
    process.exit(1);
  }
  const events = new Log(config.logLevel);
  const server = await startServer(config, { log: events });
  const log = (msg: string) => process.stdout.write(`${msg}\n`);
  if (server.generatedPassword) {
    log(`Generated password for superuser "${config.user}": ${server.generatedPassword}`);
    log(`(also written to ${config.dataDir}/initial-password; it is shown only once)`);
  }
  log(`kalamdb-pg listening on ${server.host}:${server.port} (data in ${config.dataDir})`);
  const sslmode = config.tlsRequired ? ' sslmode=require' : '';
  log(`Connect with: psql "host=${server.host === '0.0.0.0' ? '127.0.0.1' : server.host} port=${server.port} user=${config.user} dbname=postgres${sslmode}"`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received: shutting down`);
    server.close().then(
      () => process.exit(0),
      (e: unknown) => {
        events.error(`error during shutdown: ${String(e)}`, 'shutdown_error');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // One client must never take the server down: log anything that escapes and keep serving.
  process.on('uncaughtException', (e) => events.error(`uncaught exception: ${e.stack ?? e}`, 'uncaught_exception'));
  process.on('unhandledRejection', (e) => events.error(`unhandled rejection: ${String(e)}`, 'unhandled_rejection'));
}

main().catch((e: unknown) => {
  process.stderr.write(`kalamdb-pg: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
