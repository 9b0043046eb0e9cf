/**
 * Backend messages → bytes (the mirror of pg-protocol's frontend serializer). Every method appends
 * one message to the same BufferWriter; the connection decides when `take()` goes to the socket.
 */
import type { FieldDescription, TransactionStatus, WireCell } from './engine-port.js';
import { BufferWriter } from './buffer-writer.js';
import { AuthCode, BackendCode } from './message-codes.js';

/** What an ErrorResponse or NoticeResponse carries. SqlError and NoticeMessage both fit. */
export interface ErrorFields {
  readonly severity: string;
  readonly code: string;
  readonly message: string;
  readonly detail?: string;
  readonly hint?: string;
  /** 1-based character position in the query text. */
  readonly position?: number;
  readonly where?: string;
  readonly schema?: string;
  readonly table?: string;
  readonly column?: string;
  readonly dataType?: string;
  readonly constraint?: string;
}

const TRANSACTION_STATUS_BYTE: Record<TransactionStatus, number> = { I: 0x49, T: 0x54, E: 0x45 };

export class BackendSerializer {
  constructor(readonly writer: BufferWriter = new BufferWriter()) {}

  /** Bytes serialised and not yet taken. */
  get length(): number {
    return this.writer.length;
  }

  /** Everything serialised since the last take, ready for socket.write. */
  take(): Buffer {
    return this.writer.take();
  }

  authenticationOk(): void {
    this.authentication(AuthCode.Ok);
  }

  authenticationCleartextPassword(): void {
    this.authentication(AuthCode.CleartextPassword);
  }

  authenticationMD5Password(salt: Uint8Array): void {
    if (salt.length !== 4) throw new RangeError('MD5 salt must be 4 bytes');
    this.writer.startMessage(BackendCode.Authentication).int32(AuthCode.MD5Password).bytes(salt).endMessage();
  }

  /** AuthenticationSASL: the mechanisms offered, as a list of strings ended by an empty one. */
  authenticationSASL(mechanisms: readonly string[]): void {
    const w = this.writer.startMessage(BackendCode.Authentication).int32(AuthCode.SASL);
    for (const m of mechanisms) w.cstring(m);
    w.byte(0).endMessage();
  }

  authenticationSASLContinue(data: string): void {
    this.writer.startMessage(BackendCode.Authentication).int32(AuthCode.SASLContinue).string(data).endMessage();
  }

  authenticationSASLFinal(data: string): void {
    this.writer.startMessage(BackendCode.Authentication).int32(AuthCode.SASLFinal).string(data).endMessage();
  }

  parameterStatus(name: string, value: string): void {
    this.writer.startMessage(BackendCode.ParameterStatus).cstring(name).cstring(value).endMessage();
  }

  backendKeyData(processId: number, secretKey: number): void {
    this.writer.startMessage(BackendCode.BackendKeyData).int32(processId).int32(secretKey).endMessage();
  }

  readyForQuery(status: TransactionStatus): void {
    this.writer.startMessage(BackendCode.ReadyForQuery).byte(TRANSACTION_STATUS_BYTE[status]).endMessage();
  }

  rowDescription(fields: readonly FieldDescription[]): void {
    const w = this.writer.startMessage(BackendCode.RowDescription).int16(fields.length);
    for (const f of fields) {
      w.cstring(f.name)
        .int32(f.tableOid)
        .int16(f.columnId)
        .int32(f.typeOid)
        .int16(f.typeSize)
        .int32(f.typeModifier)
        .int16(f.format);
    }
    w.endMessage();
  }

  /** The hot path: one call per row, no allocation but the bytes themselves. */
  dataRow(cells: readonly WireCell[]): void {
    const w = this.writer;
    w.startMessage(BackendCode.DataRow).int16(cells.length);
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      if (cell === null || cell === undefined) w.int32(-1);
      else if (typeof cell === 'string') w.lengthPrefixedString(cell);
      else w.lengthPrefixedBytes(cell);
    }
    w.endMessage();
  }

  /** CopyInResponse / CopyOutResponse: text format for the whole copy and each of `columns`. */
  /** Overall format 0 (text, CSV) or 1 (binary), and the same for each column. */
  copyResponse(direction: 'in' | 'out', columns: number, binary = false): void {
    const format = binary ? 1 : 0;
    const w = this.writer.startMessage(direction === 'in' ? BackendCode.CopyInResponse : BackendCode.CopyOutResponse).byte(format).int16(columns);
    for (let i = 0; i < columns; i++) w.int16(format);
    w.endMessage();
  }

  copyData(data: string | Uint8Array): void {
    const w = this.writer.startMessage(BackendCode.CopyData);
    (typeof data === 'string' ? w.string(data) : w.bytes(data)).endMessage();
  }

  copyDone(): void {
    this.empty(BackendCode.CopyDone);
  }

  commandComplete(tag: string): void {
    this.writer.startMessage(BackendCode.CommandComplete).cstring(tag).endMessage();
  }

  emptyQueryResponse(): void {
    this.empty(BackendCode.EmptyQueryResponse);
  }

  errorResponse(error: ErrorFields): void {
    this.fields(BackendCode.ErrorResponse, error);
  }

  noticeResponse(notice: ErrorFields): void {
    this.fields(BackendCode.NoticeResponse, notice);
  }

  parseComplete(): void {
    this.empty(BackendCode.ParseComplete);
  }

  bindComplete(): void {
    this.empty(BackendCode.BindComplete);
  }

  closeComplete(): void {
    this.empty(BackendCode.CloseComplete);
  }

  noData(): void {
    this.empty(BackendCode.NoData);
  }

  portalSuspended(): void {
    this.empty(BackendCode.PortalSuspended);
  }

  parameterDescription(typeOids: readonly number[]): void {
    const w = this.writer.startMessage(BackendCode.ParameterDescription).int16(typeOids.length);
    for (const oid of typeOids) w.int32(oid);
    w.endMessage();
  }

  /** The newest minor version we speak, and the `_pq_.` options we did not recognise. */
  negotiateProtocolVersion(newestMinor: number, unrecognisedOptions: readonly string[]): void {
    const w = this.writer
      .startMessage(BackendCode.NegotiateProtocolVersion)
      .int32(newestMinor)
      .int32(unrecognisedOptions.length);
    for (const o of unrecognisedOptions) w.cstring(o);
    w.endMessage();
  }

  notificationResponse(processId: number, channel: string, payload: string): void {
    this.writer
      .startMessage(BackendCode.NotificationResponse)
      .int32(processId)
      .cstring(channel)
      .cstring(payload)
      .endMessage();
  }

  private authentication(code: AuthCode): void {
    this.writer.startMessage(BackendCode.Authentication).int32(code).endMessage();
  }

  private empty(code: BackendCode): void {
    this.writer.startMessage(code).endMessage();
  }

  /** PostgreSQL's field order (send_message_to_frontend): S V C M D H P W s t c d n. */
  private fields(code: BackendCode, e: ErrorFields): void {
    const w = this.writer.startMessage(code);
    field(w, 0x53, e.severity); // S: localised severity
    field(w, 0x56, e.severity); // V: severity, never localised
    field(w, 0x43, e.code); // C
    field(w, 0x4d, e.message); // M
    field(w, 0x44, e.detail); // D
    field(w, 0x48, e.hint); // H
    if (e.position !== undefined && e.position > 0) field(w, 0x50, String(e.position)); // P
    field(w, 0x57, e.where); // W
    field(w, 0x73, e.schema); // s
    field(w, 0x74, e.table); // t
    field(w, 0x63, e.column); // c
    field(w, 0x64, e.dataType); // d
    field(w, 0x6e, e.constraint); // n
    w.byte(0).endMessage();
  }
}

function field(w: BufferWriter, type: number, value: string | undefined): void {
  if (value === undefined) return;
  w.byte(type).cstring(value);
}
