/**
 * What node-postgres has and @types/pg does not declare: the `binary` option of a client or a
 * query (results in binary format) and the BackendKeyData a connected client keeps (for CancelRequest).
 */
import 'pg';

declare module 'pg' {
  interface ClientConfig {
    binary?: boolean;
  }
  interface QueryConfig {
    binary?: boolean;
  }
  interface Client {
    processID: number | null;
    secretKey: number | null;
  }
}
