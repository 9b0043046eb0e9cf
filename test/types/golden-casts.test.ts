// Explicit casts, format_type() and numeric arithmetic against golden files captured from PostgreSQL 15.
import { describe, expect, it } from 'vitest';
import { castValue } from '../../src/types/cast.js';
import { formatType } from '../../src/types/declared-type.js';
import { numericAdd, numericDiv, numericMod, numericMul, numericSub } from '../../src/types/numeric.js';
import { formatText, parseText } from '../../src/types/text-codec.js';
import { ctxWith, errorOf, golden, typeFromSql } from './golden-helpers.js';

interface CastCase { expr: string; to: string; from: string; source: string; text?: string; error?: { code: string; message: string } }
interface FormatCase { oid: number; typmod: number; text: string }
interface ArithCase { a: string; op: string; b: string; text?: string; error?: { code: string; message: string } }

describe('casts against PostgreSQL 15', () => {
  const ctx = ctxWith();
  for (const c of golden<CastCase>('casts')) {
    const from = typeFromSql(c.from === 'character' ? 'bpchar' : c.from);
    const to = typeFromSql(c.to);
    const run = () => castValue(parseText(c.source, from, ctx), from, to, ctx);
    if (c.error) {
      it(`${c.expr}::${c.to} fails with ${c.error.code}`, () => {
        expect(errorOf(run)).toEqual(c.error);
      });
    } else {
      it(`${c.expr}::${c.to} → ${c.text}`, () => {
        expect(formatText(run()!, to, ctx)).toBe(c.text);
      });
    }
  }
});

describe('format_type against PostgreSQL 15', () => {
  for (const c of golden<FormatCase>('format-type')) {
    it(`format_type(${c.oid}, ${c.typmod}) = ${c.text}`, () => {
      expect(formatType(c.oid, c.typmod)).toBe(c.text);
    });
  }
});

const OPS: Record<string, (a: string, b: string) => string> = {
  '+': numericAdd, '-': numericSub, '*': numericMul, '/': numericDiv, '%': numericMod,
};

describe('numeric arithmetic against PostgreSQL 15', () => {
  for (const c of golden<ArithCase>('numeric-arith')) {
    const run = () => OPS[c.op]!(c.a, c.b);
    it(`${c.a} ${c.op} ${c.b}`, () => {
      if (c.error) expect(errorOf(run)).toEqual(c.error);
      else expect(run()).toBe(c.text);
    });
  }
});
