/**
 * The template patterns of to_char/to_date/to_timestamp (PostgreSQL's formatting.c): a template
 * is read into keyword nodes (with their FM/TM/FX prefixes and TH/th suffix) and literal text
 * ("quoted", backslash-escaped or any other character). Keywords match case-insensitively; the
 * case they were written in decides the case of names ('Month', 'MONTH', 'month').
 */
export const KEYWORDS = [
  'a.d.', 'a.m.', 'ad', 'am', 'b.c.', 'bc', 'cc', 'day', 'ddd', 'dd', 'dy', 'd', 'ff1', 'ff2', 'ff3', 'ff4', 'ff5',
  'ff6', 'hh24', 'hh12', 'hh', 'iddd', 'id', 'iw', 'iyyy', 'iyy', 'iy', 'i', 'j', 'mi', 'mm', 'month', 'mon', 'ms',
  'of', 'p.m.', 'pm', 'q', 'rm', 'sssss', 'ssss', 'ss', 'tzh', 'tzm', 'tz', 'us', 'ww', 'w', 'y,yyy', 'yyyy', 'yyy',
  'yy', 'y',
] as const;

export type Keyword = (typeof KEYWORDS)[number];

const BY_LENGTH = [...KEYWORDS].sort((a, b) => b.length - a.length);

export type Casing = 'upper' | 'capital' | 'lower';

export type TemplateNode =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'field'; readonly key: Keyword; readonly casing: Casing; readonly fm: boolean; readonly th: 'TH' | 'th' | null };

function casingOf(written: string): Casing {
  const letters = written.replace(/[^a-zA-Z]/g, '');
  if (letters[0] === letters[0]?.toLowerCase()) return 'lower';
  if (letters.length > 1 && letters[1] === letters[1]!.toLowerCase()) return 'capital';
  return 'upper';
}

const CACHE = new Map<string, readonly TemplateNode[]>();

export function parseTemplate(template: string): readonly TemplateNode[] {
  const hit = CACHE.get(template);
  if (hit !== undefined) return hit;
  const nodes: TemplateNode[] = [];
  let i = 0;
  let fm = false;
  const literal = (text: string) => {
    const last = nodes[nodes.length - 1];
    if (last?.kind === 'literal') nodes[nodes.length - 1] = { kind: 'literal', text: last.text + text };
    else nodes.push({ kind: 'literal', text });
  };
  while (i < template.length) {
    const rest = template.slice(i);
    const lower = rest.toLowerCase();
    if (lower.startsWith('fm')) { fm = true; i += 2; continue; }
    if (lower.startsWith('tm') || lower.startsWith('fx')) { i += 2; continue; }
    const key = BY_LENGTH.find((k) => lower.startsWith(k));
    if (key !== undefined) {
      const written = rest.slice(0, key.length);
      i += key.length;
      let th: 'TH' | 'th' | null = null;
      const suffix = template.slice(i, i + 2);
      if (suffix === 'TH' || suffix === 'th') { th = suffix; i += 2; }
      nodes.push({ kind: 'field', key, casing: casingOf(written), fm, th });
      fm = false;
      continue;
    }
    fm = false;
    if (rest[0] === '"') {
      let text = '';
      let j = 1;
      while (j < rest.length && rest[j] !== '"') {
        if (rest[j] === '\\' && j + 1 < rest.length) j++;
        text += rest[j];
        j++;
      }
      literal(text);
      i += j + 1;
      continue;
    }
    if (rest[0] === '\\' && rest.length > 1) { literal(rest[1]!); i += 2; continue; }
    literal(rest[0]!);
    i += 1;
  }
  if (CACHE.size > 500) CACHE.clear();
  CACHE.set(template, nodes);
  return nodes;
}

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];
export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const ROMAN_MONTHS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

export function applyCasing(text: string, casing: Casing): string {
  if (casing === 'upper') return text.toUpperCase();
  if (casing === 'lower') return text.toLowerCase();
  return text[0]!.toUpperCase() + text.slice(1).toLowerCase();
}
