/**
 * The text form of arrays: PostgreSQL's array_in and array_out.
 *
 *   {1,2,3}   {{1,2},{3,4}}   [0:2]={7,8,9}   {"a b","c,d","e\"f",NULL,"NULL"}   {}
 *
 * Output quotes an element that is empty, spells NULL in any case, or holds a brace, quote, comma,
 * backslash or white space; quotes and backslashes inside are escaped with a backslash. Input
 * accepts the same, trims white space around unquoted elements, and reads an unquoted NULL as
 * SQL NULL. Bad input is 22P02 "malformed array literal" with PostgreSQL's detail.
 */
import { SqlError } from '../errors/sql-error.js';
import type { KalamDataType, Value } from './kalam-type.js';
import { MAX_ARRAY_DIMS, PgArray } from './pg-array.js';

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';
}

function needsQuotes(s: string): boolean {
  if (s === '' || s.toLowerCase() === 'null') return true;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '{' || c === '}' || c === '"' || c === ',' || c === '\\' || isSpace(c)) return true;
  }
  return false;
}

function quoteElement(s: string): string {
  if (!needsQuotes(s)) return s;
  return `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** array_out: `format` is the element type's output function. */
export function formatArrayText(a: PgArray, format: (v: Exclude<Value, null>) => string): string {
  if (a.ndims === 0) return '{}';
  let prefix = '';
  if (a.lbounds.some((lb) => lb !== 1)) {
    prefix = a.dims.map((d, i) => `[${a.lbounds[i]}:${a.lbounds[i]! + d - 1}]`).join('') + '=';
  }
  let pos = 0;
  const items = a.items;
  const level = (dim: number): string => {
    const n = a.dims[dim]!;
    const parts = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      if (dim + 1 < a.ndims) parts[i] = level(dim + 1);
      else {
        const v = items[pos++]!;
        parts[i] = v === null ? 'NULL' : quoteElement(format(v));
      }
    }
    return `{${parts.join(',')}}`;
  };
  return prefix + level(0);
}

function malformed(text: string, detail: string): SqlError {
  return new SqlError('22P02', `malformed array literal: "${text}"`, { detail });
}

export function tooManyDimensions(n: number): SqlError {
  return new SqlError('54000', `number of array dimensions (${n}) exceeds the maximum allowed (${MAX_ARRAY_DIMS})`);
}

/** A parsed level: either elements (strings, null for NULL) or sub-levels. */
type Level = { readonly kind: 'items'; readonly items: (string | null)[] } | { readonly kind: 'levels'; readonly levels: Level[] };

class ArrayTextParser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(detail: string): never {
    throw malformed(this.text, detail);
  }

  skipSpace(): void {
    while (isSpace(this.text[this.pos])) this.pos++;
  }

  int(): number {
    const m = /^[+-]?\d+/.exec(this.text.slice(this.pos));
    if (m === null) this.fail('"[" must introduce explicitly-specified array dimensions.');
    this.pos += m[0].length;
    return Number(m[0]);
  }

  /** `[lb:ub][lb:ub]=` → [lbound, length] per dimension. */
  dimensions(): [number, number][] {
    const out: [number, number][] = [];
    while (this.text[this.pos] === '[') {
      this.pos++;
      this.skipSpace();
      let lb = 1;
      let ub = this.int();
      this.skipSpace();
      if (this.text[this.pos] === ':') {
        this.pos++;
        this.skipSpace();
        lb = ub;
        ub = this.int();
        this.skipSpace();
      }
      if (this.text[this.pos] !== ']') this.fail('Missing "]" after array dimensions.');
      this.pos++;
      if (ub < lb) {
        throw new SqlError('2202E', 'upper bound cannot be less than lower bound');
      }
      out.push([lb, ub - lb + 1]);
      if (out.length > MAX_ARRAY_DIMS) throw tooManyDimensions(out.length);
      this.skipSpace();
    }
    if (this.text[this.pos] !== '=') this.fail('Missing "=" after array dimensions.');
    this.pos++;
    this.skipSpace();
    return out;
  }

  /** At '{': one level, up to and including its '}'. */
  level(depth: number): Level {
    if (depth > MAX_ARRAY_DIMS) throw tooManyDimensions(depth);
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { kind: 'items', items: [] };
    }
    const items: (string | null)[] = [];
    const levels: Level[] = [];
    for (;;) {
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === undefined) this.fail('Unexpected end of input.');
      if (c === '{') {
        if (items.length > 0) this.fail('Unexpected "{" character.');
        levels.push(this.level(depth + 1));
      } else {
        if (levels.length > 0) this.fail('Unexpected array element.');
        items.push(this.element());
      }
      this.skipSpace();
      const d = this.text[this.pos];
      if (d === undefined) this.fail('Unexpected end of input.');
      this.pos++;
      if (d === '}') break;
      if (d !== ',') this.fail(`Unexpected "${d}" character.`);
    }
    return levels.length > 0 ? { kind: 'levels', levels } : { kind: 'items', items };
  }

  /** One element: quoted or not, with backslash escapes; an unquoted NULL is null. */
  element(): string | null {
    const t = this.text;
    if (t[this.pos] === '"') {
      this.pos++;
      let s = '';
      for (;;) {
        const c = t[this.pos++];
        if (c === undefined) this.fail('Unexpected end of input.');
        if (c === '"') return s;
        if (c === '\\') {
          const n = t[this.pos++];
          if (n === undefined) this.fail('Unexpected end of input.');
          s += n;
        } else s += c;
      }
    }
    let s = '';
    let escaped = false;
    let keep = 0; // length of s up to its last escaped or non-space character
    for (;;) {
      const c = t[this.pos];
      if (c === undefined) this.fail('Unexpected end of input.');
      if (c === ',' || c === '}') break;
      if (c === '{' || c === '"') this.fail(`Unexpected "${c}" character.`);
      this.pos++;
      if (c === '\\') {
        const n = t[this.pos++];
        if (n === undefined) this.fail('Unexpected end of input.');
        s += n;
        escaped = true;
        keep = s.length;
      } else {
        s += c;
        if (!isSpace(c)) keep = s.length;
      }
    }
    s = s.slice(0, keep);
    if (s === '') this.fail('Unexpected "' + (t[this.pos] ?? '') + '" character.');
    return !escaped && s.toLowerCase() === 'null' ? null : s;
  }
}

/** Checks that every level at one depth has the same length; returns dims and the flat elements. */
function rectangular(root: Level, fail: (detail: string) => never): { dims: number[]; items: (string | null)[] } {
  const dims: number[] = [];
  const items: (string | null)[] = [];
  let leafDepth = -1;
  const walk = (l: Level, depth: number): void => {
    const n = l.kind === 'items' ? l.items.length : l.levels.length;
    if (depth === dims.length) dims.push(n);
    else if (dims[depth] !== n) fail('Multidimensional arrays must have sub-arrays with matching dimensions.');
    if (l.kind === 'items') {
      if (leafDepth === -1) leafDepth = depth;
      else if (leafDepth !== depth) fail('Multidimensional arrays must have sub-arrays with matching dimensions.');
      items.push(...l.items);
    } else {
      for (const sub of l.levels) walk(sub, depth + 1);
    }
  };
  walk(root, 0);
  return { dims, items };
}

/** array_in: `parse` is the element type's input function. */
export function parseArrayText(text: string, elemKalam: KalamDataType, parse: (s: string) => Value): PgArray {
  const p = new ArrayTextParser(text);
  p.skipSpace();
  let given: [number, number][] | null = null;
  if (text[p.pos] === '[') given = p.dimensions();
  if (text[p.pos] !== '{') {
    p.fail(given === null ? 'Array value must start with "{" or dimension information.'
      : 'Array contents must start with "{".');
  }
  const root = p.level(1);
  p.skipSpace();
  if (p.pos < text.length) p.fail('Junk after closing right brace.');
  const { dims, items } = rectangular(root, (d) => p.fail(d));
  const values = items.map((s) => (s === null ? null : parse(s)));
  if (items.length === 0) {
    if (given !== null && given.length > 0 && given.some(([, n]) => n !== 0)) {
      p.fail('Specified array dimensions do not match array contents.');
    }
    return new PgArray(elemKalam, [], [], []);
  }
  if (given !== null) {
    if (given.length !== dims.length || given.some(([, n], i) => n !== dims[i])) {
      p.fail('Specified array dimensions do not match array contents.');
    }
    return new PgArray(elemKalam, values, dims, given.map(([lb]) => lb));
  }
  return new PgArray(elemKalam, values, dims, dims.map(() => 1));
}
