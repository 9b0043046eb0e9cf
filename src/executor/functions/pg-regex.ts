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
import { invalid, literal as literalAtom, Translator } from './are-translator.js';

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
    source = Array.from(body).map((c) => literalAtom(c, effective.insensitive)).join('');
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
