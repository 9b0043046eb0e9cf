/**
 * A TCP server speaking protocol v3 to every connection, for the lead to `listen` on a port:
 *
 *   const server = createWireServer(engine);
 *   server.listen(5432);
 *
 * Half-open sockets are allowed so a client that sends a query and shuts its writing side still
 * gets its answer; the connection closes both sides when it is done.
 */
import net from 'node:net';
import { CancelRegistry } from './cancel-registry.js';
import { WireConnection, type WireConnectionOptions } from './connection.js';
import type { EnginePort } from './engine-port.js';

export function createWireServer(
  engine: EnginePort,
  registry: CancelRegistry = new CancelRegistry(),
  options: WireConnectionOptions = {},
): net.Server {
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    new WireConnection(socket, engine, registry, options);
  });
  return server;
}
