import { KalamDataType, type Value } from '../../src/types/kalam-type.js';

export { seededRandom as rng } from '../support/seeded-random.js';

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: () => number, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

function randomString(r: () => number): string {
  const alphabet = ['a', 'b', 'ab', '\u0000', 'z', 'é', '中', '😀', '\uffff', ' ', 'A', '\u007f', '\u0080'];
  let s = '';
  const n = int(r, 0, 6);
  for (let i = 0; i < n; i++) s += pick(r, alphabet);
  return s;
}

function randomDecimal(r: () => number): string {
  const special = ['NaN', 'Infinity', '-Infinity', '0', '-0', '0.000', '1', '1.0', '1.50', '-1.5', '100', '0.001', '-0.001', '99.99'];
  if (r() < 0.2) return pick(r, special);
  const digits = (n: number) => Array.from({ length: n }, () => String(int(r, 0, 9))).join('');
  const ip = digits(int(r, 0, 5)) || '0';
  const fp = r() < 0.6 ? '.' + digits(int(r, 1, 5)) : '';
  return (r() < 0.5 ? '-' : '') + ip + fp;
}

/** A random non-null value of the given type, skewed towards edge cases. */
export function randomValue(r: () => number, kalam: KalamDataType): Value {
  switch (kalam) {
    case KalamDataType.BOOLEAN: return r() < 0.5;
    case KalamDataType.SMALLINT: return pick(r, [-32768, 32767, 0, -1, 1, int(r, -32768, 32767)]);
    case KalamDataType.INT:
    case KalamDataType.DATE: return pick(r, [-2147483648, 2147483647, 0, -1, 1, int(r, -1000, 1000), int(r, -2147483648, 2147483647)]);
    case KalamDataType.BIGINT:
    case KalamDataType.TIMESTAMP:
    case KalamDataType.DATETIME:
    case KalamDataType.TIME:
      return pick(r, [-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n, 1n, BigInt(int(r, -1e6, 1e6)),
        BigInt.asIntN(64, (BigInt(int(r, 0, 2 ** 31)) << 32n) | BigInt(int(r, 0, 2 ** 31)))]);
    case KalamDataType.DOUBLE:
      return pick(r, [NaN, Infinity, -Infinity, 0, -0, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE,
        (r() - 0.5) * 1e6, (r() - 0.5) * 1e-300, int(r, -5, 5)]);
    case KalamDataType.FLOAT:
      return Math.fround(pick(r, [NaN, Infinity, -Infinity, 0, -0, 1.5e-45, (r() - 0.5) * 1e6, (r() - 0.5) * 1e-30, int(r, -5, 5)]));
    case KalamDataType.TEXT:
    case KalamDataType.JSON: return randomString(r);
    case KalamDataType.BYTES: return Uint8Array.from({ length: int(r, 0, 5) }, () => pick(r, [0, 0, 1, 0xff, int(r, 0, 255)]));
    case KalamDataType.UUID:
      return Array.from({ length: 16 }, () => pick(r, [0, 0xff, int(r, 0, 255)]).toString(16).padStart(2, '0'))
        .join('').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
    case KalamDataType.DECIMAL: return randomDecimal(r);
    case KalamDataType.EMBEDDING: return Float32Array.from({ length: int(r, 1, 8) }, () => r() - 0.5);
    default: throw new Error(`no random values of KalamDataType ${kalam}`);
  }
}

export const KEY_TYPES: readonly KalamDataType[] = [
  KalamDataType.BOOLEAN, KalamDataType.SMALLINT, KalamDataType.INT, KalamDataType.BIGINT, KalamDataType.DOUBLE,
  KalamDataType.FLOAT, KalamDataType.TEXT, KalamDataType.TIMESTAMP, KalamDataType.DATE, KalamDataType.DATETIME,
  KalamDataType.TIME, KalamDataType.JSON, KalamDataType.BYTES, KalamDataType.UUID, KalamDataType.DECIMAL,
];
