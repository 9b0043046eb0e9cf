/**
 * Mutations of frontend frames. Two families, because the server answers them in two tiers:
 *   - content mutations keep the frame well-formed (type byte kept, length recomputed) and spoil
 *     what is inside: flipped bits, bad UTF-8, counts and lengths inside Parse/Bind set to extremes,
 *     truncated or extended bodies. The server must answer ERROR and go on;
 *   - framing mutations spoil the type byte or the length (absurd, negative, huge), or cut a frame
 *     short. The server must answer FATAL 08P01 (or wait for bytes that never come) and close.
 * Plus messages made from nothing: random bytes, and hand-made Parse/Bind with lying counts.
 */
import { pick, type Random } from './corpus.js';

export type Mutated = { readonly bytes: Buffer; readonly framing: boolean };

const INTERESTING_INT32 = [0, 1, -1, -2, 0x7fffffff, -0x80000000, 0x3fffffff, 0x40000000, 0xffff, 0x10000, 4, 3, 5];
const INTERESTING_INT16 = [0, 1, 0xffff, 0x8000, 0x7fff, 2, 3];
/** Bytes that break UTF-8 or C strings: a lone continuation, an overlong start, NUL, 0xff. */
const BAD_UTF8 = [[0x80], [0xc3], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff], [0x00], [0xfe, 0xfe]];

export function randomBytes(rnd: Random, n: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rnd() * 256);
  return b;
}

function withBody(type: number, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head[0] = type;
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

/** Spoils the body of a regular frame (type byte, int32 length, body), keeping it well-framed. */
export function mutateContent(rnd: Random, frame: Buffer): Buffer {
  const type = frame[0]!;
  const body = Buffer.from(frame.subarray(5));
  const at = () => Math.floor(rnd() * Math.max(1, body.length));
  switch (Math.floor(rnd() * 8)) {
    case 0: // flip bits
      for (let k = 1 + Math.floor(rnd() * 4); k > 0 && body.length > 0; k--) body[at()]! ^= 1 << Math.floor(rnd() * 8);
      return withBody(type, body);
    case 1: { // bad UTF-8 inserted
      const i = at();
      return withBody(type, Buffer.concat([body.subarray(0, i), Buffer.from(pick(rnd, BAD_UTF8)), body.subarray(i)]));
    }
    case 2: // truncated body
      return withBody(type, body.subarray(0, Math.floor(rnd() * body.length)));
    case 3: // bytes appended
      return withBody(type, Buffer.concat([body, randomBytes(rnd, 1 + Math.floor(rnd() * 16))]));
    case 4: { // an int32 somewhere set to an extreme (a parameter length, a max-rows, a type OID)
      if (body.length < 4) return withBody(type, randomBytes(rnd, 4));
      body.writeInt32BE(pick(rnd, INTERESTING_INT32) | 0, Math.floor(rnd() * (body.length - 3)));
      return withBody(type, body);
    }
    case 5: { // an int16 set to an extreme (a parameter or format count)
      if (body.length < 2) return withBody(type, randomBytes(rnd, 2));
      body.writeUInt16BE(pick(rnd, INTERESTING_INT16), Math.floor(rnd() * (body.length - 1)));
      return withBody(type, body);
    }
    case 6: // a terminator lost or added
      if (rnd() < 0.5) return withBody(type, Buffer.from(body.filter((b) => b !== 0)));
      body[at()] = 0;
      return withBody(type, body);
    default: { // a range repeated
      const i = at();
      const piece = body.subarray(i, i + 1 + Math.floor(rnd() * 32));
      return withBody(type, Buffer.concat([body.subarray(0, i), piece, piece, body.subarray(i)]));
    }
  }
}

/** Spoils the framing: type byte, length, or a frame cut short (the next frame's bytes follow). */
export function mutateFraming(rnd: Random, frame: Buffer): Buffer {
  const out = Buffer.from(frame);
  switch (Math.floor(rnd() * 4)) {
    case 0:
      out[0] = Math.floor(rnd() * 256);
      return out;
    case 1:
      out.writeInt32BE(pick(rnd, INTERESTING_INT32) | 0, 1);
      return out;
    case 2:
      out.writeInt32BE((out.readInt32BE(1) + Math.floor(rnd() * 9) - 4) | 0, 1);
      return out;
    default:
      return out.subarray(0, Math.floor(rnd() * out.length));
  }
}

/** Spoils a startup-phase packet (int32 length, int32 code, body). */
export function mutateStartup(rnd: Random, packet: Buffer): Buffer {
  const out = Buffer.from(packet);
  switch (Math.floor(rnd() * 5)) {
    case 0:
      out.writeInt32BE(pick(rnd, [...INTERESTING_INT32, 7, 8, 10000, 10001]) | 0, 0);
      return out;
    case 1:
      if (out.length >= 8) out.writeInt32BE(pick(rnd, [0x00030000, 0x00030001, 0x00020000, 0x00040000, 80877102, 80877103, 80877104, 1234, -1]) | 0, 4);
      return out;
    case 2: {
      const body = Buffer.from(out.subarray(8));
      for (let k = 1 + Math.floor(rnd() * 3); k > 0 && body.length > 0; k--) body[Math.floor(rnd() * body.length)] = pick(rnd, BAD_UTF8)[0]!;
      const head = Buffer.alloc(8);
      head.writeInt32BE(body.length + 8, 0);
      head.writeInt32BE(out.length >= 8 ? out.readInt32BE(4) : 0x00030000, 4);
      return Buffer.concat([head, body]);
    }
    case 3:
      return out.subarray(0, Math.floor(rnd() * out.length));
    default:
      return Buffer.concat([out, randomBytes(rnd, 1 + Math.floor(rnd() * 64))]);
  }
}

/**
 * Hand-made messages whose counts lie: a Parse declaring 65535 parameter types with none sent, a
 * Bind whose parameter says it is 2 GiB long, formats not matching parameters, an Execute asking
 * for -1 rows, a Describe of an unknown kind.
 */
export function lyingMessage(rnd: Random): Buffer {
  const u16 = (n: number) => { const b = Buffer.alloc(2); b.writeUInt16BE(n & 0xffff); return b; };
  const i32 = (n: number) => { const b = Buffer.alloc(4); b.writeInt32BE(n | 0); return b; };
  const cstr = (s: string) => Buffer.from(`${s}\0`);
  const P = 0x50, B = 0x42, E = 0x45, D = 0x44, C = 0x43;
  switch (Math.floor(rnd() * 8)) {
    case 0:
      return withBody(P, Buffer.concat([cstr(''), cstr('SELECT $1'), u16(0xffff)]));
    case 1:
      return withBody(P, Buffer.concat([cstr(''), cstr('SELECT $1, $2'), u16(2), i32(23), i32(-5)]));
    case 2:
      return withBody(B, Buffer.concat([cstr(''), cstr(''), u16(0), u16(1), i32(0x7fffffff), Buffer.from('abc')]));
    case 3:
      return withBody(B, Buffer.concat([cstr(''), cstr(''), u16(3), u16(1), u16(1), u16(7), u16(2), i32(-2), i32(1), Buffer.from('x'), u16(0)]));
    case 4:
      return withBody(B, Buffer.concat([cstr(''), cstr(''), u16(0), u16(0xffff), i32(-1), i32(-1)]));
    case 5:
      return withBody(E, Buffer.concat([cstr(''), i32(pick(rnd, [-1, -0x80000000, 0x7fffffff]))]));
    case 6:
      return withBody(pick(rnd, [D, C]), Buffer.concat([Buffer.from([Math.floor(rnd() * 256)]), cstr('x')]));
    default:
      return withBody(B, Buffer.concat([cstr(''), cstr(''), u16(1), u16(1), u16(1), i32(4), Buffer.from([0xff, 0xff, 0xff, 0xff]), u16(1), u16(9)]));
  }
}
