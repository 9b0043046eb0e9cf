/**
 * Writes a result's DataRows, a slice at a time: it waits for a slow client to catch up whenever
 * the socket holds more than the wire's backlog bound (so a big result is not piled into the
 * socket's memory), and between slices gives the event loop a turn (so encoding millions of rows
 * does not keep other connections waiting).
 */
import { setImmediate as turn } from 'node:timers/promises';
import type { Value } from '../types/kalam-type.js';
import type { ResultSink, WireCell } from '../wire/engine-port.js';

const ROWS_PER_SLICE = 4096;

/** Sends rows[from, end); returns `end`. */
export async function sendRows(
  sink: ResultSink, rows: readonly (readonly Value[])[], encode: (row: readonly Value[]) => WireCell[], from = 0, end = rows.length,
): Promise<number> {
  for (let i = from; i < end; i++) {
    if (i > from && (i - from) % ROWS_PER_SLICE === 0) {
      await sink.drained?.();
      await turn();
    }
    sink.dataRow(encode(rows[i]!));
    // A client not reading: stop here rather than pile the rest of the result into the socket.
    if (sink.backlogged?.()) await sink.drained?.();
  }
  return end;
}
