// One connection per server for the analytic suite: run a query, time it on the client (from
// sending it to the last row received), and give up after a timeout with a CancelRequest.
import net from 'node:net';
import pg from 'pg';

const CANCEL_REQUEST_CODE = 80877102;

/** Every value as the server's text: answers are compared as PostgreSQL prints them. */
const textTypes = { getTypeParser: () => (value) => value };

/** A CancelRequest on a fresh socket, as psql sends one on Ctrl-C. */
function sendCancel(server, processID, secretKey) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: server.host, port: server.port });
    const done = () => { socket.destroy(); resolve(); };
    socket.setTimeout(5000, done);
    socket.once('error', done);
    socket.once('connect', () => {
      const message = Buffer.alloc(16);
      message.writeInt32BE(16, 0);
      message.writeInt32BE(CANCEL_REQUEST_CODE, 4);
      message.writeInt32BE(processID, 8);
      message.writeInt32BE(secretKey, 12);
      socket.end(message, done);
    });
  });
}

export async function connect(server) {
  const client = new pg.Client({
    host: server.host, port: server.port, user: server.user, database: server.database,
    password: server.clientEnv.PGPASSWORD, types: textTypes, connectionTimeoutMillis: 10_000,
  });
  let broken = null;
  client.on('error', (err) => { broken = err; });
  await client.connect();
  return {
    get broken() { return broken; },
    close: () => client.end().catch(() => {}),
    /**
     * Runs `sql` once. Resolves with { status: 'ok', ms, rows } or { status: 'error', message },
     * or, past `timeoutMs`, cancels it and resolves with { status: 'timeout', cancelled } where
     * `cancelled` says whether the server gave up the query within `cancelGraceMs` of the cancel.
     */
    async run(sql, params, { timeoutMs, cancelGraceMs }) {
      const started = process.hrtime.bigint();
      const query = client.query({ text: sql, values: params, rowMode: 'array' }).then(
        (result) => ({ status: 'ok', ms: Number(process.hrtime.bigint() - started) / 1e6, rows: result.rows }),
        (err) => ({ status: 'error', message: err.message, code: err.code }),
      );
      let timer;
      const timedOut = new Promise((resolve) => { timer = setTimeout(() => resolve(null), timeoutMs); });
      const first = await Promise.race([query, timedOut]);
      clearTimeout(timer);
      if (first !== null) return first;
      await sendCancel(server, client.processID, client.secretKey);
      let graceTimer;
      const grace = new Promise((resolve) => { graceTimer = setTimeout(() => resolve(null), cancelGraceMs); });
      const after = await Promise.race([query, grace]);
      clearTimeout(graceTimer);
      return { status: 'timeout', cancelled: after !== null, afterCancel: after };
    },
  };
}
