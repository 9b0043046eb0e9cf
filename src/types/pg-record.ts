/**
 * A row value (PostgreSQL's anonymous `record`): the fields of one composite result, in order.
 * Its field names and types are not in the value but in its ColumnType's `fields`.
 *
 *   information_schema._pg_expandarray('{7,9}'::int[])   → (7,1) (9,2)     fields x int4, n int4
 *
 * Text and binary forms are record_out's and record_send's (rowtypes.c). There is no input form:
 * PostgreSQL rejects `'(1,2)'::record` too ("input of anonymous composite types is not implemented").
 */
import { Errors } from '../errors/sql-error.js';
import type { ColumnType, RecordField, Value } from './kalam-type.js';

export class PgRecord {
  constructor(readonly values: readonly Value[]) {}
}

/** A field written plainly unless it is empty or holds a quote, backslash, parenthesis, comma or space. */
const NEEDS_QUOTES = /["\\(),\s]/;

/** record_out: `(1,"a b",)` — a NULL field is nothing between its commas. */
export function formatRecordText(r: PgRecord, type: ColumnType, formatField: (v: Exclude<Value, null>, t: ColumnType) => string): string {
  const fields = fieldsOf(type);
  const parts = r.values.map((v, i) => {
    if (v === null) return '';
    const text = formatField(v, fields[i]!.type);
    if (text !== '' && !NEEDS_QUOTES.test(text)) return text;
    return `"${text.replace(/["\\]/g, (c) => c + c)}"`;
  });
  return `(${parts.join(',')})`;
}

/** record_send: the field count, then each field's type OID and length-prefixed binary form (-1: NULL). */
export function encodeRecordBinary(r: PgRecord, type: ColumnType, encodeField: (v: Exclude<Value, null>, t: ColumnType) => Uint8Array): Uint8Array {
  const fields = fieldsOf(type);
  const encoded = r.values.map((v, i) => (v === null ? null : encodeField(v, fields[i]!.type)));
  const out = new Uint8Array(4 + encoded.reduce((n, e) => n + 8 + (e?.length ?? 0), 0));
  const view = new DataView(out.buffer);
  view.setInt32(0, encoded.length);
  let at = 4;
  encoded.forEach((e, i) => {
    view.setUint32(at, fields[i]!.type.oid);
    view.setInt32(at + 4, e === null ? -1 : e.length);
    at += 8;
    if (e) {
      out.set(e, at);
      at += e.length;
    }
  });
  return out;
}

/** Ordering rows needs each field's comparison, which the value does not carry. */
export function recordsNotComparable(): never {
  throw Errors.featureNotSupported('comparing record values is not supported yet');
}

export function recordInputNotSupported(): never {
  throw Errors.featureNotSupported('input of anonymous composite types is not implemented');
}

function fieldsOf(type: ColumnType): readonly RecordField[] {
  if (!type.fields) throw Errors.internal('a record value without its field types');
  return type.fields;
}
