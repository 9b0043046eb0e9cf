// TCP ports: pick a free one, wait until a server accepts connections on one.
import net from 'node:net';

/** A port the kernel considers free on `host` right now (bind to 0, read it back, close). */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** True when something accepts a TCP connection on host:port. */
export function acceptsConnections(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Polls host:port until it accepts, `isAlive()` turns false, or `timeoutMs` passes. */
export async function waitForPort(host, port, { timeoutMs = 60_000, isAlive = () => true } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) return false;
    if (await acceptsConnections(host, port)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
