/**
 * Escape strings in the statement classifier's tokenizer, which sees every statement: an escape
 * PostgreSQL reads as a plain letter or refuses must not throw out of it (found by the protocol
 * fuzz test: `E'\x'` with no hex digit became XX000 "Invalid code point NaN").
 */
import { expect, it } from 'vitest';
import { tokenize } from '../../src/sql/kalam/tokenizer.js';
import { startTestServer, sqlstate } from '../e2e/harness.js';

const value = (sql: string) => tokenize(sql).find((t) => t.kind === 'string')?.value;

it('reads \\x without hex digits as x, and leaves escapes past U+10FFFF as written, never throwing', () => {
  expect(value("E'\\xg'")).toBe('xg');
  expect(value("E'\\x'")).toBe('x');
  expect(value("E'\\x41\\u00e9\\U0001F600'")).toBe('Aé😀');
  expect(value("E'\\UFFFFFFFF'")).toBe('\\UFFFFFFFF');
});

it('answers these literals as PostgreSQL 15 does over the wire', async () => {
  const t = await startTestServer();
  try {
    const c = await t.client();
    expect((await c.query("SELECT E'\\xg' AS v, E'\\x' AS w")).rows).toEqual([{ v: 'xg', w: 'x' }]);
    expect(await sqlstate(c.query("SELECT E'\\UFFFFFFFF'"))).toBe('42601'); // invalid Unicode escape value
  } finally {
    await t.stop();
  }
});
