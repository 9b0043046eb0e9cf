/**
 * PostgreSQL's binary COPY format (copyfromparse.c / copyto.c):
 *
 *   header   "PGCOPY\n\377\r\n\0" | int32 flags (bit 16: OIDs, refused; bits 17–31 critical) |
 *            int32 header-extension length | extension (skipped)
 *   tuple    int16 field count | per field: int32 length (-1: NULL) | the type's send bytes
 *   trailer  int16 -1
 *
 * All integers big-endian. Data ending at a tuple boundary without the trailer is accepted, as
 * PostgreSQL does; anything after the trailer is an error. A "line" in an error's CONTEXT is the
 * tuple's number.
 */
import { SqlError } from '../../errors/sql-error.js';
import { encodeBinary } from '../../types/binary-codec.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const OIDS_FLAG = 1 << 16;

/** Signature, flags 0, no header extension. */
export function binaryHeader(): Buffer {
  const out = Buffer.alloc(SIGNATURE.length + 8);
  SIGNATURE.copy(out);
  return out;
}

export function binaryTrailer(): Buffer {
  return Buffer.from([0xff, 0xff]);
}

/** One tuple of values of `types`, NULL as length -1. */
export function binaryTuple(values: readonly Value[], types: readonly ColumnType[]): Buffer {
  const fields = types.map((t, i) => (values[i] === null ? null : encodeBinary(values[i]!, t)));
  let size = 2;
  for (const f of fields) size += 4 + (f ? f.length : 0);
  const out = Buffer.allocUnsafe(size);
  out.writeInt16BE(fields.length, 0);
  let off = 2;
  for (const f of fields) {
    out.writeInt32BE(f ? f.length : -1, off);
    off += 4;
    if (f) {
      out.set(f, off);
      off += f.length;
    }
  }
  return out;
}

export interface BinaryTuple {
  /** Each field's bytes, null for NULL. */
  readonly fields: (Uint8Array | null)[];
  /** 1-based tuple number. */
  readonly line: number;
}

const EMPTY = Buffer.alloc(0);

/** Reads tuples out of CopyData payloads split anywhere. */
export class BinaryTupleReader {
  private data: Buffer = EMPTY;
  private headerDone = false;
  private line = 0;
  /** The trailer was read. */
  ended = false;

  /** `columns`: the names COPY reads, for the CONTEXT of an error inside a field. */
  constructor(private readonly table: string, private readonly columns: readonly string[]) {}

  /** The whole tuples the data so far completes. */
  push(chunk: Uint8Array): BinaryTuple[] {
    if (this.ended) {
      if (chunk.length > 0) throw this.bad('received copy data after EOF marker', this.line);
      return [];
    }
    this.data = this.data.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length) : Buffer.concat([this.data, chunk]);
    return this.scan(false);
  }

  /** At CopyDone: what is left must be nothing, or a tuple boundary short of a whole int16. */
  end(): BinaryTuple[] {
    return this.ended ? [] : this.scan(true);
  }

  /** line 0: the header, which PostgreSQL reads before it names a line. */
  private bad(message: string, line: number, field?: number): SqlError {
    if (line === 0) return new SqlError('22P04', message);
    const column = field === undefined ? '' : `, column ${this.columns[field]}`;
    return new SqlError('22P04', message, { where: `COPY ${this.table}, line ${line}${column}` });
  }

  private scan(final: boolean): BinaryTuple[] {
    const d = this.data;
    let pos = 0;
    if (!this.headerDone) {
      const end = this.header(d, final);
      if (end < 0) return [];
      pos = end;
      this.headerDone = true;
    }
    const out: BinaryTuple[] = [];
    while (!this.ended) {
      const line = this.line + 1;
      if (d.length - pos < 2) {
        // PostgreSQL takes a stream ending here (even mid-int16) as the end of the data.
        if (final) this.ended = true;
        break;
      }
      const count = d.readInt16BE(pos);
      if (count === -1) {
        this.line = line;
        this.ended = true;
        if (d.length > pos + 2) throw this.bad('received copy data after EOF marker', line);
        pos += 2;
        break;
      }
      if (count !== this.columns.length) throw this.bad(`row field count is ${count}, expected ${this.columns.length}`, line);
      const fields: (Uint8Array | null)[] = new Array(count);
      let p = pos + 2;
      let cut = -1; // the field the data ends in
      for (let i = 0; i < count; i++) {
        if (d.length - p < 4) { cut = i; break; }
        const size = d.readInt32BE(p);
        p += 4;
        if (size === -1) { fields[i] = null; continue; }
        if (size < 0) throw this.bad('invalid field size', line, i);
        if (d.length - p < size) { cut = i; break; }
        fields[i] = d.subarray(p, p + size);
        p += size;
      }
      if (cut >= 0) {
        if (final) throw this.bad('unexpected EOF in COPY data', line, cut);
        break;
      }
      this.line = line;
      out.push({ fields, line });
      pos = p;
    }
    // A copy: the payload may be a view of the connection's read buffer, reused for what comes next.
    this.data = this.ended || pos >= d.length ? EMPTY : Buffer.from(d.subarray(pos));
    return out;
  }

  /** The header's end, or -1 when more data is needed. */
  private header(d: Buffer, final: boolean): number {
    const need = (n: number, message: string): boolean => {
      if (d.length >= n) return true;
      if (final) throw this.bad(message, 0);
      return false;
    };
    if (!need(SIGNATURE.length, 'COPY file signature not recognized')) return -1;
    if (!d.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw this.bad('COPY file signature not recognized', 0);
    if (!need(SIGNATURE.length + 4, 'invalid COPY file header (missing flags)')) return -1;
    const flags = d.readInt32BE(SIGNATURE.length);
    if (flags & OIDS_FLAG) throw this.bad('invalid COPY file header (WITH OIDS)', 0);
    if ((flags & ~OIDS_FLAG) >>> 16 !== 0) throw this.bad('unrecognized critical flags in COPY file header', 0);
    if (!need(SIGNATURE.length + 8, 'invalid COPY file header (missing length)')) return -1;
    const extension = d.readInt32BE(SIGNATURE.length + 4);
    if (extension < 0) throw this.bad('invalid COPY file header (missing length)', 0);
    if (!need(SIGNATURE.length + 8 + extension, 'invalid COPY file header (wrong length)')) return -1;
    return SIGNATURE.length + 8 + extension;
  }
}
