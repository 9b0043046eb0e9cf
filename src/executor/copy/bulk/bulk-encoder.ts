/**
 * The bulk load's parsing half (copy-worker.ts runs it on a worker thread): COPY text or CSV
 * data in, slices of encoded rows out — each row's RocksDB key and stored value, written
 * straight into two buffers per slice with `_seq` left 0 for the main thread to stamp.
 *
 * It gives exactly what the row-at-a-time path gives (copy-from.ts textFeed → insertRows): the
 * same records, the types' own input functions, the same errors with the same CONTEXT. Two ways
 * in, chosen per piece of data:
 *
 *   fast    the piece has no quote, CR or NUL (and is valid UTF-8): each line is split at the
 *           delimiter on its bytes, and each field read by bulk-fields.ts from its bytes
 *   general anything else: the text goes through the record reader (copy-records.ts), as long
 *           as the reader holds part of a record
 */
import { isUtf8 } from 'node:buffer';
import type { TableDefinition } from '../../../catalog/table-definition.js';
import { SqlError } from '../../../errors/sql-error.js';
import { ByteWriter } from '../../../storage/byte-writer.js';
import { encodeKeyValue } from '../../../storage/keycode.js';
import { appendCell, appendRowHeader } from '../../../storage/row-codec.js';
import { KalamDataType, type Value } from '../../../types/kalam-type.js';
import { parseText } from '../../../types/text-codec.js';
import type { TypeContext } from '../../../types/type-context.js';
import { checkNotNull, duplicateKey } from '../../dml/row-checks.js';
import { tableAccess, type TableAccess } from '../../table-access.js';
import type { CopyOptions } from '../copy-options.js';
import { recordReader, type CopyRecord, type RecordReader } from '../copy-records.js';
import { checkFieldCount, parseField } from '../copy-fields.js';
import { compareBytes, planFor, sameBytes, writeInt64LE, writeKeyInt64, writeKeyText, writeTextPayload, type ColumnPlan } from './bulk-fields.js';

/** What the worker needs to know, as plain data (it crosses threads by structured clone). */
export interface BulkSpec {
  readonly table: TableDefinition;
  readonly targets: readonly number[];
  readonly options: CopyOptions;
  readonly partition: string | null;
  readonly typeContext: {
    readonly timeZone: string;
    readonly dateStyle: string;
    readonly intervalStyle?: string;
    readonly extraFloatDigits?: number;
    /** The transaction's start (µs since 1970) for 'now', 'today', … */
    readonly nowMicros: bigint;
  };
}

/** Rows `i` of a slice: key `keys[keyEnds[i-1] .. keyEnds[i])`, value likewise, from `lines[i]`. */
export interface EncodedSlice {
  readonly count: number;
  readonly keys: Uint8Array;
  readonly keyEnds: Uint32Array;
  readonly values: Uint8Array;
  readonly valueEnds: Uint32Array;
  readonly lines: Uint32Array;
  /**
   * Every key is above the one before it, the first above every key of the slices before: no
   * key of this slice can be a duplicate. When false, the main thread looks its keys up among
   * the rows already written (duplicates inside the slice are found here).
   */
  readonly rising: boolean;
}

export const SLICE_ROWS = 8192;

const EMPTY = Buffer.alloc(0);
/** A text column's value in the fast path: the field's bytes (`starts[i]`, `ends[i]`) are the value. */
const BYTES = Symbol('field bytes');
type Cell = Value | number | typeof BYTES;

export class BulkEncoder {
  private readonly access: TableAccess;
  private readonly ctx: TypeContext;
  private readonly reader: RecordReader;
  private readonly plans: (ColumnPlan | null)[];
  /** Table position → target index, -1 when COPY leaves the column NULL. */
  private readonly targetOf: number[];
  private readonly prefix: Buffer;
  private readonly csv: boolean;
  private readonly delimiter: number;
  private readonly quote: number;
  private readonly nullBytes: Buffer;
  // The row being encoded: per table column its cell, and in the fast path its field's bytes.
  private readonly cells: Cell[];
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly fieldStarts: Int32Array;
  private readonly fieldEnds: Int32Array;
  /** Bytes not yet read: part of a line (fast path) or of a character (general path). */
  private tail: Buffer = EMPTY;
  /** Lines the fast path read (the reader is told before it reads again). */
  private line = 0;
  private slice = new SliceWriter();
  /** The largest key of the slices before this one (a copy). */
  private maxKey: Buffer | null = null;
  /** The largest key of this slice so far, as offsets into its key buffer (-1: none yet). */
  private maxStart = -1;
  private maxEnd = -1;
  /** This slice's keys, once one of them did not rise. */
  private seenInSlice: Set<string> | null = null;
  private rising = true;
  private out: EncodedSlice[] = [];

  constructor(private readonly spec: BulkSpec) {
    const { table, targets, options, typeContext: t } = spec;
    this.access = tableAccess(table);
    this.ctx = { timeZone: t.timeZone, dateStyle: t.dateStyle, intervalStyle: t.intervalStyle, extraFloatDigits: t.extraFloatDigits, now: () => t.nowMicros };
    this.reader = recordReader(options, table.name);
    this.targetOf = table.columns.map((_, i) => targets.indexOf(i));
    this.plans = table.columns.map((c, i) => (this.targetOf[i]! < 0 ? null : planFor(c)));
    this.prefix = this.access.partitionPrefix(spec.partition);
    this.csv = options.format === 'csv';
    this.delimiter = options.delimiter.charCodeAt(0);
    this.quote = options.quote.charCodeAt(0);
    this.nullBytes = Buffer.from(options.null, 'utf8');
    this.cells = new Array<Cell>(table.columns.length).fill(null);
    this.starts = new Int32Array(table.columns.length);
    this.ends = new Int32Array(table.columns.length);
    this.fieldStarts = new Int32Array(targets.length);
    this.fieldEnds = new Int32Array(targets.length);
  }

  /** The slices `chunk` completes. */
  push(chunk: Uint8Array): EncodedSlice[] {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.read(this.tail.length > 0 ? Buffer.concat([this.tail, bytes]) : bytes, false);
    return this.take();
  }

  /** The data ended: the last records, and the last (partial) slice. */
  finish(): EncodedSlice[] {
    this.read(this.tail, true);
    if (this.slice.count > 0) this.out.push(this.cut());
    return this.take();
  }

  private take(): EncodedSlice[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  private read(buf: Buffer, final: boolean): void {
    this.tail = EMPTY;
    if (this.reader.ended) return;
    const lastNl = buf.lastIndexOf(10);
    if (lastNl < 0 && !final && !this.reader.pending) {
      this.tail = Buffer.from(buf); // not even one line yet
      return;
    }
    const fast = !this.reader.pending && lastNl >= 0 && buf.indexOf(13) < 0 && buf.indexOf(0) < 0 &&
      (!this.csv || buf.indexOf(this.quote) < 0) && isUtf8(buf.subarray(0, lastNl + 1));
    if (!fast) return this.readGeneral(buf, final);
    let pos = 0;
    while (pos <= lastNl) {
      const nl = this.fastLine(buf, pos);
      if (nl < 0) return this.readGeneral(buf.subarray(pos), final);
      pos = nl + 1;
    }
    if (pos < buf.length) {
      if (final) this.readGeneral(buf.subarray(pos), true);
      else this.tail = Buffer.from(buf.subarray(pos));
    } else if (final) this.readGeneral(EMPTY, true);
  }

  /** The record reader's way, from `buf` on (its text checked as UTF-8). */
  private readGeneral(buf: Buffer, final: boolean): void {
    this.reader.lineCount = this.line;
    let end = buf.length;
    if (!final) {
      // A character cut by the end of the piece waits for the rest of it.
      let i = end - 1;
      while (i >= 0 && end - i <= 3 && (buf[i]! & 0xc0) === 0x80) i--;
      if (i >= 0 && buf[i]! >= 0xc0 && end - i < (buf[i]! >= 0xf0 ? 4 : buf[i]! >= 0xe0 ? 3 : 2)) end = i;
      if (end < buf.length) this.tail = Buffer.from(buf.subarray(end));
    }
    const piece = buf.subarray(0, end);
    if (!isUtf8(piece)) throw new SqlError('22021', 'invalid byte sequence for encoding "UTF8"');
    const records = this.reader.push(piece.toString('utf8'));
    if (final && !this.reader.ended) records.push(...this.reader.end());
    for (const rec of records) this.generalRow(rec);
    this.line = this.reader.lineCount;
  }

  /**
   * The line at `s` by the fast path: returns the index of its newline, or -1 (nothing read) when
   * the general path must read it. A newline follows `s` somewhere in `b`.
   */
  private fastLine(b: Buffer, s: number): number {
    if (b[s] === 10 || (b[s] === 92 && b[s + 1] === 46 && b[s + 2] === 10)) return -1; // empty line, or the \. end marker
    if (this.spec.options.header && this.line === 0) {
      this.line = 1;
      return b.indexOf(10, s);
    }
    const e = this.split(b, s);
    if (e < 0) return -1;
    this.line++;
    const cols = this.spec.table.columns;
    const cells = this.cells;
    for (let i = 0; i < cols.length; i++) {
      const k = this.targetOf[i]!;
      if (k < 0) {
        cells[i] = null;
        continue;
      }
      const fs = this.fieldStarts[k]!;
      const fe = this.fieldEnds[k]!;
      if (fe - fs === this.nullBytes.length && sameBytes(b, fs, this.nullBytes, 0, fe - fs)) {
        cells[i] = null;
        if (!cols[i]!.nullable) this.notNull(this.fastRecord(b, s, e));
        continue;
      }
      const plan = this.plans[i]!;
      if (plan.kind === 'text') {
        cells[i] = BYTES;
        this.starts[i] = fs;
        this.ends[i] = fe;
        continue;
      }
      const fast = plan.read === null ? null : plan.read(b, fs, fe);
      cells[i] = fast !== null ? fast : this.parse(plan, b.toString('utf8', fs, fe), this.line);
    }
    this.writeRow(b, this.line, () => this.fastRecord(b, s, e));
    return e;
  }

  /**
   * Splits the line at `s` at the delimiter into fieldStarts/fieldEnds; returns the index of its
   * newline, or -1 when the fields are not as many as COPY's columns (the reader raises that
   * error) or, in text format, a backslash escape needs undoing.
   */
  private split(b: Buffer, s: number): number {
    const d = this.delimiter;
    const text = !this.csv;
    const starts = this.fieldStarts;
    const ends = this.fieldEnds;
    const max = starts.length;
    let n = 0;
    let from = s;
    let i = s;
    for (;; i++) {
      const c = b[i]!;
      if (c === d || c === 10) {
        if (n === max) return -1;
        starts[n] = from;
        ends[n] = i;
        n++;
        from = i + 1;
        if (c === 10) break;
      } else if (c === 92 && text) {
        // Only a field that is exactly the NULL text may hold a backslash here.
        let j = i;
        while (b[j] !== d && b[j] !== 10) j++;
        if (j - from !== this.nullBytes.length || !sameBytes(b, from, this.nullBytes, 0, j - from)) return -1;
        i = j - 1;
      }
    }
    return n === max ? i : -1;
  }

  /** The fast path's line as the reader would have given it (for an error's CONTEXT and DETAIL). */
  private fastRecord(b: Buffer, s: number, e: number): CopyRecord {
    const fields: (string | null)[] = [];
    for (let k = 0; k < this.spec.targets.length; k++) {
      const fs = this.fieldStarts[k]!, fe = this.fieldEnds[k]!;
      const isNull = fe - fs === this.nullBytes.length && sameBytes(b, fs, this.nullBytes, 0, fe - fs);
      fields.push(isNull ? null : b.toString('utf8', fs, fe));
    }
    return { fields, raw: b.toString('utf8', s, e), line: this.line };
  }

  private generalRow(rec: CopyRecord): void {
    const { table, targets } = this.spec;
    checkFieldCount(table, targets, rec);
    const cols = table.columns;
    const cells = this.cells;
    for (let i = 0; i < cols.length; i++) {
      const k = this.targetOf[i]!;
      const text = k < 0 ? null : rec.fields[k]!;
      if (text === null) {
        cells[i] = null;
        if (!cols[i]!.nullable) this.notNull(rec);
        continue;
      }
      const plan = this.plans[i]!;
      if (plan.kind === 'text' && !text.includes('\0')) {
        cells[i] = text;
        continue;
      }
      const bytes = plan.read === null ? null : Buffer.from(text, 'latin1'); // digits and signs only: one byte each
      const fast = bytes === null ? null : plan.read!(bytes, 0, bytes.length);
      cells[i] = fast !== null ? fast : this.parse(plan, text, rec.line);
    }
    this.writeRow(EMPTY, rec.line, () => rec);
  }

  private parse(plan: ColumnPlan, text: string, line: number): Value {
    return parseField(this.spec.table, plan.column, text, line, this.ctx);
  }

  /** The key and the stored value of the row in `cells` (text bytes, if any, in `b`). */
  private writeRow(b: Buffer, line: number, record: () => CopyRecord): void {
    const { table } = this.spec;
    const cols = table.columns;
    const cells = this.cells;
    const w = this.slice;
    const kw = w.keys;
    const keyStart = kw.pos;
    kw.bytes(this.prefix);
    for (const p of this.access.pkPositions) {
      const v = cells[p]!;
      if (v === BYTES) writeKeyText(kw, b, this.starts[p]!, this.ends[p]!);
      else if (typeof v === 'number' && this.plans[p]!.kind === 'int64') writeKeyInt64(kw, v);
      else encodeKeyValue(kw, v, cols[p]!.type.kalam);
    }
    this.checkKey(keyStart, line, record);
    const vw = w.values;
    appendRowHeader(vw, { seq: 0n, deleted: false, schemaVersion: table.schemaVersion }, cols.length);
    for (let i = 0; i < cols.length; i++) {
      const v = cells[i]!;
      const c = cols[i]!;
      if (v === BYTES) {
        vw.varint(c.ordinal);
        vw.byte(KalamDataType.TEXT);
        writeTextPayload(vw, b, this.starts[i]!, this.ends[i]!);
      } else if (typeof v === 'number' && this.plans[i]?.kind === 'int64') {
        vw.varint(c.ordinal);
        vw.byte(c.type.kalam);
        writeInt64LE(vw, v);
      } else appendCell(vw, c.ordinal, c.type.kalam, v);
    }
    w.endRow(line);
    if (w.count >= SLICE_ROWS) this.out.push(this.cut());
  }

  private cut(): EncodedSlice {
    if (this.maxStart >= 0) this.maxKey = Buffer.from(this.slice.keys.buf.subarray(this.maxStart, this.maxEnd));
    this.maxStart = this.maxEnd = -1;
    const s = this.slice.finish(this.rising);
    this.slice = new SliceWriter();
    this.rising = true;
    this.seenInSlice = null;
    return s;
  }

  /** Rising keys need no look-up; otherwise this slice's keys are remembered to find a repeat. */
  private checkKey(keyStart: number, line: number, record: () => CopyRecord): void {
    const kw = this.slice.keys;
    const end = kw.pos;
    const above = this.maxStart >= 0
      ? compareBytes(kw.buf, keyStart, end, kw.buf, this.maxStart, this.maxEnd) > 0
      : this.maxKey === null || compareBytes(kw.buf, keyStart, end, this.maxKey, 0, this.maxKey.length) > 0;
    if (above) {
      this.maxStart = keyStart;
      this.maxEnd = end;
      if (this.rising) return;
    } else if (this.seenInSlice === null) {
      this.rising = false;
      this.seenInSlice = new Set(this.slice.keyIds());
    }
    const id = kw.buf.toString('latin1', keyStart, end);
    if (this.seenInSlice!.has(id)) {
      const e = duplicateKey(this.spec.table, this.access, this.rowValues(record()), this.ctx);
      e.where = `COPY ${this.spec.table.name}, line ${line}`;
      throw e;
    }
    this.seenInSlice!.add(id);
  }

  /** A record as a row of Values (for an error's DETAIL): every field through parseText. */
  private rowValues(rec: CopyRecord): Value[] {
    const row: Value[] = new Array(this.access.width).fill(null);
    this.spec.table.columns.forEach((c, i) => {
      const k = this.targetOf[i]!;
      const text = k < 0 ? null : rec.fields[k]!;
      if (text !== null) row[i] = parseText(text, c.type, this.ctx);
    });
    return row;
  }

  private notNull(rec: CopyRecord): never {
    const table = this.spec.table;
    try {
      checkNotNull(table, this.rowValues(rec), this.ctx);
    } catch (e) {
      if (e instanceof SqlError) e.where = `COPY ${table.name}, line ${rec.line}`;
      throw e;
    }
    throw new Error('unreachable: a NULL in a NOT NULL column passed the check');
  }
}

/** The two buffers of one slice, and where each row ends. */
class SliceWriter {
  readonly keys = new ByteWriter(64 * 1024);
  readonly values = new ByteWriter(512 * 1024);
  private keyEnds: number[] = [];
  private valueEnds: number[] = [];
  private lines: number[] = [];

  get count(): number {
    return this.lines.length;
  }

  endRow(line: number): void {
    this.keyEnds.push(this.keys.pos);
    this.valueEnds.push(this.values.pos);
    this.lines.push(line);
  }

  keyIds(): string[] {
    const ids: string[] = [];
    let start = 0;
    for (const end of this.keyEnds) {
      ids.push(this.keys.buf.toString('latin1', start, end));
      start = end;
    }
    return ids;
  }

  finish(rising: boolean): EncodedSlice {
    // Own copies, so the worker can hand the buffers over (transfer) without sharing a pool.
    return {
      count: this.lines.length,
      keys: new Uint8Array(this.keys.buf.subarray(0, this.keys.pos)),
      keyEnds: Uint32Array.from(this.keyEnds),
      values: new Uint8Array(this.values.buf.subarray(0, this.values.pos)),
      valueEnds: Uint32Array.from(this.valueEnds),
      lines: Uint32Array.from(this.lines),
      rising,
    };
  }
}
