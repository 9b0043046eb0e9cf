/** UUID text (8-4-4-4-12, any case, dashes optional) ⇄ its 16 bytes. */

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hexNibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87; // a-f
  return -1;
}

/** Writes the 16 bytes of `text` at `out[pos]`; throws on anything that is not a UUID. */
export function writeUuidBytes(text: string, out: Uint8Array, pos: number): void {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 45 /* - */ && (n === 8 || n === 12 || n === 16 || n === 20)) continue;
    const hi = hexNibble(c);
    const lo = hexNibble(text.charCodeAt(++i));
    if (hi < 0 || lo < 0 || n >= 32) throw new TypeError(`invalid uuid value: "${text}"`);
    out[pos + (n >> 1)] = (hi << 4) | lo;
    n += 2;
  }
  if (n !== 32) throw new TypeError(`invalid uuid value: "${text}"`);
}

/** Lower-case canonical text of the 16 bytes at `buf[pos]`. */
export function readUuidText(buf: Uint8Array, pos: number): string {
  const h = HEX;
  const b = buf;
  const p = pos;
  return (
    h[b[p]!]! + h[b[p + 1]!]! + h[b[p + 2]!]! + h[b[p + 3]!]! + '-' +
    h[b[p + 4]!]! + h[b[p + 5]!]! + '-' + h[b[p + 6]!]! + h[b[p + 7]!]! + '-' +
    h[b[p + 8]!]! + h[b[p + 9]!]! + '-' +
    h[b[p + 10]!]! + h[b[p + 11]!]! + h[b[p + 12]!]! + h[b[p + 13]!]! + h[b[p + 14]!]! + h[b[p + 15]!]!
  );
}
