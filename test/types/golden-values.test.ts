// Every value case of golden/values.json (captured from PostgreSQL 15 by capture-golden.mjs):
// text input → value → text output, value → binary, binary → value → text.
import { describe, expect, it } from 'vitest';
import { decodeBinary, encodeBinary } from '../../src/types/binary-codec.js';
import { formatText, parseText } from '../../src/types/text-codec.js';
import { ctxWith, errorOf, golden, hex, typeFromSql } from './golden-helpers.js';

interface ValueCase {
  type: string;
  input: string;
  timeZone?: string;
  text?: string;
  binary?: string;
  error?: { code: string; message: string };
}

/**
 * Deliberate divergence: timestamps end at 294247-01-01 (not 294277) so µs since 1970 fit an int64
 * below the infinity sentinel (calendar.ts END_TIMESTAMP_US).
 */
const BEYOND_OUR_TIMESTAMP_RANGE = new Set(['294276-12-31 23:59:59.999999']);

describe('values against PostgreSQL 15', () => {
  for (const c of golden<ValueCase>('values')) {
    if (BEYOND_OUR_TIMESTAMP_RANGE.has(c.input)) {
      it(`${c.input}::${c.type} is beyond our timestamp range (22008)`, () => {
        expect(errorOf(() => parseText(c.input, typeFromSql(c.type), ctxWith())).code).toBe('22008');
      });
      continue;
    }
    const label = `${c.input}::${c.type}${c.timeZone ? ` (TimeZone ${c.timeZone})` : ''}`;
    const type = typeFromSql(c.type);
    const ctx = ctxWith(c.timeZone);
    if (c.error) {
      it(`${label} fails with ${c.error.code}`, () => {
        expect(errorOf(() => parseText(c.input, type, ctx))).toEqual(c.error);
      });
      continue;
    }
    it(`${label} → ${c.text}`, () => {
      const v = parseText(c.input, type, ctx);
      expect(v).not.toBeNull();
      expect(formatText(v!, type, ctx)).toBe(c.text);
      expect(hex(encodeBinary(v!, type))).toBe(c.binary);
      const back = decodeBinary(Buffer.from(c.binary!, 'hex'), type);
      expect(formatText(back!, type, ctx)).toBe(c.text);
    });
  }
});
