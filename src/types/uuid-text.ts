/** uuid text: accepts PostgreSQL's spellings (hyphens after any 4 hex digits, braces); prints 8-4-4-4-12 lower case. */
import { Errors } from '../errors/sql-error.js';

const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function parseUuid(text: string): string {
  if (CANONICAL.test(text)) return text;
  const bad = () => Errors.invalidTextRepresentation(`invalid input syntax for type uuid: "${text}"`);
  let i = 0;
  const braced = text[0] === '{';
  if (braced) i++;
  let hex = '';
  for (let byte = 0; byte < 16; byte++) {
    const pair = text.slice(i, i + 2);
    if (!/^[0-9a-fA-F]{2}$/.test(pair)) throw bad();
    hex += pair;
    i += 2;
    if (byte % 2 === 1 && byte < 15 && text[i] === '-') i++;
  }
  if (braced) {
    if (text[i] !== '}') throw bad();
    i++;
  }
  if (i !== text.length) throw bad();
  return formatUuidHex(hex.toLowerCase());
}

export function formatUuidHex(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
