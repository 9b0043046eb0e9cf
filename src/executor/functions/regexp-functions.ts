/**
 * The regexp_* functions, substring(… FROM pattern) and SIMILAR TO's pattern conversion, over
 * PostgreSQL regular expressions (pg-regex.ts). Positions are counted in characters, 1-based.
 *
 * The functions returning arrays or sets (regexp_match, regexp_matches, regexp_split_to_array,
 * regexp_split_to_table, string_to_array) answer 0A000 until arrays and set-returning functions
 * exist; their matching is already here (regexpMatchTexts, regexpSplit) for when they do.
 */
import { SqlError } from '../../errors/sql-error.js';
import { KalamDataType, type Value } from '../../types/kalam-type.js';
import { T } from '../../binder/expr/expr-types.js';
import { overload, registerFunction } from './function-registry.js';
import {
  compilePgRegex, firstMatch, matchesOf, parseRegexFlags, regexTest, type PgRegex, type RegexMatch,
} from './pg-regex.js';
import { similarToRegex } from './similar-to.js';
import { registerSetFunction, scalarSetOverload } from './set-returning.js';
import { PgArray } from '../../types/pg-array.js';

const s = (v: Value) => v as string;
const n = (v: Value) => v as number;

/** UTF-16 offset of 0-based character position `cp` (past the end when the string is shorter). */
function unitOffset(str: string, cp: number): number {
  let unit = 0;
  for (let k = 0; k < cp; k++) {
    if (unit >= str.length) return str.length + (cp - k);
    unit += (str.codePointAt(unit) ?? 0) > 0xffff ? 2 : 1;
  }
  return unit;
}

/** 0-based character position of UTF-16 offset `unit`. */
function charPosition(str: string, unit: number): number {
  let count = 0;
  for (let i = 0; i < unit; i++) {
    const c = str.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) count++;
  }
  return count;
}

function checkParam(name: string, value: number, ok: boolean): void {
  if (!ok) throw new SqlError('22023', `invalid value for parameter "${name}": ${value}`);
}

/** Flags for a function that always (or never) iterates: a 'g' from the user is refused. */
function noGlobalFlags(fn: string, flags: string) {
  const parsed = parseRegexFlags(flags);
  if (parsed.global) throw new SqlError('22023', `${fn} does not support the "global" option`);
  return parsed.flags;
}

function regex(pattern: string, flags = ''): PgRegex {
  return compilePgRegex(pattern, parseRegexFlags(flags).flags);
}

/** The text of a match or of its group `sub` (1-based), null when that group took no part. */
function matchText(str: string, m: RegexMatch, sub: number): string | null {
  if (sub === 0) return str.slice(m.start, m.end);
  const [a, b] = m.groups[sub - 1]!;
  return a < 0 ? null : str.slice(a, b);
}

/**
 * The subexpression a caller asks for, 0 meaning the whole match, or -1 past the last one. A
 * pattern without groups counts the whole match as its one subexpression, as PostgreSQL does.
 */
function subexpression(rx: PgRegex, sub: number): number {
  if (sub === 0) return 0;
  if (rx.groups === 0) return sub === 1 ? 0 : -1;
  return sub > rx.groups ? -1 : sub;
}

function nthMatch(str: string, rx: PgRegex, start: number, nth: number): RegexMatch | null {
  let k = 0;
  for (const m of matchesOf(rx, str, unitOffset(str, start - 1))) {
    if (++k === nth) return m;
  }
  return null;
}

// --- regexp_like / regexp_count / regexp_instr / regexp_substr -------------------------------

function regexpLike(a: readonly Value[]): Value {
  const flags = noGlobalFlags('regexp_like()', a.length > 2 ? s(a[2]) : '');
  return regexTest(compilePgRegex(s(a[1]), flags), s(a[0]));
}
registerFunction('regexp_like',
  overload([T.text, T.text], T.bool, regexpLike),
  overload([T.text, T.text, T.text], T.bool, regexpLike));

function regexpCount(a: readonly Value[]): Value {
  const start = a.length > 2 ? n(a[2]) : 1;
  checkParam('start', start, start > 0);
  const rx = compilePgRegex(s(a[1]), noGlobalFlags('regexp_count()', a.length > 3 ? s(a[3]) : ''));
  let count = 0;
  for (const _ of matchesOf(rx, s(a[0]), unitOffset(s(a[0]), start - 1))) count++;
  return count;
}
registerFunction('regexp_count',
  overload([T.text, T.text], T.int4, regexpCount),
  overload([T.text, T.text, T.int4], T.int4, regexpCount),
  overload([T.text, T.text, T.int4, T.text], T.int4, regexpCount));

function regexpInstr(a: readonly Value[]): Value {
  const [start, nth, endoption, sub] = [a[2] ?? 1, a[3] ?? 1, a[4] ?? 0, a[6] ?? 0].map(n) as [number, number, number, number];
  checkParam('start', start, start > 0);
  checkParam('n', nth, nth > 0);
  checkParam('endoption', endoption, endoption === 0 || endoption === 1);
  checkParam('subexpr', sub, sub >= 0);
  const str = s(a[0]);
  const rx = compilePgRegex(s(a[1]), noGlobalFlags('regexp_instr()', a.length > 5 ? s(a[5]) : ''));
  const m = nthMatch(str, rx, start, nth);
  const k = subexpression(rx, sub);
  if (m === null || k < 0) return 0;
  const [from, to] = k === 0 ? [m.start, m.end] : m.groups[k - 1]!;
  if (from < 0) return 0;
  return charPosition(str, endoption === 1 ? to : from) + 1;
}
registerFunction('regexp_instr',
  overload([T.text, T.text], T.int4, regexpInstr),
  overload([T.text, T.text, T.int4], T.int4, regexpInstr),
  overload([T.text, T.text, T.int4, T.int4], T.int4, regexpInstr),
  overload([T.text, T.text, T.int4, T.int4, T.int4], T.int4, regexpInstr),
  overload([T.text, T.text, T.int4, T.int4, T.int4, T.text], T.int4, regexpInstr),
  overload([T.text, T.text, T.int4, T.int4, T.int4, T.text, T.int4], T.int4, regexpInstr));

function regexpSubstr(a: readonly Value[]): Value {
  const [start, nth, sub] = [a[2] ?? 1, a[3] ?? 1, a[5] ?? 0].map(n) as [number, number, number];
  checkParam('start', start, start > 0);
  checkParam('n', nth, nth > 0);
  checkParam('subexpr', sub, sub >= 0);
  const str = s(a[0]);
  const rx = compilePgRegex(s(a[1]), noGlobalFlags('regexp_substr()', a.length > 4 ? s(a[4]) : ''));
  const m = nthMatch(str, rx, start, nth);
  const k = subexpression(rx, sub);
  if (m === null || k < 0) return null;
  return matchText(str, m, k);
}
registerFunction('regexp_substr',
  overload([T.text, T.text], T.text, regexpSubstr),
  overload([T.text, T.text, T.int4], T.text, regexpSubstr),
  overload([T.text, T.text, T.int4, T.int4], T.text, regexpSubstr),
  overload([T.text, T.text, T.int4, T.int4, T.text], T.text, regexpSubstr),
  overload([T.text, T.text, T.int4, T.int4, T.text, T.int4], T.text, regexpSubstr));

// --- regexp_replace ---------------------------------------------------------------------------

/** The replacement text for one match: \1–\9 its groups, \& the whole match, \\ a backslash. */
function expandReplacement(replacement: string, str: string, m: RegexMatch): string {
  if (!replacement.includes('\\')) return replacement;
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    const next = replacement[i + 1];
    if (c !== '\\' || next === undefined) { out += c; continue; }
    if (next >= '1' && next <= '9') {
      const g = Number(next);
      if (g <= m.groups.length) out += matchText(str, m, g) ?? '';
      i++;
    } else if (next === '&') {
      out += str.slice(m.start, m.end);
      i++;
    } else if (next === '\\') {
      out += '\\';
      i++;
    } else {
      out += '\\';
    }
  }
  return out;
}

/** Replaces the nth match (0 = every match) from character position `start` (1-based). */
export function regexpReplace(str: string, rx: PgRegex, replacement: string, start: number, nth: number): string {
  let out = '';
  let copied = 0;
  let k = 0;
  for (const m of matchesOf(rx, str, unitOffset(str, start - 1))) {
    k++;
    if (nth !== 0 && k < nth) continue;
    out += str.slice(copied, m.start) + expandReplacement(replacement, str, m);
    copied = m.end;
    if (nth !== 0) break;
  }
  return out + str.slice(copied);
}

function replaceWithFlags(a: readonly Value[]): Value {
  const flags = s(a[3]);
  if (/^[0-9]/.test(flags)) {
    throw new SqlError('22023', `invalid regular expression option: "${flags[0]}"`, {
      hint: 'If you meant to use regexp_replace() with a start parameter, cast the fourth argument to integer explicitly.',
    });
  }
  const parsed = parseRegexFlags(flags);
  return regexpReplace(s(a[0]), compilePgRegex(s(a[1]), parsed.flags), s(a[2]), 1, parsed.global ? 0 : 1);
}

function replaceExtended(a: readonly Value[]): Value {
  const start = n(a[3]);
  checkParam('start', start, start > 0);
  const parsed = parseRegexFlags(a.length > 5 ? s(a[5]) : '');
  let nth = parsed.global ? 0 : 1;
  if (a.length > 4) {
    nth = n(a[4]);
    checkParam('n', nth, nth >= 0);
  }
  return regexpReplace(s(a[0]), compilePgRegex(s(a[1]), parsed.flags), s(a[2]), start, nth);
}

registerFunction('regexp_replace',
  overload([T.text, T.text, T.text], T.text, (a) => regexpReplace(s(a[0]), regex(s(a[1])), s(a[2]), 1, 1)),
  overload([T.text, T.text, T.text, T.text], T.text, replaceWithFlags),
  overload([T.text, T.text, T.text, T.int4], T.text, replaceExtended),
  overload([T.text, T.text, T.text, T.int4, T.int4], T.text, replaceExtended),
  overload([T.text, T.text, T.text, T.int4, T.int4, T.text], T.text, replaceExtended));

// --- substring(… FROM pattern), SIMILAR TO --------------------------------------------------

/** substring(str FROM pattern): the first group's text if the pattern has groups, else the match. */
export function regexSubstring(str: string, rx: PgRegex): string | null {
  const m = firstMatch(rx, str);
  if (m === null) return null;
  return matchText(str, m, rx.groups > 0 ? 1 : 0);
}

registerFunction('substring',
  overload([T.text, T.text], T.text, (a) => regexSubstring(s(a[0]), regex(s(a[1])))),
  overload([T.text, T.text, T.text], T.text, (a) => regexSubstring(s(a[0]), regex(similarToRegex(s(a[1]), s(a[2]))))));
registerFunction('similar_to_escape',
  overload([T.text], T.text, (a) => similarToRegex(s(a[0]), '\\')),
  overload([T.text, T.text], T.text, (a) => similarToRegex(s(a[0]), s(a[1]))));

// --- array and set results: not yet ------------------------------------------------------------

/** regexp_match's answer: the groups' texts (or the whole match when there are none), null if none. */
export function regexpMatchTexts(str: string, pattern: string, flags: string): (string | null)[] | null {
  const rx = compilePgRegex(pattern, noGlobalFlags('regexp_match()', flags));
  const m = firstMatch(rx, str);
  if (m === null) return null;
  return rx.groups === 0 ? [str.slice(m.start, m.end)] : [...m.texts];
}

/**
 * regexp_split_to_array's pieces. Degenerate matches — empty ones at the very start or end, or
 * right after the previous match — split nothing, as in PostgreSQL.
 */
export function regexpSplit(str: string, pattern: string, flags: string): string[] {
  const rx = compilePgRegex(pattern, noGlobalFlags('regexp_split_to_array()', flags));
  const pieces: string[] = [];
  let from = 0;
  let prevEnd = 0;
  for (const m of matchesOf(rx, str, 0)) {
    if (m.start < str.length && m.end > prevEnd) {
      pieces.push(str.slice(from, m.start));
      from = m.end;
    }
    prevEnd = m.end;
  }
  pieces.push(str.slice(from));
  return pieces;
}

const TEXT_ARRAY = T.textArray;
const textArray = (items: readonly (string | null)[]): PgArray => PgArray.of(KalamDataType.TEXT, items);

/** A match as regexp_match(es) give it: the whole match when the pattern has no groups, else each group. */
function matchRow(str: string, rx: PgRegex, m: RegexMatch): PgArray {
  if (rx.groups === 0) return textArray([str.slice(m.start, m.end)]);
  return textArray(Array.from({ length: rx.groups }, (_, k) => matchText(str, m, k + 1)));
}

registerFunction('regexp_match',
  overload([T.text, T.text], TEXT_ARRAY, (a) => { const t = regexpMatchTexts(s(a[0]), s(a[1]), ''); return t && textArray(t); }),
  overload([T.text, T.text, T.text], TEXT_ARRAY, (a) => { const t = regexpMatchTexts(s(a[0]), s(a[1]), s(a[2])); return t && textArray(t); }));
registerFunction('regexp_split_to_array',
  overload([T.text, T.text], TEXT_ARRAY, (a) => textArray(regexpSplit(s(a[0]), s(a[1]), ''))),
  overload([T.text, T.text, T.text], TEXT_ARRAY, (a) => textArray(regexpSplit(s(a[0]), s(a[1]), s(a[2])))));

/** regexp_matches: one row per match — the first only, or every one with the 'g' flag. */
function regexpMatches(str: string, pattern: string, flags: string): Value[] {
  const parsed = parseRegexFlags(flags);
  const rx = compilePgRegex(pattern, parsed.flags);
  if (!parsed.global) {
    const m = firstMatch(rx, str);
    return m === null ? [] : [matchRow(str, rx, m)];
  }
  return [...matchesOf(rx, str, 0)].map((m) => matchRow(str, rx, m));
}

registerSetFunction('regexp_matches',
  scalarSetOverload([T.text, T.text], TEXT_ARRAY, (a) => regexpMatches(s(a[0]), s(a[1]), '')),
  scalarSetOverload([T.text, T.text, T.text], TEXT_ARRAY, (a) => regexpMatches(s(a[0]), s(a[1]), s(a[2]))));
registerSetFunction('regexp_split_to_table',
  scalarSetOverload([T.text, T.text], T.text, (a) => regexpSplit(s(a[0]), s(a[1]), '')),
  scalarSetOverload([T.text, T.text, T.text], T.text, (a) => regexpSplit(s(a[0]), s(a[1]), s(a[2]))));

/** string_to_table: string_to_array's elements as rows (NULL delimiter: one row per character). */
function stringPieces(a: readonly Value[]): Value[] {
  if (a[0] === null) return [];
  const str = s(a[0]);
  const delim = a[1] === null || a[1] === undefined ? null : s(a[1]);
  const pieces = str === '' ? [] : delim === null ? [...str] : delim === '' ? [str] : str.split(delim);
  const nullString = a.length > 2 && a[2] !== null ? s(a[2]) : undefined;
  return pieces.map((p) => (p === nullString ? null : p));
}
registerSetFunction('string_to_table',
  scalarSetOverload([T.text, T.text], T.text, stringPieces, { strict: false }),
  scalarSetOverload([T.text, T.text, T.text], T.text, stringPieces, { strict: false }));
