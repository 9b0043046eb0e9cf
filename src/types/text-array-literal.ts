/**
 * Reading a text[] value. Until the engine has array values, a text[] argument (a jsonb path
 * `'{a,b}'`, the keys of `?|`) arrives as its array literal text and is parsed here with array_in's
 * rules; a value that already is an array of strings is taken as it is.
 *
 *   '{addr,city}'       → items ['addr', 'city'], dims [2]
 *   '{"a b", NULL}'     → items ['a b', null],    dims [2]
 *   '{{a,1},{b,2}}'     → items ['a','1','b','2'], dims [2, 2]
 *   '{}'                → items [],               dims []
 */
import { Errors, SqlError } from '../errors/sql-error.js';
import { PgArray } from './pg-array.js';

export interface TextArray {
  /** Elements in storage (row-major) order. */
  readonly items: readonly (string | null)[];
  /** Length of each dimension; [] for an empty array. */
  readonly dims: readonly number[];
}

function malformed(text: string, detail: string): SqlError {
  return new SqlError('22P02', `malformed array literal: "${text}"`, { detail });
}

const SPACE = /\s/;

class LiteralReader {
  private i = 0;
  readonly items: (string | null)[] = [];
  constructor(private readonly text: string) {}

  private skip(): void {
    while (this.i < this.text.length && SPACE.test(this.text[this.i]!)) this.i++;
  }

  read(): TextArray {
    this.skip();
    if (this.text[this.i] !== '{') throw malformed(this.text, 'Array value must start with "{" or dimension information.');
    const dims = this.level();
    this.skip();
    if (this.i < this.text.length) throw malformed(this.text, 'Junk after closing right brace.');
    return { items: this.items, dims: this.items.length === 0 ? [] : dims };
  }

  /** One `{…}` level starting at '{': the dimensions below and including it. */
  private level(): number[] {
    this.i++;
    this.skip();
    if (this.text[this.i] === '}') { this.i++; return [0]; }
    let count = 0;
    let inner: number[] | null = null;
    for (;;) {
      this.skip();
      if (this.i >= this.text.length) throw malformed(this.text, 'Unexpected end of input.');
      if (this.text[this.i] === '{') {
        const d = this.level();
        if (inner !== null && inner.join() !== d.join()) {
          throw malformed(this.text, 'Multidimensional arrays must have sub-arrays with matching dimensions.');
        }
        if (inner === null && count > 0) throw malformed(this.text, 'Unexpected "{" character.');
        inner = d;
        this.skip();
      } else {
        if (inner !== null) throw malformed(this.text, 'Unexpected array element.');
        this.element();
      }
      count++;
      const c = this.text[this.i++];
      if (c === '}') return inner === null ? [count] : [count, ...inner];
      if (c !== ',') throw malformed(this.text, c === undefined ? 'Unexpected end of input.' : `Unexpected "${c}" character.`);
    }
  }

  private element(): void {
    const text = this.text;
    let value = '';
    let quoted = false;
    let sawAny = false;
    let trailingSpace = 0;
    while (this.i < text.length) {
      const c = text[this.i]!;
      if (c === '"') {
        quoted = true; sawAny = true; this.i++;
        while (this.i < text.length && text[this.i] !== '"') {
          if (text[this.i] === '\\') this.i++;
          if (this.i < text.length) value += text[this.i++];
        }
        if (this.i >= text.length) throw malformed(text, 'Unexpected end of input.');
        this.i++;
        trailingSpace = 0;
        continue;
      }
      if (c === ',' || c === '}') break;
      if (c === '{') throw malformed(text, 'Unexpected "{" character.');
      if (c === '\\') {
        this.i++;
        if (this.i < text.length) value += text[this.i++];
        sawAny = true; trailingSpace = 0;
        continue;
      }
      if (SPACE.test(c)) { if (sawAny) { value += c; trailingSpace++; } this.i++; continue; }
      value += c; sawAny = true; trailingSpace = 0; this.i++;
    }
    if (this.i >= text.length) throw malformed(text, 'Unexpected end of input.');
    if (!sawAny) throw malformed(text, `Unexpected "${text[this.i]}" character.`);
    if (trailingSpace > 0) value = value.slice(0, value.length - trailingSpace);
    this.items.push(!quoted && value.toUpperCase() === 'NULL' ? null : value);
  }
}

/** PostgreSQL's array_in for a text[] literal. */
export function parseTextArrayLiteral(text: string): TextArray {
  return new LiteralReader(text).read();
}

/** A text[] argument: its literal text, or a (possibly nested) array value of the engine. */
export function readTextArray(v: unknown): TextArray {
  if (typeof v === 'string') return parseTextArrayLiteral(v);
  if (v instanceof PgArray) return { items: v.items.map((x) => (x === null ? null : String(x))), dims: [...v.dims] };
  if (Array.isArray(v)) {
    const items: (string | null)[] = [];
    const dims: number[] = [];
    const walk = (a: unknown[], depth: number): void => {
      if (dims.length <= depth) dims.push(a.length);
      for (const x of a) {
        if (Array.isArray(x)) walk(x, depth + 1);
        else items.push(x === null || x === undefined ? null : String(x));
      }
    };
    walk(v, 0);
    return { items, dims: items.length === 0 ? [] : dims };
  }
  throw Errors.featureNotSupported('this text[] value is not supported yet');
}

/** The elements of a text[] argument in storage order, whatever its dimensions (as paths read them). */
export function textArrayItems(v: unknown): readonly (string | null)[] {
  return readTextArray(v).items;
}
