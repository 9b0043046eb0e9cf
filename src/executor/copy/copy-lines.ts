/**
 * COPY TO's output lines, as PostgreSQL writes them (CopyAttributeOutText / …CSV): each value in
 * its text form; text format escapes backslash, control characters and the delimiter, CSV quotes
 * a value holding the delimiter, the quote, a newline, or the NULL text (or always, FORCE_QUOTE).
 */
import type { CopyOptions } from './copy-options.js';

const TEXT_ESCAPES: Record<string, string> = {
  '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v',
};

function textField(v: string, delimiter: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    const esc = TEXT_ESCAPES[c] ?? (c === delimiter ? `\\${c}` : undefined);
    if (esc === undefined) continue;
    out += v.slice(start, i) + esc;
    start = i + 1;
  }
  return start === 0 ? v : out + v.slice(start);
}

function csvField(v: string, o: CopyOptions, force: boolean): string {
  const needs = force || v === o.null || v === '\\.' || v.includes(o.delimiter) || v.includes(o.quote)
    || v.includes('\n') || v.includes('\r') || (o.escape !== o.quote && v.includes(o.escape));
  if (!needs) return v;
  let out = o.quote;
  for (const c of v) out += c === o.quote || c === o.escape ? o.escape + c : c;
  return out + o.quote;
}

/** A function from one row's text values (null for NULL) to its line, newline included. */
export function lineWriter(o: CopyOptions, columnNames: readonly string[]): (values: readonly (string | null)[]) => string {
  if (o.format === 'text') {
    return (values) => values.map((v) => (v === null ? o.null : textField(v, o.delimiter))).join(o.delimiter) + '\n';
  }
  const forced = columnNames.map((n) => o.forceQuote === 'all' || (Array.isArray(o.forceQuote) && o.forceQuote.includes(n)));
  return (values) => values.map((v, i) => (v === null ? o.null : csvField(v, o, forced[i]!))).join(o.delimiter) + '\n';
}

/** The header line: the column names, written as values are. */
export function headerLine(o: CopyOptions, columnNames: readonly string[]): string {
  if (o.format === 'text') return columnNames.map((n) => textField(n, o.delimiter)).join(o.delimiter) + '\n';
  return columnNames.map((n) => csvField(n, o, false)).join(o.delimiter) + '\n';
}
