/** PostgreSQL's checks on a notification (async.c): channel names up to NAMEDATALEN-1 bytes, payloads under 8000. */
import { SqlError } from '../errors/sql-error.js';

const MAX_CHANNEL_BYTES = 63;
/** NOTIFY_PAYLOAD_MAX_LENGTH: BLCKSZ - NAMEDATALEN - 128. */
const MAX_PAYLOAD_BYTES = 8000 - 1;

export function checkChannel(channel: string | null): string {
  if (channel === null || channel === '') throw new SqlError('22023', 'channel name cannot be empty');
  if (Buffer.byteLength(channel) > MAX_CHANNEL_BYTES) throw new SqlError('22023', 'channel name too long');
  return channel;
}

export function checkPayload(payload: string | null): string {
  const p = payload ?? '';
  if (Buffer.byteLength(p) > MAX_PAYLOAD_BYTES) throw new SqlError('22023', 'payload string too long');
  return p;
}
