/**
 * COPY FROM's input, split into records of fields as PostgreSQL splits it (copyfromparse.c):
 *
 *   text  one line a record; fields split at the delimiter; `\N` (or NULL '…') compared before
 *         backslash escapes (\b \f \n \r \t \v, \digits octal, \xHH, \<any> itself) are undone
 *   csv   quoted fields may hold delimiters, quotes (doubled, or ESCAPE then quote) and newlines;
 *         only an unquoted field equal to the NULL text is NULL
 *
 * A line holding just `\.` ends the data. Text arrives in pieces (CopyData messages split
 * anywhere): what does not yet make a whole record waits for the next piece.
 */
import { SqlError } from '../../errors/sql-error.js';
import type { CopyOptions } from './copy-options.js';

export interface CopyRecord {
  readonly fields: (string | null)[];
  /** The record as it came (without its newline): what a CONTEXT line quotes. */
  readonly raw: string;
  /** 1-based line of the input where the record starts (the header is line 1 when there is one). */
  readonly line: number;
}

export interface RecordReader {
  /** The whole records `text` completes. */
  push(text: string): CopyRecord[];
  /** The records left at the end of the data (a last line without its newline). */
  end(): CopyRecord[];
  /** The `\.` end marker was read: anything after it is ignored. */
  readonly ended: boolean;
  /** Input lines read so far; a reader that skips lines itself (a bulk COPY's fast path) sets it. */
  lineCount: number;
  /** Part of a record is waiting for the next piece. */
  readonly pending: boolean;
}

/** `table` names the CONTEXT of a malformed record: `COPY t, line 3: "…"`. */
export function recordReader(o: CopyOptions, table: string): RecordReader {
  return o.format === 'csv' ? new CsvReader(o, table) : new TextReader(o);
}

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

function isOctal(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '7';
}

function isHex(c: string | undefined): boolean {
  return c !== undefined && /[0-9a-fA-F]/.test(c);
}

/** A text-format field's value: its backslash escapes undone. */
function unescape(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== '\\' || i + 1 >= raw.length) {
      out += c;
      continue;
    }
    const n = raw[++i]!;
    if (isOctal(n)) {
      let v = n.charCodeAt(0) - 48;
      for (let k = 0; k < 2 && isOctal(raw[i + 1]); k++) v = v * 8 + raw.charCodeAt(++i) - 48;
      out += String.fromCharCode(v & 0xff);
    } else if (n === 'x' && isHex(raw[i + 1])) {
      let h = raw[++i]!;
      if (isHex(raw[i + 1])) h += raw[++i]!;
      out += String.fromCharCode(parseInt(h, 16));
    } else out += ESCAPES[n] ?? n;
  }
  return out;
}

/** What both readers keep between pieces: the unfinished record's text and the line count. */
abstract class PieceReader {
  protected rest = '';
  protected line = 0;
  ended = false;

  get lineCount(): number {
    return this.line;
  }

  set lineCount(n: number) {
    this.line = n;
  }

  get pending(): boolean {
    return this.rest !== '';
  }
}

class TextReader extends PieceReader implements RecordReader {
  constructor(private readonly o: CopyOptions) {
    super();
  }

  push(text: string): CopyRecord[] {
    const data = this.rest + text;
    const out: CopyRecord[] = [];
    let start = 0;
    while (!this.ended) {
      const nl = data.indexOf('\n', start);
      if (nl < 0) break;
      this.take(data.slice(start, data.charCodeAt(nl - 1) === 13 && nl > start ? nl - 1 : nl), out);
      start = nl + 1;
    }
    this.rest = this.ended ? '' : data.slice(start);
    return out;
  }

  end(): CopyRecord[] {
    const out: CopyRecord[] = [];
    if (!this.ended && this.rest !== '') this.take(this.rest.endsWith('\r') ? this.rest.slice(0, -1) : this.rest, out);
    this.rest = '';
    return out;
  }

  private take(line: string, out: CopyRecord[]): void {
    this.line++;
    if (line === '\\.') {
      this.ended = true;
      return;
    }
    if (this.o.header && this.line === 1) return;
    out.push({ fields: this.split(line), raw: line, line: this.line });
  }

  private split(line: string): (string | null)[] {
    const { delimiter, null: nullText } = this.o;
    const fields: (string | null)[] = [];
    if (!line.includes('\\')) {
      for (const raw of line.split(delimiter)) fields.push(raw === nullText ? null : raw);
      return fields;
    }
    let start = 0;
    for (let i = 0; i <= line.length; i++) {
      const c = line[i];
      if (c === '\\') {
        i++;
        continue;
      }
      if (c === delimiter || i === line.length) {
        const raw = line.slice(start, i);
        fields.push(raw === nullText ? null : unescape(raw));
        start = i + 1;
      }
    }
    return fields;
  }
}

class CsvReader extends PieceReader implements RecordReader {
  constructor(private readonly o: CopyOptions, private readonly table: string) {
    super();
  }

  push(text: string): CopyRecord[] {
    return this.scan(this.rest + text, false);
  }

  end(): CopyRecord[] {
    return this.scan(this.rest, true);
  }

  private scan(data: string, final: boolean): CopyRecord[] {
    const out: CopyRecord[] = [];
    let pos = 0;
    const { delimiter, quote, null: nullText } = this.o;
    while (!this.ended && pos < data.length) {
      // Most records are one line without quotes: split it at the delimiter. Anything else
      // (a quote, a CR, the end marker, the header, the data's last line) takes record().
      const nl = data.indexOf('\n', pos);
      if (nl > pos && !(this.o.header && this.line === 0)) {
        const line = data.slice(pos, nl);
        if (!line.includes(quote) && line.charCodeAt(line.length - 1) !== 13 && !line.startsWith('\\.')) {
          const fields: (string | null)[] = line.split(delimiter);
          for (let i = 0; i < fields.length; i++) if (fields[i] === nullText) fields[i] = null;
          this.line++;
          out.push({ fields, raw: line, line: this.line });
          pos = nl + 1;
          continue;
        }
      }
      const r = this.record(data, pos, final);
      if (r === null) break;
      const at = pos;
      pos = r.next;
      this.line += r.lines;
      if (r.endMarker) {
        this.ended = true;
        break;
      }
      if (this.o.header && this.line === r.lines) continue;
      out.push({ fields: r.fields, raw: data.slice(at, r.end), line: this.line - r.lines + 1 });
    }
    this.rest = this.ended ? '' : data.slice(pos);
    return out;
  }

  /** One record from `pos`, or null when the data so far ends inside it. */
  private record(data: string, pos: number, final: boolean): { fields: (string | null)[]; end: number; next: number; lines: number; endMarker: boolean } | null {
    const { delimiter, quote, escape, null: nullText } = this.o;
    const fields: (string | null)[] = [];
    let lines = 1;
    if (data.startsWith('\\.', pos)) {
      const after = data[pos + 2];
      if (after === '\n' || after === '\r' || (after === undefined && final)) return { fields, end: pos, next: data.length, lines, endMarker: true };
      if (after === undefined) return null;
    }
    let i = pos;
    for (;;) {
      // One field from i.
      let value = '';
      let quoted = false;
      let start = i;
      for (;;) {
        if (i >= data.length) {
          if (!final) return null;
          value += data.slice(start, i);
          fields.push(!quoted && value === nullText ? null : value);
          return { fields, end: i, next: i, lines, endMarker: false };
        }
        const c = data[i]!;
        if (c === quote) {
          value += data.slice(start, i);
          quoted = true;
          i++;
          // Inside quotes until the closing quote.
          let s = i;
          for (;;) {
            if (i >= data.length) {
              if (!final) return null;
              throw new SqlError('22P04', 'unterminated CSV quoted field', { where: `COPY ${this.table}, line ${this.line + 1}: "${data.slice(pos)}"` });
            }
            const q = data[i]!;
            if (q === escape && (data[i + 1] === quote || (escape !== quote && data[i + 1] === escape))) {
              value += data.slice(s, i) + data[i + 1]!;
              i += 2;
              s = i;
              continue;
            }
            if (q === escape && i + 1 >= data.length && !final) return null;
            if (q === quote) {
              value += data.slice(s, i);
              i++;
              break;
            }
            if (q === '\n') lines++;
            i++;
          }
          start = i;
          continue;
        }
        if (c === delimiter) {
          value += data.slice(start, i);
          fields.push(!quoted && value === nullText ? null : value);
          i++;
          break;
        }
        if (c === '\n' || c === '\r') {
          if (c === '\r' && i + 1 >= data.length && !final) return null;
          value += data.slice(start, i);
          fields.push(!quoted && value === nullText ? null : value);
          const next = c === '\r' && data[i + 1] === '\n' ? i + 2 : i + 1;
          return { fields, end: i, next, lines, endMarker: false };
        }
        i++;
      }
    }
  }
}
