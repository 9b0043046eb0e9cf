/**
 * Three ways to count into a query string, and the conversions between them:
 *
 * - a JS index (UTF-16 code units): what `ParsedStatement.offset` and `String.slice` use;
 * - a UTF-8 byte offset: what libpg-query writes into every `location`, `stmt_location` and
 *   `stmt_len` of its JSON (it is C, it counts bytes);
 * - a PostgreSQL position (1-based, in characters = code points): what an ErrorResponse carries
 *   and psql draws its caret from.
 *
 * For ASCII text all three agree (position = index + 1), which is the common case; the loops run
 * only when the text holds something wider.
 */

const ASCII_ONLY = /^[\x00-\x7f]*$/;

export function isAscii(text: string): boolean {
  return ASCII_ONLY.test(text);
}

/** UTF-8 length of the code unit at `i` (a surrogate pair counts 4 on its high half, 0 on its low). */
function utf8Width(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdbff) return 4; // high surrogate: the whole pair
  if (code >= 0xdc00 && code <= 0xdfff) return 0; // low surrogate: already counted
  return 3;
}

/** Number of UTF-8 bytes in `text.slice(start, end)`. */
export function utf8Length(text: string, start = 0, end = text.length): number {
  let bytes = 0;
  for (let i = start; i < end; i++) bytes += utf8Width(text.charCodeAt(i));
  return bytes;
}

/** The JS index at which UTF-8 byte offset `byteOffset` of `text` falls. */
export function byteToIndex(text: string, byteOffset: number, ascii = isAscii(text)): number {
  if (ascii) return byteOffset;
  let bytes = 0;
  let i = 0;
  while (i < text.length && bytes < byteOffset) {
    bytes += utf8Width(text.charCodeAt(i));
    i++;
  }
  // Landing on a high surrogate's pair: step past the low half too.
  if (i < text.length && utf8Width(text.charCodeAt(i)) === 0) i++;
  return i;
}

/** Number of code points in `text.slice(0, index)`. */
export function codePointsBefore(text: string, index: number): number {
  let n = index;
  for (let i = 0; i < index; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) n--;
  }
  return n;
}

/** PostgreSQL's 1-based error position for the character at JS index `index`. */
export function indexToPosition(text: string, index: number): number {
  return codePointsBefore(text, index) + 1;
}

/** Inverse of indexToPosition: the JS index of 1-based code-point position `position`. */
export function positionToIndex(text: string, position: number): number {
  let cp = 1;
  let i = 0;
  while (i < text.length && cp < position) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    cp++;
  }
  return i;
}

/**
 * PostgreSQL's 1-based error position for an AST `location` (a UTF-8 byte offset into the whole
 * query string `sql`, as every location in a ParsedStatement's AST is). -1 (unknown) → undefined,
 * so the error carries no position, as PostgreSQL does.
 */
export function locationToPosition(sql: string, location: number | undefined): number | undefined {
  if (location === undefined || location < 0) return undefined;
  return indexToPosition(sql, byteToIndex(sql, location));
}

/**
 * Converts increasing UTF-8 byte offsets of one text to JS indexes in a single pass overall
 * (libpg-query's stmt_location/stmt_len come in order), instead of rescanning from 0 each time.
 */
export class Utf8Walker {
  private readonly ascii: boolean;
  private index = 0;
  private bytes = 0;

  constructor(private readonly text: string) {
    this.ascii = isAscii(text);
  }

  indexAt(byteOffset: number): number {
    if (this.ascii) return byteOffset;
    if (byteOffset < this.bytes) {
      this.index = 0;
      this.bytes = 0;
    }
    while (this.index < this.text.length && this.bytes < byteOffset) {
      this.bytes += utf8Width(this.text.charCodeAt(this.index));
      this.index++;
    }
    if (this.index < this.text.length && utf8Width(this.text.charCodeAt(this.index)) === 0) this.index++;
    return this.index;
  }
}
