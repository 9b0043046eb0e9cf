/**
 * numeric's binary form (numeric_send/numeric_recv): int16 ndigits, int16 weight, uint16 sign,
 * int16 dscale, then ndigits base-10000 digits, most significant first; value =
 * Σ digit[i] · 10000^(weight − i). -12345.678 → 3, 1, 0x4000, 3, [1, 2345, 6780].
 */
import { Errors } from '../errors/sql-error.js';
import { type Dec, NAN, NEG_INF, POS_INF, finite, formatDec, parseDec, pow10 } from './numeric-value.js';

const POS = 0x0000;
const NEG = 0x4000;
const NAN_SIGN = 0xc000;
const PINF = 0xd000;
const NINF = 0xf000;
const MAX_DSCALE = 0x3fff;

export function encodeNumeric(text: string): Uint8Array {
  const d = parseDec(text);
  if (d.kind !== 'finite') {
    const out = new Uint8Array(8);
    const view = new DataView(out.buffer);
    view.setUint16(4, d.kind === 'nan' ? NAN_SIGN : d.negative ? NINF : PINF);
    // PostgreSQL sends infinities with dscale 32 (its in-memory header bits), NaN with 0.
    if (d.kind === 'inf') view.setInt16(6, 32);
    return out;
  }
  const negative = d.unscaled < 0n;
  const fracGroups = Math.ceil(d.scale / 4);
  let a = (negative ? -d.unscaled : d.unscaled) * pow10(fracGroups * 4 - d.scale);
  const groups: number[] = [];
  while (a > 0n) {
    groups.push(Number(a % 10000n));
    a /= 10000n;
  }
  groups.reverse();
  const weight = groups.length === 0 ? 0 : groups.length - 1 - fracGroups;
  let n = groups.length;
  while (n > 0 && groups[n - 1] === 0) n--;
  const out = new Uint8Array(8 + 2 * n);
  const view = new DataView(out.buffer);
  view.setInt16(0, n);
  view.setInt16(2, weight);
  view.setUint16(4, negative ? NEG : POS);
  view.setInt16(6, d.scale);
  for (let i = 0; i < n; i++) view.setInt16(8 + 2 * i, groups[i]!);
  return out;
}

export function decodeNumeric(bytes: Uint8Array): string {
  if (bytes.length < 8) throw Errors.invalidBinaryRepresentation('insufficient data left in message');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ndigits = view.getInt16(0);
  const weight = view.getInt16(2);
  const sign = view.getUint16(4);
  const dscale = view.getInt16(6);
  if (ndigits < 0) throw Errors.invalidBinaryRepresentation('invalid length in external "numeric" value');
  if (bytes.length < 8 + 2 * ndigits) throw Errors.invalidBinaryRepresentation('insufficient data left in message');
  if (bytes.length > 8 + 2 * ndigits) throw Errors.invalidBinaryRepresentation('incorrect binary data format');
  let d: Dec;
  if (sign === NAN_SIGN) d = NAN;
  else if (sign === PINF) d = POS_INF;
  else if (sign === NINF) d = NEG_INF;
  else if (sign !== POS && sign !== NEG) throw Errors.invalidBinaryRepresentation('invalid sign in external "numeric" value');
  else {
    if (dscale < 0 || dscale > MAX_DSCALE) throw Errors.invalidBinaryRepresentation('invalid scale in external "numeric" value');
    let digits = 0n;
    for (let i = 0; i < ndigits; i++) {
      const g = view.getInt16(8 + 2 * i);
      if (g < 0 || g >= 10000) throw Errors.invalidBinaryRepresentation('invalid digit in external "numeric" value');
      digits = digits * 10000n + BigInt(g);
    }
    // digits · 10^exp, shown with dscale fraction digits (PostgreSQL truncates any beyond).
    const exp = 4 * (weight - ndigits + 1);
    const shift = exp + dscale;
    let unscaled = shift >= 0 ? digits * pow10(shift) : digits / pow10(-shift);
    if (sign === NEG) unscaled = -unscaled;
    d = finite(unscaled, dscale);
  }
  return formatDec(d);
}
