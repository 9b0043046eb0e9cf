/** Starts createWireServer on an ephemeral port with an EchoEngine. */
import type { AddressInfo } from 'node:net';
import type net from 'node:net';
import { CancelRegistry } from '../../src/wire/cancel-registry.js';
import type { WireConnectionOptions } from '../../src/wire/connection.js';
import { createWireServer } from '../../src/wire/wire-server.js';
import { EchoEngine } from './echo-engine.js';

export interface Fixture {
  readonly server: net.Server;
  readonly port: number;
  readonly engine: EchoEngine;
  readonly registry: CancelRegistry;
  readonly internalErrors: unknown[];
  close(): Promise<void>;
}

export async function startServer(options: WireConnectionOptions = {}): Promise<Fixture> {
  const engine = new EchoEngine();
  const registry = new CancelRegistry();
  const internalErrors: unknown[] = [];
  const server = createWireServer(engine, registry, { onInternalError: (e) => internalErrors.push(e), ...options });
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    engine,
    registry,
    internalErrors,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // connections the test left open must not keep the server alive
        for (const s of sockets) s.destroy();
      }),
  };
}
