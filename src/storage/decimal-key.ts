import type { ByteWriter } from './byte-writer.js';

/**
 * Order-preserving encoding of PostgreSQL `numeric` text ("1.50", "-3", "NaN", "Infinity").
 *
 * A finite non-zero value is normalised to ±0.d1d2…dn × 10^E (d1 ≠ 0, no trailing zeros), then:
 *
 *   class byte | E as sign-flipped int32 BE | digits two per byte (1 + 10·a + b) | 0x00
 *
 * Class bytes order the kinds: -Infinity 0x01 < negative 0x02 < zero 0x03 < positive 0x04 <
 * Infinity 0x05 < NaN 0x06 (PostgreSQL sorts NaN above everything). A bigger exponent means a
 * bigger magnitude; at equal exponents the digit strings compare lexicographically with a shorter
 * one first, which the 0x00 terminator gives (digit bytes are 1…100). For negatives the exponent
 * is negated and every digit byte and the terminator are complemented, reversing the order.
 *
 * Because 1.5 and 1.50 are equal in PostgreSQL they get the same key: decoding yields the
 * normalised text ("1.5"); the row itself keeps the display scale.
 *
 *   "12.5"  → 04 | 80 00 00 02 | 0d 33 | 00      (0.125 × 10^2; pairs "12"→13, "50"→51)
 */
const enum DecimalClass {
  NegInfinity = 0x01,
  Negative = 0x02,
  Zero = 0x03,
  Positive = 0x04,
  PosInfinity = 0x05,
  NaN = 0x06,
}

const NUMERIC_TEXT = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

interface ParsedDecimal {
  cls: DecimalClass;
  digits: string;
  exponent: number;
}

function parseDecimal(text: string): ParsedDecimal {
  const m = NUMERIC_TEXT.exec(text);
  if (m === null || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
    const word = text.trim().toLowerCase();
    if (word === 'nan') return { cls: DecimalClass.NaN, digits: '', exponent: 0 };
    if (word === 'infinity' || word === '+infinity' || word === 'inf' || word === '+inf') {
      return { cls: DecimalClass.PosInfinity, digits: '', exponent: 0 };
    }
    if (word === '-infinity' || word === '-inf') return { cls: DecimalClass.NegInfinity, digits: '', exponent: 0 };
    throw new TypeError(`invalid numeric value for a key: "${text}"`);
  }
  const intPart = m[2]!;
  const all = intPart + (m[3] ?? '');
  let lead = 0;
  while (lead < all.length && all.charCodeAt(lead) === 48) lead++;
  let end = all.length;
  while (end > lead && all.charCodeAt(end - 1) === 48) end--;
  if (end === lead) return { cls: DecimalClass.Zero, digits: '', exponent: 0 };
  const exponent = intPart.length + (m[4] === undefined ? 0 : Number(m[4])) - lead;
  return {
    cls: m[1] === '-' ? DecimalClass.Negative : DecimalClass.Positive,
    digits: all.slice(lead, end),
    exponent,
  };
}

export function encodeDecimalKey(w: ByteWriter, text: string): void {
  const { cls, digits, exponent } = parseDecimal(text);
  w.byte(cls);
  if (cls !== DecimalClass.Negative && cls !== DecimalClass.Positive) return;
  const flip = cls === DecimalClass.Negative ? 0xff : 0;
  w.ensure(5 + ((digits.length + 1) >> 1));
  const b = w.buf;
  b.writeUInt32BE(((cls === DecimalClass.Negative ? -exponent : exponent) ^ 0x80000000) >>> 0, w.pos);
  w.pos += 4;
  for (let i = 0; i < digits.length; i += 2) {
    const hi = digits.charCodeAt(i) - 48;
    const lo = i + 1 < digits.length ? digits.charCodeAt(i + 1) - 48 : 0;
    b[w.pos++] = (1 + hi * 10 + lo) ^ flip;
  }
  b[w.pos++] = flip;
}

/** Decodes at `pos`; returns the normalised text and the position after the value. */
export function decodeDecimalKey(buf: Buffer, pos: number): [string, number] {
  const cls = buf[pos++] as DecimalClass;
  switch (cls) {
    case DecimalClass.NegInfinity: return ['-Infinity', pos];
    case DecimalClass.Zero: return ['0', pos];
    case DecimalClass.PosInfinity: return ['Infinity', pos];
    case DecimalClass.NaN: return ['NaN', pos];
    case DecimalClass.Negative:
    case DecimalClass.Positive: break;
    default: throw new Error(`corrupt numeric key byte 0x${(cls as number).toString(16)} at ${pos - 1}`);
  }
  const flip = cls === DecimalClass.Negative ? 0xff : 0;
  const raw = (buf.readUInt32BE(pos) ^ 0x80000000) | 0;
  const exponent = flip ? -raw : raw;
  pos += 4;
  let digits = '';
  for (;;) {
    if (pos >= buf.length) throw new Error('corrupt numeric key: missing terminator');
    const byte = buf[pos++]! ^ flip;
    if (byte === 0) break;
    const pair = byte - 1;
    digits += String.fromCharCode(48 + Math.floor(pair / 10), 48 + (pair % 10));
  }
  if (digits.endsWith('0')) digits = digits.slice(0, -1);
  return [(flip ? '-' : '') + placePoint(digits, exponent), pos];
}

/** 0.digits × 10^exponent in plain notation, the way PostgreSQL prints numeric. */
function placePoint(digits: string, exponent: number): string {
  if (exponent <= 0) return '0.' + '0'.repeat(-exponent) + digits;
  if (exponent >= digits.length) return digits + '0'.repeat(exponent - digits.length);
  return digits.slice(0, exponent) + '.' + digits.slice(exponent);
}
