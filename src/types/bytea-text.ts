/** bytea text: output is always hex ('\x0a0b', bytea_output = hex); input takes hex or escape format. */
import { Errors } from '../errors/sql-error.js';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function formatBytea(bytes: Uint8Array): string {
  let out = '\\x';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

function hexValue(c: string): number {
  const v = parseInt(c, 16);
  if (Number.isNaN(v)) throw Errors.invalidParameterValue(`invalid hexadecimal digit: "${c}"`);
  return v;
}

function decodeHex(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length - 2) / 2));
  let n = 0;
  for (let i = 2; i < text.length;) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    const hi = hexValue(c);
    if (i + 1 >= text.length) throw Errors.invalidParameterValue('invalid hexadecimal data: odd number of digits');
    const lo = hexValue(text[i + 1]!);
    out[n++] = (hi << 4) | lo;
    i += 2;
  }
  return out.subarray(0, n);
}

function decodeEscape(text: string): Uint8Array {
  const raw = Buffer.from(text, 'utf8');
  const out = new Uint8Array(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length;) {
    const b = raw[i]!;
    if (b !== 0x5c) { out[n++] = b; i++; continue; }
    const next = raw[i + 1];
    if (next === 0x5c) { out[n++] = 0x5c; i += 2; continue; }
    const d1 = next, d2 = raw[i + 2], d3 = raw[i + 3];
    if (d1 !== undefined && d2 !== undefined && d3 !== undefined && d1 >= 0x30 && d1 <= 0x33 &&
      d2 >= 0x30 && d2 <= 0x37 && d3 >= 0x30 && d3 <= 0x37) {
      out[n++] = ((d1 - 0x30) << 6) | ((d2 - 0x30) << 3) | (d3 - 0x30);
      i += 4;
      continue;
    }
    throw Errors.invalidTextRepresentation('invalid input syntax for type bytea');
  }
  return out.slice(0, n);
}

export function parseBytea(text: string): Uint8Array {
  return text.startsWith('\\x') ? decodeHex(text) : decodeEscape(text);
}
