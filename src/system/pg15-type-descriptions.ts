/**
 * The comments PostgreSQL 15.18 ships on the built-in types we have (pg_description rows of
 * pg_type objects: `\dT+`, DBeaver's type list and obj_description read them). Captured from
 * PostgreSQL with `SELECT objoid, description FROM pg_description WHERE classoid = 'pg_type'::regclass`;
 * never edit by hand.
 */
export const PG15_TYPE_DESCRIPTIONS: ReadonlyMap<number, string> = new Map([
  [16, "boolean, 'true'/'false'"],
  [17, 'variable-length string, binary values escaped'],
  [18, 'single character'],
  [19, '63-byte type for storing system identifiers'],
  [20, '~18 digit integer, 8-byte storage'],
  [21, '-32 thousand to 32 thousand, 2-byte storage'],
  [22, 'array of int2, used in system tables'],
  [23, '-2 billion to 2 billion integer, 4-byte storage'],
  [24, 'registered procedure'],
  [25, 'variable-length string, no limit specified'],
  [26, 'object identifier(oid), maximum 4 billion'],
  [28, 'transaction id'],
  [30, 'array of oids, used in system tables'],
  [114, 'JSON stored as text'],
  [194, 'string representing an internal node tree'],
  [700, 'single-precision floating point number, 4-byte storage'],
  [701, 'double-precision floating point number, 8-byte storage'],
  [705, 'pseudo-type representing an undetermined type'],
  [1033, 'access control list'],
  [1042, 'char(length), blank-padded string, fixed storage length'],
  [1043, 'varchar(length), non-blank-padded string, variable storage length'],
  [1082, 'date'],
  [1083, 'time of day'],
  [1114, 'date and time'],
  [1184, 'date and time with time zone'],
  [1186, '@ <number> <units>, time interval'],
  [1700, 'numeric(precision, decimal), arbitrary precision number'],
  [2202, 'registered procedure (with args)'],
  [2205, 'registered class'],
  [2206, 'registered type'],
  [2277, 'pseudo-type representing a polymorphic array type'],
  [2950, 'UUID datatype'],
  [3220, 'PostgreSQL LSN datatype'],
  [3802, 'Binary JSON'],
  [4089, 'registered namespace'],
  [4096, 'registered role'],
]);
