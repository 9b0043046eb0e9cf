import { describe, expect, it } from 'vitest';
import { copyOptions } from '../../../src/executor/copy/copy-options.js';
import { recordReader, type CopyRecord } from '../../../src/executor/copy/copy-records.js';
import { seededRandom } from '../../support/seeded-random.js';
import type { Node } from '../../../src/binder/ast.js';

const opt = (pairs: Record<string, string>): Node[] =>
  Object.entries(pairs).map(([defname, v]) => ({ DefElem: { defname, arg: { String: { sval: v } } } }));

function readAll(input: string, options: readonly Node[], cut: (n: number) => number[]): CopyRecord[] {
  const reader = recordReader(copyOptions(options, 'from'), 't');
  const out: CopyRecord[] = [];
  let at = 0;
  for (const size of cut(input.length)) {
    out.push(...reader.push(input.slice(at, at + size)));
    at += size;
  }
  out.push(...reader.push(input.slice(at)), ...reader.end());
  return out;
}

const CSV = 'id,name\r\n1,"a, b"\r\n2,"multi\nline ""quoted"""\r\n3,\r\n4,""\r\n5,plain';
const TEXT = '1\ta\\tb\t\\N\n2\t\\\\x\t\\101\\x41\n\\.\n3\tignored\n';

describe('COPY record readers', () => {
  it('split CSV as PostgreSQL does: quotes, doubled quotes, newlines in quotes, NULL vs empty', () => {
    const recs = readAll(CSV, opt({ format: 'csv', header: 'true' }), () => []);
    expect(recs.map((r) => r.fields)).toEqual([
      ['1', 'a, b'], ['2', 'multi\nline "quoted"'], ['3', null], ['4', ''], ['5', 'plain'],
    ]);
    expect(recs.map((r) => r.line)).toEqual([2, 3, 5, 6, 7]);
  });

  it('split text: escapes undone after the NULL check, and \\. ends the data', () => {
    expect(readAll(TEXT, [], () => []).map((r) => r.fields)).toEqual([['1', 'a\tb', null], ['2', '\\x', 'AA']]);
  });

  it('give the same records however the data is cut into CopyData messages', () => {
    const next = seededRandom(3);
    for (const [input, options] of [[CSV, opt({ format: 'csv', header: 'true' })], [TEXT, []]] as const) {
      const whole = readAll(input, options, () => []);
      for (let trial = 0; trial < 200; trial++) {
        const cuts = (n: number): number[] => {
          const sizes: number[] = [];
          for (let left = n; left > 0;) {
            const s = 1 + Math.floor(next() * 4);
            sizes.push(s);
            left -= s;
          }
          return sizes;
        };
        expect(readAll(input, options, cuts)).toEqual(whole);
      }
    }
  });

  it('an unterminated quoted field fails with 22P04 and the record as CONTEXT', () => {
    expect(() => readAll('1,"open\n', opt({ format: 'csv' }), () => [])).toThrow(expect.objectContaining({
      code: '22P04', where: 'COPY t, line 1: "1,"open\n"',
    }));
  });
});
