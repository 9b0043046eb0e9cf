/** Values ↔ wire cells: parameters in (text or binary), result columns out (per-column format). */
import { Errors } from '../errors/sql-error.js';
import type { FieldDescription, WireCell } from '../wire/engine-port.js';
import type { OutputColumn } from '../executor/prepared-statement.js';
import { decodeBinary, encodeBinary } from '../types/binary-codec.js';
import type { ColumnType, Value } from '../types/kalam-type.js';
import { parseText, formatText } from '../types/text-codec.js';
import type { TypeContext } from '../types/type-context.js';
import { typeSize } from '../types/type-registry.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Format code of column/parameter i, per the protocol: none → text, one → all, else each. */
export function formatAt(codes: readonly number[], i: number): 0 | 1 {
  const c = codes.length === 0 ? 0 : codes.length === 1 ? codes[0]! : codes[i] ?? 0;
  if (c !== 0 && c !== 1) throw Errors.protocolViolation(`unsupported format code: ${c}`);
  return c;
}

export function decodeParams(
  types: readonly ColumnType[],
  formats: readonly number[],
  raw: ReadonlyArray<Uint8Array | null>,
  ctx: TypeContext,
): Value[] {
  if (raw.length !== types.length) {
    throw Errors.protocolViolation(
      `bind message supplies ${raw.length} parameters, but prepared statement "" requires ${types.length}`,
    );
  }
  if (formats.length > 1 && formats.length !== raw.length) {
    throw Errors.protocolViolation(`bind message has ${formats.length} parameter formats but ${raw.length} parameters`);
  }
  return raw.map((bytes, i) => {
    if (bytes === null) return null;
    const type = types[i]!;
    if (formatAt(formats, i) === 1) return decodeBinary(bytes, type);
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      throw Errors.characterNotInRepertoire('invalid byte sequence for encoding "UTF8"');
    }
    return parseText(text, type, ctx);
  });
}

export function describeFields(columns: readonly OutputColumn[], formats: readonly number[]): FieldDescription[] {
  return columns.map((c, i) => ({
    name: c.name,
    tableOid: c.tableOid,
    columnId: c.attnum,
    typeOid: c.type.oid,
    typeSize: typeSize(c.type.oid),
    typeModifier: c.type.typmod,
    format: formatAt(formats, i),
  }));
}

export type RowEncoder = (row: readonly Value[]) => WireCell[];

export function rowEncoder(columns: readonly OutputColumn[], formats: readonly number[], ctx: TypeContext): RowEncoder {
  const enc = columns.map((c, i) => {
    const type = c.type;
    return formatAt(formats, i) === 1
      ? (v: Value): WireCell => (v === null ? null : encodeBinary(v, type))
      : (v: Value): WireCell => (v === null ? null : formatText(v, type, ctx));
  });
  const n = enc.length;
  return (row) => {
    const out: WireCell[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = enc[i]!(row[i]!);
    return out;
  };
}
