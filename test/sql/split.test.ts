import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../src/sql/split.js';

/** The statement texts of `sql`, as the splitter cuts them. */
function texts(sql: string): string[] {
  return splitStatements(sql).map((p) => sql.slice(p.start, p.end));
}

describe('splitStatements', () => {
  it('splits at top-level semicolons and trims whitespace', () => {
    expect(texts('SELECT 1; SELECT 2')).toEqual(['SELECT 1', 'SELECT 2']);
    expect(texts('  SELECT 1  ;\n\n  SELECT 2 ;  ')).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('drops empty statements and yields [] when there is none', () => {
    expect(texts('')).toEqual([]);
    expect(texts('   ')).toEqual([]);
    expect(texts(';;; ;')).toEqual([]);
    expect(texts('-- only a comment')).toEqual([]);
    expect(texts('/* a */ ; /* b /* nested */ */ ;')).toEqual([]);
    expect(texts('SELECT 1;;;SELECT 2;')).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('trims leading and trailing comments', () => {
    expect(texts('/* lead */ SELECT 1 -- tail\n; -- x\nSELECT 2 /* t */')).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('records where each statement ends, past its semicolon', () => {
    const sql = 'SELECT 1 ; SELECT 2';
    expect(splitStatements(sql)).toEqual([
      { start: 0, end: 8, terminatorEnd: 10 },
      { start: 11, end: 19, terminatorEnd: 19 },
    ]);
  });

  it("keeps ';' inside '…' strings, with '' escapes", () => {
    expect(texts("SELECT 'a;b'; SELECT 'it''s; fine'")).toEqual(["SELECT 'a;b'", "SELECT 'it''s; fine'"]);
  });

  it("keeps ';' inside E'…' strings, with backslash escapes", () => {
    expect(texts("SELECT E'a\\';b'; SELECT 2")).toEqual(["SELECT E'a\\';b'", 'SELECT 2']);
    expect(texts("SELECT e'\\\\'; SELECT 2")).toEqual(["SELECT e'\\\\'", 'SELECT 2']);
    // A plain string does not treat backslash as an escape (standard_conforming_strings).
    expect(texts("SELECT 'a\\'; SELECT 2")).toEqual(["SELECT 'a\\'", 'SELECT 2']);
    // An identifier ending in e is not an E string prefix.
    expect(texts("SELECT type'x\\'; SELECT 2")).toEqual(["SELECT type'x\\'", 'SELECT 2']);
  });

  it('keeps \';\' inside "…" identifiers, with "" escapes', () => {
    expect(texts('SELECT 1 AS "a;""b"; SELECT 2')).toEqual(['SELECT 1 AS "a;""b"', 'SELECT 2']);
  });

  it("keeps ';' inside dollar quotes, tagged or not", () => {
    expect(texts('SELECT $$a;b$$; SELECT 2')).toEqual(['SELECT $$a;b$$', 'SELECT 2']);
    expect(texts('SELECT $fn$ x; $$ y; $fn$; SELECT 2')).toEqual(['SELECT $fn$ x; $$ y; $fn$', 'SELECT 2']);
  });

  it('does not mistake $1 parameters or identifiers with $ for dollar quotes', () => {
    expect(texts('SELECT $1; SELECT $2')).toEqual(['SELECT $1', 'SELECT $2']);
    expect(texts('SELECT a$b$; SELECT 2')).toEqual(['SELECT a$b$', 'SELECT 2']);
  });

  it("keeps ';' inside -- and nested /* */ comments", () => {
    expect(texts('SELECT 1 -- a; b\n+ 1; SELECT 2')).toEqual(['SELECT 1 -- a; b\n+ 1', 'SELECT 2']);
    expect(texts('SELECT 1 /* a; /* b; */ c; */ + 1; SELECT 2')).toEqual(['SELECT 1 /* a; /* b; */ c; */ + 1', 'SELECT 2']);
  });

  it("keeps ';' inside parentheses, as psql does", () => {
    expect(texts("EXECUTE AS USER 'a' (SELECT 1; SELECT 2); SELECT 3")).toEqual([
      "EXECUTE AS USER 'a' (SELECT 1; SELECT 2)",
      'SELECT 3',
    ]);
  });

  it('keeps a BEGIN ATOMIC function body whole (psql heuristic)', () => {
    const fn = 'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END';
    expect(texts(`${fn}; SELECT 3`)).toEqual([fn, 'SELECT 3']);
    // BEGIN as a transaction statement splits normally.
    expect(texts('BEGIN; SELECT 1; END')).toEqual(['BEGIN', 'SELECT 1', 'END']);
  });

  it('lets an unterminated quote or comment run to the end', () => {
    expect(texts("SELECT 'a; SELECT 2")).toEqual(["SELECT 'a; SELECT 2"]);
    expect(texts('SELECT 1 /* a; SELECT 2')).toEqual(['SELECT 1']);
    expect(texts('SELECT $$ a; SELECT 2')).toEqual(['SELECT $$ a; SELECT 2']);
  });

  it('counts JS indexes in text with multi-byte characters', () => {
    const sql = "SELECT '😀é'; SELECT 2";
    const [a, b] = splitStatements(sql);
    expect(sql.slice(a!.start, a!.end)).toBe("SELECT '😀é'");
    expect(sql.slice(b!.start, b!.end)).toBe('SELECT 2');
  });
});
