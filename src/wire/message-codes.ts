/**
 * The type byte of every protocol v3 message, with its letter. Frontend and backend reuse letters
 * for different messages ('D' is Describe one way and DataRow the other), hence two enums.
 */

/** Messages a client sends (after the startup packet, which has no type byte). */
export const enum FrontendCode {
  Bind = 0x42, // B
  Close = 0x43, // C
  CopyData = 0x64, // d
  CopyDone = 0x63, // c
  CopyFail = 0x66, // f
  Describe = 0x44, // D
  Execute = 0x45, // E
  Flush = 0x48, // H
  FunctionCall = 0x46, // F
  Parse = 0x50, // P
  /** PasswordMessage, SASLInitialResponse, SASLResponse, GSSResponse: told apart by context. */
  Password = 0x70, // p
  Query = 0x51, // Q
  Sync = 0x53, // S
  Terminate = 0x58, // X
}

/** Messages the server sends. */
export const enum BackendCode {
  Authentication = 0x52, // R
  BackendKeyData = 0x4b, // K
  BindComplete = 0x32, // 2
  CloseComplete = 0x33, // 3
  CommandComplete = 0x43, // C
  CopyData = 0x64, // d
  CopyDone = 0x63, // c
  CopyInResponse = 0x47, // G
  CopyOutResponse = 0x48, // H
  DataRow = 0x44, // D
  EmptyQueryResponse = 0x49, // I
  ErrorResponse = 0x45, // E
  NegotiateProtocolVersion = 0x76, // v
  NoData = 0x6e, // n
  NoticeResponse = 0x4e, // N
  NotificationResponse = 0x41, // A
  ParameterDescription = 0x74, // t
  ParameterStatus = 0x53, // S
  ParseComplete = 0x31, // 1
  PortalSuspended = 0x73, // s
  ReadyForQuery = 0x5a, // Z
  RowDescription = 0x54, // T
}

/** The int32 after the length in a startup-phase packet (no type byte). */
export const enum StartupCode {
  /** 3.0 = 196608: major in the high 16 bits, minor in the low. */
  ProtocolV3 = 0x00030000,
  CancelRequest = 80877102, // 1234.5678
  SSLRequest = 80877103, // 1234.5679
  GSSENCRequest = 80877104, // 1234.5680
}

/** AuthenticationXXX sub-codes (the int32 after 'R'). */
export const enum AuthCode {
  Ok = 0,
  CleartextPassword = 3,
  MD5Password = 5,
  SASL = 10,
  SASLContinue = 11,
  SASLFinal = 12,
}

/** PostgreSQL's limits (src/include/libpq/libpq.h, postmaster.c, auth.c). */
export const MAX_STARTUP_PACKET_LENGTH = 10000;
/** PQ_LARGE_MESSAGE_LIMIT (MaxAllocSize - 1, just under 1 GiB): Query, Parse, Bind, FunctionCall, CopyData. */
export const LARGE_MESSAGE_LIMIT = 0x3ffffffe;
/** PQ_SMALL_MESSAGE_LIMIT: every other message. */
export const SMALL_MESSAGE_LIMIT = 10000;
/** PG_MAX_AUTH_TOKEN_LENGTH: password and SASL messages. */
export const AUTH_MESSAGE_LIMIT = 65535;
