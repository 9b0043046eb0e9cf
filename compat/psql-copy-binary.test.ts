/**
 * COPY in PostgreSQL's binary format, and COPY's all-or-nothing rule at a size past one write
 * slice, through the real psql against kalamdb-pg and a throwaway PostgreSQL 15:
 *   - COPY … TO STDOUT (FORMAT binary) of a table of many types gives the same bytes on both;
 *   - each server loads the other's binary file, and the rows read back the same;
 *   - malformed binary data (signature, flags, field count, truncation, data after the trailer, a
 *     field of the wrong size) fails with the same message and CONTEXT, writing nothing;
 *   - a bad value or a duplicate key deep inside a 20,000-row CSV fails the COPY and leaves no row.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { psqlBoth } from './psql-pair.js';
import { withOursAndReference } from '../test/support/server-pair.js';

const pair = withOursAndReference();
const dir = mkdtempSync(join(tmpdir(), 'kalamdb-copy-binary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const both = (script: (tag: string) => string): Promise<[string, string]> => psqlBoth(pair, script);

const RICH = `CREATE TABLE rich (id bigint PRIMARY KEY, i2 smallint, i4 int, f4 real, f8 double precision,
  n numeric(12,3), t text, vc varchar(10), b boolean, d date, ts timestamp, tz timestamptz, iv interval,
  u uuid, by bytea, j jsonb, js json, arr int[], tarr text[], tm time);`;

const RICH_ROWS = `INSERT INTO rich VALUES
 (1, 2, 3, 1.5, 2.25, 12345.678, 'héllo', 'v', true, '2024-02-29', '2024-01-01 12:34:56.789',
  '2024-06-01 00:00:00+00', '1 year 2 mons 3 days 04:05:06.5', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
  '\\xdeadbeef', '{"a": [1, 2]}', '{"b":1}', '{1,NULL,3}', '{"x y",z}', '12:00:01'),
 (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (3, -32768, -2147483648, 'NaN', '-Infinity', -0.001, '', '', false, 'infinity', '-infinity', 'infinity',
  '-1 days', '00000000-0000-0000-0000-000000000000', '\\x', '[]', '"s"', '{}', '{}', '00:00:00');`;

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** A binary COPY file for `(a int, b text)`; `mutate` may change any part of it. */
function binaryFile(
  tuples: readonly (readonly (Buffer | null)[])[], opts: { flags?: number; trailer?: boolean; after?: Buffer } = {},
): Buffer {
  const parts: Buffer[] = [SIGNATURE, int32(opts.flags ?? 0), int32(0)];
  for (const t of tuples) {
    parts.push(int16(t.length));
    for (const f of t) parts.push(f === null ? int32(-1) : Buffer.concat([int32(f.length), f]));
  }
  if (opts.trailer !== false) parts.push(int16(-1));
  if (opts.after) parts.push(opts.after);
  return Buffer.concat(parts);
}

function int16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

const row = (a: number, b: string | null): (Buffer | null)[] => [int32(a), b === null ? null : Buffer.from(b)];

describe('COPY in binary format', () => {
  it('writes the same bytes as PostgreSQL, and each server loads the other\'s file', async () => {
    const [a, b] = await both((tag) => `${RICH}
${RICH_ROWS}
\\copy rich TO '${join(dir, `rich-${tag}.bin`)}' WITH (FORMAT binary)
\\copy (SELECT id, t, n FROM rich WHERE id > 1 ORDER BY id DESC) TO '${join(dir, `query-${tag}.bin`)}' WITH (FORMAT binary)
`);
    expect(a).toBe(b);
    const ours = readFileSync(join(dir, 'rich-ours.bin'));
    expect(ours.subarray(0, 11).equals(SIGNATURE)).toBe(true);
    expect(ours.equals(readFileSync(join(dir, 'rich-ref.bin')))).toBe(true);
    expect(readFileSync(join(dir, 'query-ours.bin')).equals(readFileSync(join(dir, 'query-ref.bin')))).toBe(true);

    // Each loads the other's file; both then print the same rows.
    const [c, d] = await both((tag) => `${RICH.replace('rich', 'rich2')}
\\copy rich2 FROM '${join(dir, `rich-${tag === 'ours' ? 'ref' : 'ours'}.bin`)}' WITH (FORMAT binary)
COPY rich2 TO STDOUT;
COPY rich2 (id, t) FROM STDIN WITH (FORMAT binary, DELIMITER ',');
COPY rich2 (id, t) FROM STDIN WITH (FORMAT binary, NULL 'x');
COPY rich2 TO STDOUT WITH (FORMAT binary, HEADER);
`);
    expect(c).toBe(d);
    expect(c).toContain('COPY 3');
    expect(c).toContain('héllo');
  });

  it('refuses malformed data with PostgreSQL\'s message and CONTEXT, and writes nothing', async () => {
    const files: Record<string, Buffer> = {
      good: binaryFile([row(1, 'one'), row(2, null)]),
      signature: Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\x01', 'latin1'), int32(0), int32(0), int16(-1)]),
      oids: binaryFile([row(1, 'one')], { flags: 1 << 16 }),
      critical: binaryFile([row(1, 'one')], { flags: 1 << 17 }),
      fields: binaryFile([row(10, 'a'), [int32(11)], row(12, 'c')]),
      truncated: binaryFile([row(20, 'a'), row(21, 'b')], { trailer: false }).subarray(0, -1),
      after: binaryFile([row(30, 'a')], { after: Buffer.from('junk') }),
      size: binaryFile([row(40, 'a'), [Buffer.from([0, 0, 1]), Buffer.from('b')]]),
      negative: binaryFile([row(50, 'a'), [int32(51), null]]).subarray(0, -6),
      noTrailer: binaryFile([row(60, 'a'), row(61, 'b')], { trailer: false }),
      duplicate: binaryFile([row(70, 'a'), row(71, 'b'), row(70, 'again')]),
    };
    // A field size below -1.
    files.negative = Buffer.concat([files.negative!, int32(-5), int16(-1)]);
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, `${name}.bin`), bytes);
    const [a, b] = await both(() => `CREATE TABLE bt (a int PRIMARY KEY, b text);
${Object.keys(files).map((name) => `\\copy bt FROM '${join(dir, `${name}.bin`)}' WITH (FORMAT binary)`).join('\n')}
SELECT * FROM bt ORDER BY a;
`);
    expect(a).toBe(b);
    expect(a).toContain('COPY 2');
    expect(a).toContain('row field count is 1, expected 2');
    expect(a).toContain('received copy data after EOF marker');
    expect(a).toMatch(/ 60 \| a\n\s+61 \| b/);
  });
});

describe('COPY writes all or nothing', () => {
  it('a bad value or a duplicate key deep in a 20,000-row load leaves no row', async () => {
    const lines = (bad: (i: number) => string | null): string => {
      const out: string[] = [];
      for (let i = 1; i <= 20_000; i++) out.push(bad(i) ?? `${i},row ${i},${i / 8}`);
      return out.join('\n') + '\n';
    };
    writeFileSync(join(dir, 'bad-value.csv'), lines((i) => (i === 15_000 ? `${i},row,not-a-number` : null)));
    writeFileSync(join(dir, 'duplicate.csv'), lines((i) => (i === 12_345 ? '17,duplicate of 17,1' : null)));
    writeFileSync(join(dir, 'short.csv'), lines((i) => (i === 9_999 ? `${i}` : null)));
    writeFileSync(join(dir, 'fine.csv'), lines(() => null));
    const [a, b] = await both(() => `CREATE TABLE big (id int PRIMARY KEY, label text, score float8);
\\copy big FROM '${join(dir, 'bad-value.csv')}' WITH (FORMAT csv)
SELECT count(*) FROM big;
\\copy big FROM '${join(dir, 'duplicate.csv')}' WITH (FORMAT csv)
SELECT count(*) FROM big;
\\copy big FROM '${join(dir, 'short.csv')}' WITH (FORMAT csv)
SELECT count(*) FROM big;
BEGIN;
\\copy big FROM '${join(dir, 'fine.csv')}' WITH (FORMAT csv)
SELECT count(*) FROM big;
ROLLBACK;
SELECT count(*) FROM big;
\\copy big FROM '${join(dir, 'fine.csv')}' WITH (FORMAT csv)
SELECT count(*), sum(id), max(label) FROM big;
`);
    expect(a).toBe(b);
    expect(a).toContain('CONTEXT:  COPY big, line 15000, column score: "not-a-number"');
    expect(a).toContain('DETAIL:  Key (id)=(17) already exists.');
    expect(a).toContain('CONTEXT:  COPY big, line 12345');
    expect(a).toContain('missing data for column "label"');
    expect(a).toMatch(/count\s*\n-+\n\s+0\n[\s\S]*count\s*\n-+\n\s+0\n[\s\S]*count\s*\n-+\n\s+0\n/);
    expect(a).toContain('COPY 20000');
  });
});
