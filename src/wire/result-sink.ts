/**
 * The ResultSink the engine writes to: each call becomes one backend message in the connection's
 * output. During Execute a RowDescription is not the protocol's (Describe sends it), so it is
 * dropped here whatever the engine does. Rows stop being serialised once the client is gone.
 */
import type { FieldDescription, NoticeMessage, ResultSink, WireCell } from './engine-port.js';
import type { BackendOutput } from './backend-output.js';

export class WireResultSink implements ResultSink {
  /** false while serving Execute. */
  allowRowDescription = true;

  constructor(private readonly out: BackendOutput) {}

  rowDescription(fields: readonly FieldDescription[]): void {
    if (!this.allowRowDescription || this.out.closed) return;
    this.out.serializer.rowDescription(fields);
    this.out.flushIfLarge();
  }

  dataRow(cells: readonly WireCell[]): void {
    if (this.out.closed) return;
    this.out.serializer.dataRow(cells);
    this.out.flushIfLarge();
  }

  commandComplete(tag: string): void {
    this.out.serializer.commandComplete(tag);
  }

  emptyQuery(): void {
    this.out.serializer.emptyQueryResponse();
  }

  notice(notice: NoticeMessage): void {
    this.out.serializer.noticeResponse(notice);
  }

  parameterStatus(name: string, value: string): void {
    this.out.serializer.parameterStatus(name, value);
  }

  /** Resolves when the client has read enough; engines streaming many rows may await it. */
  drained(): Promise<void> {
    return this.out.drained();
  }
}
