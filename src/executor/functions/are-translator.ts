/**
 * The ARE → JavaScript rewrite itself (see pg-regex.ts for the table of differences): one pass over
 * the pattern, emitting a JS source for the `u` flag, counting capture groups and noting what decides
 * whether a match may be stretched to ARE's longest one.
 */
import { SqlError } from '../../errors/sql-error.js';
import type { RegexFlags } from './pg-regex.js';

export function invalid(detail: string): SqlError {
  return new SqlError('2201B', `invalid regular expression: ${detail}`);
}

const WORD = '[A-Za-z0-9_]';
const WORD_START = `(?<!${WORD})(?=${WORD})`;
const WORD_END = `(?<=${WORD})(?!${WORD})`;

/** POSIX classes in the C locale, as the contents of a JS character class. */
const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v', blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f',
  cntrl: '\\x00-\\x1f\\x7f', ascii: '\\x00-\\x7f', print: ' -~', graph: '!-~', word: 'A-Za-z0-9_',
};

const CLASS_ESCAPES: Record<string, string> = { d: '0-9', s: ' \\t\\n\\r\\f\\v', w: 'A-Za-z0-9_' };

/** Characters with a meaning in JS patterns, escaped when they stand for themselves. */
const JS_SYNTAX = new Set([...'\\^$.*+?()[]{}|/']);
const JS_CLASS_SYNTAX = new Set([...'\\]-[^']);

function literalChar(c: string): string {
  return JS_SYNTAX.has(c) ? `\\${c}` : c;
}

/**
 * Case-blind matching is done here, not with JS's `i` flag: under LC_CTYPE C PostgreSQL folds only
 * ASCII letters ('É' !~* 'é'), while `iu` folds all of Unicode.
 */
export function literal(c: string, insensitive: boolean): string {
  if (!insensitive || !/[A-Za-z]/.test(c)) return literalChar(c);
  return `[${c.toLowerCase()}${c.toUpperCase()}]`;
}

/** The other-case counterparts of the ASCII letters in the range lo..hi, as class text. */
function otherCaseRange(lo: string, hi: string): string {
  const a = lo.codePointAt(0)!;
  const b = hi.codePointAt(0)!;
  let out = '';
  for (const [from, to, shift] of [[0x61, 0x7a, -32], [0x41, 0x5a, 32]] as const) {
    const x = Math.max(a, from);
    const y = Math.min(b, to);
    if (x <= y) out += `${String.fromCharCode(x + shift)}-${String.fromCharCode(y + shift)}`;
  }
  return out;
}

function classChar(c: string): string {
  return JS_CLASS_SYNTAX.has(c) ? `\\${c}` : c;
}

function codePointEscape(cp: number): string {
  if (!Number.isFinite(cp) || cp > 0x10ffff) throw invalid('invalid escape \\ sequence');
  return `\\u{${cp.toString(16)}}`;
}

export class Translator {
  private i = 0;
  private out = '';
  groups = 0;
  /** What decides whether JS's first-found match can be stretched to ARE's longest one. */
  alternation = false;
  lazy = false;
  endSensitive = false;
  /** No *, +, bounds or back-references: no match is longer than the pattern itself. */
  bounded = true;
  private lastQuantifier = false;
  private readonly cs: string[];

  constructor(pattern: string, private readonly flags: RegexFlags) {
    this.cs = Array.from(pattern);
  }

  private peek(k = 0): string | undefined {
    return this.cs[this.i + k];
  }

  translate(): string {
    while (this.i < this.cs.length) this.atom();
    return this.out;
  }

  private atom(): void {
    const c = this.cs[this.i++]!;
    if (this.flags.expanded && /\s/.test(c)) return;
    if (this.flags.expanded && c === '#') {
      while (this.i < this.cs.length && this.cs[this.i] !== '\n') this.i++;
      return;
    }
    const quantifierBefore = this.lastQuantifier;
    this.lastQuantifier = false;
    switch (c) {
      case '\\': this.out += this.escape(false); return;
      case '[': this.out += this.bracket(); return;
      case '.': this.out += this.flags.newlineStop ? '[^\\n]' : '[\\s\\S]'; return;
      case '^': this.out += this.flags.newlineAnchor ? '(?<![^\\n])' : '^'; return;
      case '$':
        this.endSensitive = true;
        this.out += this.flags.newlineAnchor ? '(?![^\\n])' : '$';
        return;
      case '(': this.group(); return;
      case '{': {
        const bound = this.bound();
        this.lastQuantifier = bound !== null;
        if (bound !== null) this.bounded = false;
        this.out += bound ?? '\\{';
        return;
      }
      case '}': this.out += '\\}'; return;
      case '|': this.alternation = true; this.out += c; return;
      case '*': case '+': case '?':
        if (c === '?' && quantifierBefore) this.lazy = true;
        else this.lastQuantifier = true;
        if (c !== '?') this.bounded = false;
        this.out += c;
        return;
      case ')': this.out += c; return;
      default: this.out += literal(c, this.flags.insensitive);
    }
  }

  private group(): void {
    if (this.peek() !== '?') {
      this.groups++;
      this.out += '(';
      return;
    }
    const kind = this.peek(1) === '<' ? `<${this.peek(2) ?? ''}` : this.peek(1) ?? '';
    if (![':', '=', '!', '<=', '<!'].includes(kind)) throw invalid('quantifier operand invalid');
    if (kind === '=' || kind === '!') this.endSensitive = true;
    this.i += 1 + kind.length;
    this.out += `(?${kind}`;
  }

  /** `{m}`, `{m,}`, `{m,n}` (each ≤ 255) or null when `{` is an ordinary character. */
  private bound(): string | null {
    const rest = this.cs.slice(this.i, this.i + 16).join('');
    const m = /^(\d+)(,(\d*))?\}/.exec(rest);
    if (m === null) {
      if (/^\d/.test(rest)) throw invalid('braces {} not balanced');
      return null;
    }
    const lo = Number(m[1]);
    const hi = m[3] === undefined ? lo : m[3] === '' ? Infinity : Number(m[3]);
    if (lo > 255 || (hi !== Infinity && hi > 255) || lo > hi) throw invalid('invalid repetition count(s)');
    this.i += m[0].length;
    return `{${m[0]}`;
  }

  /** A backslash escape; inside a bracket expression, class escapes give their bare ranges. */
  private escape(inClass: boolean): string {
    const c = this.cs[this.i++];
    if (c === undefined) throw invalid('invalid escape \\ sequence');
    const ch = (cp: number) => codePointEscape(cp);
    switch (c) {
      case 'd': case 's': case 'w': return inClass ? CLASS_ESCAPES[c]! : `[${CLASS_ESCAPES[c]}]`;
      case 'D': case 'S': case 'W':
        if (inClass) throw invalid('invalid escape \\ sequence');
        return `[^${CLASS_ESCAPES[c.toLowerCase()]}]`;
      case 'a': return ch(7);
      case 'b': return ch(8);
      case 'B': return '\\\\';
      case 'e': return ch(0x1b);
      case 'f': return '\\f';
      case 'n': return '\\n';
      case 'r': return '\\r';
      case 't': return '\\t';
      case 'v': return '\\v';
      case 'c': {
        const x = this.cs[this.i++];
        if (x === undefined) throw invalid('invalid escape \\ sequence');
        return ch(x.codePointAt(0)! & 0x1f);
      }
      case 'x': return ch(this.hexDigits(Infinity, 1));
      case 'u': return ch(this.hexDigits(4, 4));
      case 'U': return ch(this.hexDigits(8, 8));
      case '0': return ch(this.octalDigits());
    }
    if (!inClass) {
      switch (c) {
        case 'm': this.endSensitive = true; return WORD_START;
        case 'M': this.endSensitive = true; return WORD_END;
        case 'y': this.endSensitive = true; return `(?:${WORD_START}|${WORD_END})`;
        case 'Y': this.endSensitive = true; return `(?!${WORD_START}|${WORD_END})`;
        case 'A': return '(?<![\\s\\S])';
        case 'Z': this.endSensitive = true; return '(?![\\s\\S])';
      }
      if (c >= '1' && c <= '9') return this.backReference(c);
    }
    if (/[\p{L}\p{N}]/u.test(c)) throw invalid('invalid escape \\ sequence');
    return inClass ? classChar(c) : literalChar(c);
  }

  private hexDigits(max: number, min: number): number {
    let s = '';
    while (s.length < max && /[0-9A-Fa-f]/.test(this.peek() ?? '')) s += this.cs[this.i++];
    if (s.length < min) throw invalid('invalid escape \\ sequence');
    return parseInt(s, 16);
  }

  private octalDigits(): number {
    let s = '';
    while (s.length < 2 && /[0-7]/.test(this.peek() ?? '')) s += this.cs[this.i++];
    return s === '' ? 0 : parseInt(s, 8);
  }

  private backReference(first: string): string {
    let n = first;
    while (/\d/.test(this.peek() ?? '') && Number(n + this.peek()) <= this.groups) n += this.cs[this.i++];
    if (Number(n) > this.groups) throw invalid('invalid backreference number');
    this.bounded = false;
    return `(?:\\${n})`;
  }

  /** A bracket expression `[...]` after its `[`. */
  private bracket(): string {
    const start = this.i;
    if (this.cs.slice(start, start + 6).join('') === '[:<:]]') { this.i += 6; this.endSensitive = true; return WORD_START; }
    if (this.cs.slice(start, start + 6).join('') === '[:>:]]') { this.i += 6; this.endSensitive = true; return WORD_END; }
    let negated = false;
    if (this.peek() === '^') { negated = true; this.i++; }
    let body = '';
    let otherCases = '';
    let first = true;
    for (;;) {
      const c = this.cs[this.i++];
      if (c === undefined) throw invalid('brackets [] not balanced');
      if (c === ']' && !first) break;
      first = false;
      if (c === '[' && (this.peek() === ':' || this.peek() === '=' || this.peek() === '.')) {
        body += this.bracketTerm(this.cs[this.i++]!);
        continue;
      }
      if (c === '\\') {
        body += this.escape(true);
        continue;
      }
      if (this.peek() === '-' && this.peek(1) !== undefined && this.peek(1) !== ']') {
        this.i++;
        const end = this.cs[this.i++]!;
        if (end === '\\') {
          body += `${classChar(c)}-${this.escape(true)}`;
        } else {
          body += `${classChar(c)}-${classChar(end)}`;
          otherCases += otherCaseRange(c, end);
        }
        continue;
      }
      body += classChar(c);
      otherCases += otherCaseRange(c, c);
    }
    if (this.flags.insensitive) body += otherCases;
    if (negated && this.flags.newlineStop) body += '\\n';
    return `[${negated ? '^' : ''}${body}]`;
  }

  /** `[:name:]`, `[=c=]` or `[.c.]` after their opening `[` and delimiter. */
  private bracketTerm(delim: string): string {
    let name = '';
    for (;;) {
      const c = this.cs[this.i++];
      if (c === undefined) throw invalid('brackets [] not balanced');
      if (c === delim && this.peek() === ']') { this.i++; break; }
      name += c;
    }
    if (delim === ':') {
      // Case-blind, [[:upper:]] and [[:lower:]] both mean letters, as in PostgreSQL.
      const cls = CLASSES[this.flags.insensitive && (name === 'upper' || name === 'lower') ? 'alpha' : name];
      if (cls === undefined) throw invalid('invalid character class');
      return cls;
    }
    if (Array.from(name).length !== 1) throw invalid('invalid collating element');
    return classChar(name);
  }
}
