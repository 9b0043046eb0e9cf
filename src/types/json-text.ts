/**
 * json and jsonb text. json keeps the input text verbatim after checking its syntax; jsonb is
 * parsed and printed the way PostgreSQL stores it: numbers as numeric (`1e2` → `100`), object keys
 * sorted shorter-first then bytewise with the last duplicate winning, and one space after `:`
 * and `,` — `{"a": 1, "b": [1, 2]}`.
 */
import { SqlError } from '../errors/sql-error.js';
import { formatDec, parseDec } from './numeric-value.js';

/**
 * A parsed JSON value. `raw` is set only by parseJson (the json type): the node's exact source
 * text, which json operators return unchanged (`'{"a": [1,  2]}'::json -> 'a'` → `[1,  2]`).
 */
export type JsonNode = (
  | { readonly t: 'object'; readonly entries: ReadonlyArray<readonly [string, JsonNode]> }
  | { readonly t: 'array'; readonly items: readonly JsonNode[] }
  | { readonly t: 'string'; readonly v: string }
  | { readonly t: 'number'; readonly v: string }
  | { readonly t: 'boolean'; readonly v: boolean }
  | { readonly t: 'null' }
) & { readonly raw?: string };

function syntaxError(detail: string): SqlError {
  return new SqlError('22P02', 'invalid input syntax for type json', { detail });
}

const TOKEN_AT = /[A-Za-z0-9_+\-.]+|./y;

class JsonReader {
  private pos = 0;
  constructor(private readonly text: string, private readonly forJsonb: boolean, private readonly keepRaw = false) {}

  parseDocument(): JsonNode {
    const value = this.value('Expected JSON value, but found');
    this.skipSpace();
    if (this.pos < this.text.length) this.fail(`Expected end of input, but found "${this.token()}".`);
    return value;
  }

  private fail(detail: string): never {
    throw syntaxError(detail);
  }

  private token(): string {
    TOKEN_AT.lastIndex = this.pos;
    return TOKEN_AT.exec(this.text)?.[0] ?? '';
  }

  private skipSpace(): void {
    const s = this.text;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.pos++;
    }
  }

  private expectMore(): void {
    if (this.pos >= this.text.length) this.fail('The input string ended unexpectedly.');
  }

  private value(expected: string): JsonNode {
    this.skipSpace();
    this.expectMore();
    if (!this.keepRaw) return this.bareValue(expected);
    const start = this.pos;
    const node = this.bareValue(expected);
    return { ...node, raw: this.text.slice(start, this.pos) };
  }

  private bareValue(expected: string): JsonNode {
    const c = this.text[this.pos]!;
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return { t: 'string', v: this.string() };
    const word = this.token();
    if (c === '-' || (c >= '0' && c <= '9')) {
      if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(word)) this.fail(`Token "${word}" is invalid.`);
      this.pos += word.length;
      return { t: 'number', v: this.forJsonb ? formatDec(parseDec(word)) : word };
    }
    if (word === 'true' || word === 'false') { this.pos += word.length; return { t: 'boolean', v: word === 'true' }; }
    if (word === 'null') { this.pos += 4; return { t: 'null' }; }
    if (/^[A-Za-z0-9_]/.test(word)) this.fail(`Token "${word}" is invalid.`);
    this.fail(`${expected} "${word}".`);
  }

  private object(): JsonNode {
    this.pos++;
    const entries: Array<[string, JsonNode]> = [];
    this.skipSpace();
    this.expectMore();
    if (this.text[this.pos] === '}') { this.pos++; return { t: 'object', entries }; }
    for (;;) {
      this.skipSpace();
      this.expectMore();
      if (this.text[this.pos] !== '"') this.fail(`Expected string, but found "${this.token()}".`);
      const key = this.string();
      this.skipSpace();
      this.expectMore();
      if (this.text[this.pos] !== ':') this.fail(`Expected ":", but found "${this.token()}".`);
      this.pos++;
      entries.push([key, this.value('Expected JSON value, but found')]);
      this.skipSpace();
      this.expectMore();
      const c = this.text[this.pos++];
      if (c === '}') return { t: 'object', entries };
      if (c !== ',') { this.pos--; this.fail(`Expected "," or "}", but found "${this.token()}".`); }
    }
  }

  private array(): JsonNode {
    this.pos++;
    const items: JsonNode[] = [];
    this.skipSpace();
    this.expectMore();
    if (this.text[this.pos] === ']') { this.pos++; return { t: 'array', items }; }
    for (;;) {
      items.push(this.value('Expected array element or "]", but found'));
      this.skipSpace();
      this.expectMore();
      const c = this.text[this.pos++];
      if (c === ']') return { t: 'array', items };
      if (c !== ',') { this.pos--; this.fail(`Expected "," or "]", but found "${this.token()}".`); }
    }
  }

  private string(): string {
    const s = this.text;
    let i = this.pos + 1;
    let out = '';
    let runStart = i;
    for (;;) {
      if (i >= s.length) this.fail('The input string ended unexpectedly.');
      const c = s.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) {
        this.pos = i;
        this.fail(`Character with value 0x${c.toString(16).padStart(2, '0')} must be escaped.`);
      }
      if (c !== 0x5c) { i++; continue; }
      out += s.slice(runStart, i);
      const e = s[i + 1];
      if (e === undefined) this.fail('The input string ended unexpectedly.');
      const simple = ESCAPES[e];
      if (simple !== undefined) { out += simple; i += 2; }
      else if (e === 'u') {
        const hex = s.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('"\\u" must be followed by four hexadecimal digits.');
        const code = parseInt(hex, 16);
        if (code === 0 && this.forJsonb) {
          throw new SqlError('22P05', 'unsupported Unicode escape sequence', { detail: '\\u0000 cannot be converted to text.' });
        }
        out += String.fromCharCode(code);
        i += 6;
      } else this.fail(`Escape sequence "\\${e}" is invalid.`);
      runStart = i;
    }
    out += s.slice(runStart, i);
    this.pos = i + 1;
    return out;
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** json_in: validates and returns the text unchanged. */
export function validateJson(text: string): string {
  new JsonReader(text, false).parseDocument();
  return text;
}

/** json: the document as written, each node carrying its source text in `raw`. */
export function parseJson(text: string): JsonNode {
  return new JsonReader(text, false, true).parseDocument();
}

export function parseJsonb(text: string): JsonNode {
  return normalizeObjects(new JsonReader(text, true).parseDocument());
}

function byteCompareKeys(a: string, b: string): number {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ba.length !== bb.length ? ba.length - bb.length : Buffer.compare(ba, bb);
}

/** jsonb's object invariant: keys shorter-first then bytewise, the last duplicate winning. */
export function normalizeObjects(node: JsonNode): JsonNode {
  if (node.t === 'array') return { t: 'array', items: node.items.map(normalizeObjects) };
  if (node.t !== 'object') return node;
  const last = new Map<string, JsonNode>();
  for (const [k, v] of node.entries) last.set(k, normalizeObjects(v));
  const keys = [...last.keys()].sort(byteCompareKeys);
  return { t: 'object', entries: keys.map((k) => [k, last.get(k)!] as const) };
}

/** PostgreSQL's escape_json. */
export function quoteJsonString(s: string): string {
  let out = '"';
  let runStart = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
    out += s.slice(runStart, i);
    runStart = i + 1;
    switch (c) {
      case 0x22: out += '\\"'; break;
      case 0x5c: out += '\\\\'; break;
      case 0x08: out += '\\b'; break;
      case 0x0c: out += '\\f'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      default: out += `\\u${c.toString(16).padStart(4, '0')}`;
    }
  }
  return `${out}${s.slice(runStart)}"`;
}

export function formatJsonb(node: JsonNode): string {
  switch (node.t) {
    case 'object':
      return `{${node.entries.map(([k, v]) => `${quoteJsonString(k)}: ${formatJsonb(v)}`).join(', ')}}`;
    case 'array':
      return `[${node.items.map(formatJsonb).join(', ')}]`;
    case 'string': return quoteJsonString(node.v);
    case 'number': return node.v;
    case 'boolean': return node.v ? 'true' : 'false';
    case 'null': return 'null';
  }
}

/** jsonb_in + jsonb_out: PostgreSQL's normalised text of a JSON document. */
export function normalizeJsonb(text: string): string {
  return formatJsonb(parseJsonb(text));
}
