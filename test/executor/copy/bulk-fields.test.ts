/**
 * The bulk COPY's byte readers must give exactly what the types' input functions give for every
 * spelling they accept, and decline (null) the rest.
 */
import { describe, expect, it } from 'vitest';
import { readDecimal, readInt, readTimestamp } from '../../../src/executor/copy/bulk/bulk-fields.js';
import { parseText } from '../../../src/types/text-codec.js';
import { typeOfOid as columnType } from '../../../src/types/type-registry.js';
import { PgOid } from '../../../src/types/pg-oids.js';
import { DEFAULT_TYPE_CONTEXT } from '../../../src/types/type-context.js';
import { seededRandom } from '../../support/seeded-random.js';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');
const read = <T>(f: (buf: Buffer, s: number, e: number) => T, s: string): T => {
  const buf = b(`xx${s}yy`); // offsets inside a bigger buffer, as in a piece of COPY data
  return f(buf, 2, 2 + Buffer.byteLength(s));
};

describe('bulk COPY field readers', () => {
  it('read integers as int8in does, declining what they cannot read exactly', () => {
    const int8 = columnType(PgOid.INT8);
    for (const t of ['0', '-0', '7', '-42', '123456789012345', '-999999999999999', '000123']) {
      expect(read((x, s, e) => readInt(x, s, e, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER), t)).toBe(Number(parseText(t, int8, DEFAULT_TYPE_CONTEXT)));
    }
    for (const t of ['', '-', '+5', ' 5', '5 ', '1e3', '1234567890123456', '12a']) {
      expect(read((x, s, e) => readInt(x, s, e, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER), t)).toBeNull();
    }
    expect(read((x, s, e) => readInt(x, s, e, -0x8000, 0x7fff), '32768')).toBeNull();
  });

  it('read plain decimals exactly as float8in (strtod) does', () => {
    const float8 = columnType(PgOid.FLOAT8);
    const rnd = seededRandom(7);
    const samples = ['0', '-0', '0.0', '5.', '.5', '7.919', '-123.456', '0.1', '0.3', '999999999999999', '1.00000000000001'];
    for (let i = 0; i < 20000; i++) {
      const digits = 1 + Math.floor(rnd() * 15);
      let t = '';
      for (let d = 0; d < digits; d++) t += Math.floor(rnd() * 10);
      const dot = Math.floor(rnd() * (digits + 1));
      samples.push((rnd() < 0.3 ? '-' : '') + t.slice(0, dot) + '.' + t.slice(dot));
    }
    for (const t of samples) {
      if (t === '-.' || t === '.') continue;
      expect(Object.is(read(readDecimal, t), parseText(t, float8, DEFAULT_TYPE_CONTEXT)), t).toBe(true);
    }
    for (const t of ['', '.', '-', '1e5', 'NaN', 'Infinity', '1.2.3', ' 1', '1234567890123456']) expect(read(readDecimal, t)).toBeNull();
  });

  it('read ISO timestamps as the timestamp input functions do', () => {
    const tz = columnType(PgOid.TIMESTAMPTZ);
    const ts = columnType(PgOid.TIMESTAMP);
    const zoned = ['2026-01-01 00:00:01+00', '2024-02-29 23:59:59.999999+05:30', '1999-12-31T12:00:00Z', '2000-06-15 08:30:00.5-0800', '1970-01-01 00:00:00-01'];
    for (const t of zoned) expect(read((x, s, e) => readTimestamp(x, s, e, true), t), t).toBe(Number(parseText(t, tz, DEFAULT_TYPE_CONTEXT)));
    for (const t of ['2026-01-01 00:00:01', '2024-02-29 23:59:59.25', '1850-03-01T01:02:03']) {
      expect(read((x, s, e) => readTimestamp(x, s, e, false), t), t).toBe(Number(parseText(t, ts, DEFAULT_TYPE_CONTEXT)));
    }
    // The session's zone, other spellings and other ranges are the input function's.
    for (const t of ['2026-01-01 00:00:01', '2023-02-29 00:00:00+00', '2026-01-01 24:00:00+00', '2026-01-01 00:00:00.1234567+00',
      '2026-01-01 00:00:00 UTC', '0099-01-01 00:00:00+00', 'epoch', '2026-1-1 00:00:00+00']) {
      expect(read((x, s, e) => readTimestamp(x, s, e, true), t), t).toBeNull();
    }
    expect(read((x, s, e) => readTimestamp(x, s, e, false), '2026-01-01 00:00:01+00')).toBeNull();
  });
});
