/**
 * PostgreSQL's regular expressions (Spencer's ARE dialect) translated into JavaScript RegExps.
 * The two dialects share most syntax; what differs is rewritten here:
 *
 *   ARE                       JavaScript (always with the `u` flag)
 *   .                         [\s\S]   (newline is an ordinary character unless 'n'/'p')
 *   [[:alpha:]] [[:digit:]]   [A-Za-z] [0-9]   (the C locale: ASCII classes only)
 *   \m \M \y \Y               word-start, word-end, word boundary lookarounds
 *   \A \Z                     start and end of the string
 *   \s \b \B                  ASCII whitespace, backspace, backslash
 *   x{3  a{,2} {              literal braces where ARE reads no bound
 *   ***= pattern, flag q      the whole pattern literal
 *   (?i) at the start         embedded options
 *
 * Invalid patterns are 2201B, as in PostgreSQL. Where an ARE prefers the longest match among
 * alternatives (`a|ab` on "ab"), JavaScript takes the first alternative that fits; matches of such
 * patterns are stretched to the longest (PgRegex.longest), except when the pattern also has lazy
 * quantifiers, lookaheads or end anchors, or the match would grow by more than 256 characters —
 * there JavaScript's choice stands.
 */
import { SqlError } from '../../errors/sql-error.js';

/** The compile-time options of PostgreSQL's regex flags (parse_re_flags). */
export interface RegexFlags {
  readonly insensitive: boolean;
  /** `.` and `[^…]` do not match a newline ('n', 'p'). */
  readonly newlineStop: boolean;
  /** `^` and `$` match at line boundaries ('n', 'w'). */
  readonly newlineAnchor: boolean;
  readonly expanded: boolean;
  readonly literal: boolean;
}

export const DEFAULT_FLAGS: RegexFlags = Object.freeze({
  insensitive: false, newlineStop: false, newlineAnchor: false, expanded: false, literal: false,
});

export interface PgRegex {
  /** Global, sticky-free, with indices: callers set lastIndex and exec. */
  readonly re: RegExp;
  /** Number of capturing groups. */
  readonly groups: number;
  /**
   * Set when the pattern has alternatives and only greedy quantifiers: ARE then takes the longest
   * match at the leftmost start ('Mr|Mrs' on "Mrs" is "Mrs"), JS the first alternative that fits.
   * Sticky and anchored at the end, it finds that longest match on a prefix of the subject.
   */
  readonly longest?: RegExp;
  /** The longest a match can be, when the pattern says (else the stretch limit applies). */
  readonly maxLength?: number;
}

function invalid(detail: string): SqlError {
  return new SqlError('2201B', `invalid regular expression: ${detail}`);
}

/**
 * The flags argument of the regexp functions. 'g' is returned apart: only some functions take it.
 * 22023 for an unknown letter, as PostgreSQL reports it.
 */
export function parseRegexFlags(text: string, base: RegexFlags = DEFAULT_FLAGS): { flags: RegexFlags; global: boolean } {
  let { insensitive, newlineStop, newlineAnchor, expanded, literal } = base;
  let global = false;
  for (const c of text) {
    switch (c) {
      case 'g': global = true; break;
      case 'c': insensitive = false; break;
      case 'i': insensitive = true; break;
      case 'm': case 'n': newlineStop = true; newlineAnchor = true; break;
      case 'p': newlineStop = true; newlineAnchor = false; break;
      case 'w': newlineStop = false; newlineAnchor = true; break;
      case 's': newlineStop = false; newlineAnchor = false; break;
      case 'q': literal = true; break;
      case 't': expanded = false; break;
      case 'x': expanded = true; break;
      case 'b': case 'e':
        throw new SqlError('0A000', `regular expression option "${c}" (basic or extended POSIX syntax) is not supported`);
      default:
        throw new SqlError('22023', `invalid regular expression option: "${c}"`);
    }
  }
  return { flags: { insensitive, newlineStop, newlineAnchor, expanded, literal }, global };
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
function literal(c: string, insensitive: boolean): string {
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

class Translator {
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

/** The embedded-options prefix `(?flags)` and the `***:`/`***=` directors. */
function directors(pattern: string, flags: RegexFlags): [string, RegexFlags] {
  if (pattern.startsWith('***=')) return [pattern.slice(4), { ...flags, literal: true }];
  if (pattern.startsWith('***:')) pattern = pattern.slice(4);
  const m = /^\(\?([^)]*)\)/.exec(pattern);
  if (m !== null && !flags.literal && /^[a-z]*$/.test(m[1]!)) {
    if (/[^bceimnpqstwx]/.test(m[1]!)) throw invalid('invalid embedded option');
    return [pattern.slice(m[0].length), parseRegexFlags(m[1]!, flags).flags];
  }
  return [pattern, flags];
}

function jsError(e: unknown): SqlError {
  const msg = (e as Error).message;
  if (/Unterminated group|Unmatched '\)'|unmatched/i.test(msg)) return invalid('parentheses () not balanced');
  if (/Nothing to repeat|Incomplete quantifier/i.test(msg)) return invalid('quantifier operand invalid');
  if (/Range out of order/i.test(msg)) return invalid('invalid character range');
  return invalid(msg.replace(/^Invalid regular expression: /, ''));
}

const CACHE = new Map<string, PgRegex>();
const CACHE_LIMIT = 256;

/** Compiles (and caches) a PostgreSQL regular expression; 2201B when it is invalid. */
export function compilePgRegex(pattern: string, flags: RegexFlags = DEFAULT_FLAGS): PgRegex {
  const key = `${Number(flags.insensitive)}${Number(flags.newlineStop)}${Number(flags.newlineAnchor)}${Number(flags.expanded)}${Number(flags.literal)}${pattern}`;
  const hit = CACHE.get(key);
  if (hit !== undefined) return hit;
  const [body, effective] = directors(pattern, flags);
  let source: string;
  let groups = 0;
  let stretch = false;
  let maxLength: number | undefined;
  if (effective.literal) {
    source = Array.from(body).map((c) => literal(c, effective.insensitive)).join('');
  } else {
    const t = new Translator(body, effective);
    source = t.translate();
    groups = t.groups;
    stretch = t.alternation && !t.lazy && !t.endSensitive;
    if (t.bounded) maxLength = 2 * Array.from(body).length;
  }
  let re: RegExp;
  try {
    re = new RegExp(source, 'dgu');
  } catch (e) {
    throw jsError(e);
  }
  const compiled: PgRegex = stretch ? { re, groups, longest: new RegExp(`(?:${source})$`, 'dyu'), maxLength } : { re, groups };
  if (CACHE.size >= CACHE_LIMIT) CACHE.delete(CACHE.keys().next().value!);
  CACHE.set(key, compiled);
  return compiled;
}

/** One match: UTF-16 offsets of the whole match and of each group (-1 when a group did not take part). */
export interface RegexMatch {
  readonly start: number;
  readonly end: number;
  readonly groups: ReadonlyArray<readonly [number, number]>;
  readonly texts: ReadonlyArray<string | null>;
}

function toMatch(m: RegExpExecArray, groups: number): RegexMatch {
  const indices = m.indices!;
  const gs: [number, number][] = [];
  const texts: (string | null)[] = [];
  for (let g = 1; g <= groups; g++) {
    const ix = indices[g];
    gs.push(ix === undefined ? [-1, -1] : [ix[0], ix[1]]);
    texts.push(m[g] ?? null);
  }
  return { start: m.index, end: m.index + m[0].length, groups: gs, texts };
}

/**
 * The matches from UTF-16 offset `from`, the way PostgreSQL iterates them for 'g': the next
 * search starts at the previous match's end, one character further after an empty match.
 */
export function* matchesOf(rx: PgRegex, s: string, from = 0, global = true): Generator<RegexMatch> {
  const re = rx.re;
  let pos = from;
  while (pos <= s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (m === null) return;
    const match = toMatch(rx.longest ? stretchMatch(rx, s, m) : m, rx.groups);
    yield match;
    if (!global) return;
    pos = match.end;
    if (match.start === match.end) pos += (s.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
  }
}

/** Candidate ends tried when stretching a match of unbounded length; past that, JS's match stands. */
const STRETCH_LIMIT = 256;

/** The longest match starting where `m` starts (see PgRegex.longest). */
function stretchMatch(rx: PgRegex, s: string, m: RegExpExecArray): RegExpExecArray {
  const longest = rx.longest!;
  const start = m.index;
  const end = start + m[0].length;
  const reach = rx.maxLength === undefined ? end + STRETCH_LIMIT : start + rx.maxLength;
  for (let e = Math.min(s.length, reach); e > end; e--) {
    const c = s.charCodeAt(e);
    if (c >= 0xdc00 && c <= 0xdfff) continue; // never split a surrogate pair
    longest.lastIndex = start;
    const found = longest.exec(s.slice(0, e));
    if (found !== null) return found;
  }
  return m;
}

export function firstMatch(rx: PgRegex, s: string, from = 0): RegexMatch | null {
  for (const m of matchesOf(rx, s, from, false)) return m;
  return null;
}

export function regexTest(rx: PgRegex, s: string): boolean {
  rx.re.lastIndex = 0;
  return rx.re.test(s);
}
