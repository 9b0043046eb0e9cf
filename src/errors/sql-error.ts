/**
 * The one user-facing error: everything a client can cause ends as a SqlError and becomes an
 * ErrorResponse with PostgreSQL's SQLSTATE. Protocol violations are a separate tier
 * (ProtocolError) and close the connection.
 */
export type Severity = 'ERROR' | 'FATAL' | 'PANIC' | 'WARNING' | 'NOTICE';

export interface SqlErrorFields {
  readonly detail?: string;
  readonly hint?: string;
  /** 1-based character position in the query text, as PostgreSQL reports it. */
  readonly position?: number;
  readonly severity?: Severity;
  readonly schema?: string;
  readonly table?: string;
  readonly column?: string;
  readonly constraint?: string;
  /** CONTEXT: where it happened (`COPY t, line 3, column a: "x"`). */
  readonly where?: string;
}

export class SqlError extends Error {
  readonly code: string;
  readonly severity: Severity;
  readonly detail?: string;
  readonly hint?: string;
  position?: number;
  readonly schema?: string;
  readonly table?: string;
  readonly column?: string;
  readonly constraint?: string;
  where?: string;

  constructor(code: string, message: string, fields: SqlErrorFields = {}) {
    super(message);
    this.name = 'SqlError';
    this.code = code;
    this.severity = fields.severity ?? 'ERROR';
    this.detail = fields.detail;
    this.hint = fields.hint;
    this.position = fields.position;
    this.schema = fields.schema;
    this.table = fields.table;
    this.column = fields.column;
    this.constraint = fields.constraint;
    this.where = fields.where;
  }
}

/** A malformed or out-of-order protocol message: answered with an error, then the connection closes. */
export class ProtocolError extends Error {
  readonly code: string;
  constructor(message: string, code = '08P01') {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
  }
}

/** Constructors per SQLSTATE class, so call sites read as what went wrong. */
export const Errors = {
  syntax: (msg: string, position?: number) => new SqlError('42601', msg, { position }),
  featureNotSupported: (msg: string, hint?: string) => new SqlError('0A000', msg, { hint }),
  undefinedTable: (name: string, position?: number) =>
    new SqlError('42P01', `relation "${name}" does not exist`, { position }),
  undefinedColumn: (name: string, position?: number) =>
    new SqlError('42703', `column "${name}" does not exist`, { position }),
  undefinedObject: (msg: string) => new SqlError('42704', msg),
  undefinedSchema: (name: string) => new SqlError('3F000', `schema "${name}" does not exist`),
  undefinedFunction: (msg: string, position?: number, hint?: string) =>
    new SqlError('42883', msg, { position, hint }),
  duplicateTable: (name: string) => new SqlError('42P07', `relation "${name}" already exists`),
  duplicateSchema: (name: string) => new SqlError('42P06', `schema "${name}" already exists`),
  duplicateColumn: (msg: string) => new SqlError('42701', msg),
  duplicateObject: (msg: string) => new SqlError('42710', msg),
  invalidTableDefinition: (msg: string) => new SqlError('42P16', msg),
  invalidParameterValue: (msg: string) => new SqlError('22023', msg),
  invalidTextRepresentation: (msg: string) => new SqlError('22P02', msg),
  invalidDatetimeFormat: (msg: string) => new SqlError('22007', msg),
  datetimeOverflow: (msg: string) => new SqlError('22008', msg),
  numericOutOfRange: (msg: string) => new SqlError('22003', msg),
  divisionByZero: () => new SqlError('22012', 'division by zero'),
  stringTooLong: (msg: string) => new SqlError('22001', msg),
  invalidBinaryRepresentation: (msg: string) => new SqlError('22P03', msg),
  characterNotInRepertoire: (msg: string) => new SqlError('22021', msg),
  dataException: (msg: string) => new SqlError('22000', msg),
  datatypeMismatch: (msg: string, position?: number, hint?: string) =>
    new SqlError('42804', msg, { position, hint }),
  cannotCoerce: (msg: string, position?: number) => new SqlError('42846', msg, { position }),
  ambiguousColumn: (name: string, position?: number) =>
    new SqlError('42702', `column reference "${name}" is ambiguous`, { position }),
  groupingError: (msg: string, position?: number) => new SqlError('42803', msg, { position }),
  uniqueViolation: (msg: string, detail?: string, constraint?: string) =>
    new SqlError('23505', msg, { detail, constraint }),
  notNullViolation: (column: string, table: string) =>
    new SqlError('23502', `null value in column "${column}" of relation "${table}" violates not-null constraint`, { column, table }),
  inFailedTransaction: () =>
    new SqlError('25P02', 'current transaction is aborted, commands ignored until end of transaction block'),
  serializationFailure: (msg: string) => new SqlError('40001', msg),
  queryCanceled: () => new SqlError('57014', 'canceling statement due to user request'),
  statementTimeout: () => new SqlError('57014', 'canceling statement due to statement timeout'),
  adminShutdown: () => new SqlError('57P01', 'terminating connection due to administrator command', { severity: 'FATAL' }),
  invalidPassword: (user: string) =>
    new SqlError('28P01', `password authentication failed for user "${user}"`, { severity: 'FATAL' }),
  insufficientPrivilege: (msg: string, position?: number) => new SqlError('42501', msg, { position }),
  objectInUse: (msg: string) => new SqlError('55006', msg),
  dependentObjects: (msg: string, hint?: string) => new SqlError('2BP01', msg, { hint }),
  undefinedParameter: (name: string) =>
    new SqlError('42704', `unrecognized configuration parameter "${name}"`),
  cantChangeRuntimeParam: (name: string) =>
    new SqlError('55P02', `parameter "${name}" cannot be changed now`),
  undefinedPreparedStatement: (name: string) =>
    new SqlError('26000', `prepared statement "${name}" does not exist`),
  undefinedCursor: (name: string) => new SqlError('34000', `portal "${name}" does not exist`),
  duplicatePreparedStatement: (name: string) =>
    new SqlError('42P05', `prepared statement "${name}" already exists`),
  protocolViolation: (msg: string) => new SqlError('08P01', msg),
  tooManyRows: (msg: string) => new SqlError('21000', msg),
  ioError: (msg: string) => new SqlError('58030', msg),
  internal: (msg: string) =>
    new SqlError('XX000', `internal error: ${msg} (this is a bug in kalamdb-pg, please report it)`),
} as const;

export function isSqlError(e: unknown): e is SqlError {
  return e instanceof SqlError;
}
