/**
 * kalamdb-pg for the fuzz test, run through vite-node with --expose-gc: the real server, plus one
 * test-only hook. On SIGUSR2 it collects garbage (several passes) and prints
 * `memory <heapUsed> <external> <rss>`, so the test compares what is really retained before and
 * after a run, not what V8 happens to keep around (RSS alone stays near its peak for a long time
 * after a busy run: V8 gives pages back lazily).
 */
import { parseConfig, type ServerConfig } from '../../src/server/config.js';
import { startServer } from '../../src/server/server.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('measured-server needs node --expose-gc');
const config = parseConfig(process.argv.slice(2), process.env) as ServerConfig;
const server = await startServer({ ...config, logLevel: 'error' });
process.on('SIGUSR2', () => {
  void (async () => {
    for (let i = 0; i < 4; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const m = process.memoryUsage();
    process.stdout.write(`memory ${m.heapUsed} ${m.external} ${m.rss}\n`);
  })();
});
process.stdout.write(`kalamdb-pg listening on ${server.port}\n`);
