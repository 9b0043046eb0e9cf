/**
 * COPY through the real psql against kalamdb-pg and a throwaway PostgreSQL 15: the same script
 * (COPY … FROM STDIN inline, \copy from and to a file, COPY … TO STDOUT) must print the same
 * thing — rows, tags, and errors with their CONTEXT lines — and leave the same rows.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { psqlAll, psqlBoth } from './psql-pair.js';
import { withOursAndReference } from '../test/support/server-pair.js';

const pair = withOursAndReference();
const dir = mkdtempSync(join(tmpdir(), 'kalamdb-copy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const both = (script: (tag: string) => string): Promise<[string, string]> => psqlBoth(pair, script);

describe('COPY through psql', () => {
  it('FROM STDIN in text and CSV, TO STDOUT, and errors that write nothing', async () => {
    const [a, b] = await both(() => `CREATE TABLE ct (id int PRIMARY KEY, name text, v float8, d date, n numeric(6,2));
COPY ct FROM STDIN;
1\tplain\t1.5\t2020-01-02\t3.14
2\t\\N\t-0\t\\N\t\\N
3\twith\\ttab and \\\\ backslash\\nnewline\t1e10\t1999-12-31\t-1
\\.
COPY ct (id, name) FROM STDIN WITH (FORMAT csv);
4,"quoted, with comma"
5,"a ""quote"" and
a newline"
6,
7,""
\\.
COPY ct FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';', NULL 'NULL');
id;name;v;d;n
8;semi;NULL;2021-06-01;NULL
\\.
SELECT * FROM ct ORDER BY id;
COPY ct TO STDOUT;
COPY ct TO STDOUT WITH (FORMAT csv, HEADER);
COPY ct (name, id) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE *);
COPY (SELECT id, name FROM ct WHERE id > 5 ORDER BY id DESC) TO STDOUT WITH (DELIMITER '|');
COPY ct FROM STDIN;
9\tok\t1\t2020-01-01\t1
10\tbad\tnot-a-number\t2020-01-01\t1
\\.
COPY ct FROM STDIN;
11\tshort
\\.
COPY ct FROM STDIN;
12\ta\t1\t2020-01-01\t1\textra
\\.
COPY ct FROM STDIN WITH (FORMAT csv);
13,"unterminated
\\.
COPY ct FROM STDIN;
1\tduplicate\t1\t2020-01-01\t1
\\.
COPY ct (nope) FROM STDIN;
COPY ct FROM STDIN WITH (QUOTE '"');
COPY ct TO STDOUT WITH (FORMAT csv, DELIMITER '"');
COPY ct (id) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE (name));
SELECT count(*), sum(id) FROM ct;
`);
    expect(a).toBe(b);
    expect(a).toContain('COPY 3');
    expect(a).toContain('CONTEXT:  COPY ct, line 2, column v: "not-a-number"');
  });

  it('refuses what it does not do before the copy starts: files on the server', async () => {
    const out = await psqlAll(pair.ours.port, `CREATE TABLE cb (id int);
COPY cb TO '/tmp/x';
SELECT count(*) FROM cb;
`);
    expect(out).toContain('ERROR:  COPY to or from a file or program is not supported');
    expect(out).toContain('     0\n');
  });

  it('\\copy from and to a file on the client', async () => {
    const csv = join(dir, 'in.csv');
    const lines = ['id,label,score'];
    for (let i = 1; i <= 2500; i++) lines.push(`${i},"label ${i}${i % 7 === 0 ? ', seventh' : ''}",${i % 3 === 0 ? '' : (i / 4).toString()}`);
    writeFileSync(csv, lines.join('\n') + '\n');
    const [a, b] = await both((tag) => `CREATE TABLE big (id int PRIMARY KEY, label text, score float8);
\\copy big FROM '${csv}' WITH (FORMAT csv, HEADER)
SELECT count(*), count(score), sum(id), max(label) FROM big;
\\copy (SELECT * FROM big WHERE id % 500 = 0 ORDER BY id) TO '${join(dir, `out-${tag}.csv`)}' WITH (FORMAT csv, HEADER)
`);
    expect(a).toBe(b);
    expect(a).toContain('COPY 2500');
    expect(readFileSync(join(dir, 'out-ours.csv'), 'utf8')).toBe(readFileSync(join(dir, 'out-ref.csv'), 'utf8'));
  });
});
