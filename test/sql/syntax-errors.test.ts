import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SqlError } from '../../src/errors/sql-error.js';
import { initParser, parseSql } from '../../src/sql/parse.js';

interface GoldenCase {
  sql: string;
  code: string;
  message: string;
  position: number | null;
}

// Captured from a real PostgreSQL 15 by golden/capture-syntax-errors.mjs; never edited by hand.
const golden = JSON.parse(readFileSync(new URL('./golden/syntax-errors.json', import.meta.url), 'utf8')) as { cases: GoldenCase[] };

function errorOf(sql: string): SqlError {
  try {
    parseSql(sql);
  } catch (e) {
    expect(e).toBeInstanceOf(SqlError);
    return e as SqlError;
  }
  throw new Error(`no error for ${sql}`);
}

beforeAll(async () => {
  await initParser();
});

describe('syntax errors match PostgreSQL 15', () => {
  it.each(golden.cases)('$sql', ({ sql, code, message, position }) => {
    const e = errorOf(sql);
    expect({ code: e.code, message: e.message, position: e.position ?? null }).toEqual({ code, message, position });
  });
});

describe('syntax errors after a KalamDB statement', () => {
  // The query goes the split path (SHOW TABLES is KalamDB's); the PostgreSQL statement's error
  // must read exactly as PostgreSQL's, shifted by the prefix.
  const prefix = 'SHOW TABLES;\n/* é */ ';
  it.each(golden.cases)('$sql', ({ sql, code, message, position }) => {
    const e = errorOf(prefix + sql);
    expect({ code: e.code, message: e.message, position: e.position ?? null }).toEqual({
      code,
      message,
      position: position === null ? null : position + [...prefix].length,
    });
  });
});

describe('syntax errors in KalamDB statements', () => {
  it.each([
    ['STORAGE FLUSH foo', 'syntax error at or near "foo"', 15, 'Expected TABLE or ALL.'],
    ['STORAGE FLUSH', 'syntax error at end of input', 14, 'Expected TABLE or ALL.'],
    ['STORAGE FLUSH;', 'syntax error at or near ";"', 14, 'Expected TABLE or ALL.'],
    ['SELECT 1; CREATE NAMESPACE', 'syntax error at end of input', 27, 'Expected namespace name.'],
    ['CREATE NAMESPACE a b', 'syntax error at or near "b"', 20, 'Expected end of statement.'],
    ['SHOW TABLES IN', 'syntax error at end of input', 15, 'Expected namespace name.'],
    ['DESCRIBE TABLE a.b.c', 'syntax error at or near "."', 19, 'Expected end of name (names have at most two parts: namespace.name).'],
    ["KILL QUERY 'x'", 'syntax error at or near "QUERY"', 6, 'Expected LIVE QUERY or JOB.'],
    ["CREATE USER 'a' WITH PASSWORD", 'syntax error at end of input', 30, "Expected password ('…')."],
    ["CREATE USER 'a' WITH PASWORD 'x'", 'syntax error at or near "PASWORD"', 22, 'Expected PASSWORD, ROLE, EMAIL or AUTH_TYPE.'],
    ["CREATE STORAGE s TYPE 's3'", 'syntax error at end of input', 27, 'Expected BASE_DIRECTORY (CREATE STORAGE needs TYPE and BASE_DIRECTORY).'],
    ["CREATE STORAGE s BASE_DIRECTORY '/x' TYPE 'filesystem' FOO 'x'", 'syntax error at or near "FOO"', 56, expect.stringContaining('Expected a storage option')],
    ["ALTER STORAGE s SET", 'syntax error at end of input', 20, expect.stringContaining('Expected a storage option (NAME, DESCRIPTION')],
    ["ALTER STORAGE s NAME 'x'", 'syntax error at or near "NAME"', 17, 'Expected SET.'],
    ["ALTER STORAGE s SET TYPE 's3'", 'syntax error at or near "TYPE"', 21, expect.stringContaining('Expected a storage option')],
    ["EXECUTE AS USER 'a' (SELECT 1", 'syntax error at end of input', 30, expect.stringContaining('")"')],
    ["EXECUTE AS USER 'a' ()", 'syntax error at or near ")"', 22, 'Expected a statement inside EXECUTE AS USER ( … ).'],
    ['SUBSCRIBE app.t', 'syntax error at or near "app"', 11, 'Expected TO.'],
    ['SUBSCRIBE TO t WHERE', 'syntax error at end of input', 21, 'Expected an expression after WHERE.'],
    ['SUBSCRIBE TO t OPTIONS (last_rows = x)', 'syntax error at or near "x"', 37, 'Expected a non-negative integer for last_rows.'],
    ['USE', 'syntax error at end of input', 4, 'Expected namespace name.'],
  ] as const)('%s', (sql, message, position, detail) => {
    const e = errorOf(sql);
    expect(e.code).toBe('42601');
    expect(e.message).toBe(message);
    expect(e.position).toBe(position);
    expect(e.detail).toEqual(detail);
  });

  it('points into the whole query for a statement after others, in characters not bytes', () => {
    const sql = "SELECT '😀é'; STORAGE FLUSH nope";
    const e = errorOf(sql);
    expect(e.message).toBe('syntax error at or near "nope"');
    expect(e.position).toBe([...sql].length - 3);
  });

  it('reports a syntax error inside EXECUTE AS USER at its place in the whole query', () => {
    const sql = "EXECUTE AS USER 'alice' (SELEC 1)";
    const e = errorOf(sql);
    expect(e.message).toBe('syntax error at or near "SELEC"');
    expect(e.position).toBe(26);
  });

  it("reports a syntax error in SUBSCRIBE's WHERE at its place in the whole query", () => {
    const sql = 'SELECT 1; SUBSCRIBE TO app.t WHERE a = = 1';
    const e = errorOf(sql);
    expect(e.message).toBe('syntax error at or near "="');
    expect(e.position).toBe(sql.indexOf('= 1') + 1);
  });

  it('rejects a SUBSCRIBE WHERE that smuggles in more than a condition', () => {
    for (const sql of ['SUBSCRIBE TO t WHERE true UNION SELECT * FROM secrets', 'SUBSCRIBE TO t WHERE a = 1 ORDER BY a', 'SUBSCRIBE TO t WHERE true LIMIT 1']) {
      const e = errorOf(sql);
      expect(e.code).toBe('42601');
      expect(e.message).toBe('SUBSCRIBE takes a WHERE condition only');
    }
  });

  it('rejects unknown options and values with their own messages', () => {
    expect(errorOf('SUBSCRIBE TO t OPTIONS (foo = 1)')).toMatchObject({ code: '42601', message: 'unrecognized SUBSCRIBE option "foo"', position: 25 });
    expect(errorOf('SUBSCRIBE TO t OPTIONS (last_rows = 1, last_rows = 2)')).toMatchObject({ message: 'conflicting or redundant options' });
    expect(errorOf("CREATE USER 'a' ROLE wizard")).toMatchObject({ code: '22023', message: 'invalid role "wizard"', position: 22 });
    expect(errorOf("ALTER USER 'a' SET ROLE 'boss'")).toMatchObject({ code: '22023', message: 'invalid role "boss"' });
    expect(errorOf("CREATE USER 'a' AUTH_TYPE 'kerberos'")).toMatchObject({ code: '22023', message: 'invalid auth type "kerberos"' });
    expect(errorOf("CREATE USER 'a' PASSWORD 'x' PASSWORD 'y'")).toMatchObject({ code: '42601', message: 'conflicting or redundant options' });
    expect(errorOf("CREATE STORAGE s TYPE 's3' TYPE 's3' BASE_DIRECTORY 'x'")).toMatchObject({ message: 'conflicting or redundant options', position: 28 });
  });

  it('reports the first failing statement of a mixed query', () => {
    expect(errorOf('USE app; SELEC 1; STORAGE FLUSH x')).toMatchObject({ message: 'syntax error at or near "SELEC"', position: 10 });
    expect(errorOf('SELEC 1; USE app')).toMatchObject({ message: 'syntax error at or near "SELEC"', position: 1 });
    expect(errorOf('USE; SELEC 1')).toMatchObject({ message: 'syntax error at or near ";"', position: 4 });
  });
});
