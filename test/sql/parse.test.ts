import { beforeAll, describe, expect, it } from 'vitest';
import { clearParseCache, initParser, parseCacheStats, parseSql } from '../../src/sql/parse.js';
import { locationToPosition } from '../../src/sql/position.js';
import type { ParsedStatement } from '../../src/sql/statement.js';

beforeAll(async () => {
  await initParser();
});

function summary(parsed: readonly ParsedStatement[]): string[] {
  return parsed.map((p) => (p.kind === 'pg' ? `pg:${Object.keys(p.ast)[0]}${p.tableType ? `:${p.tableType}` : ''}` : `kalam:${p.stmt.kind}`));
}

describe('routing', () => {
  it('sends PostgreSQL statements to libpg-query', () => {
    expect(summary(parseSql('SELECT 1; INSERT INTO t VALUES (1); BEGIN; COMMIT'))).toEqual([
      'pg:SelectStmt', 'pg:InsertStmt', 'pg:TransactionStmt', 'pg:TransactionStmt',
    ]);
  });

  it('yields [] for a query with no statement', () => {
    expect(parseSql('')).toEqual([]);
    expect(parseSql('  ;  ; ')).toEqual([]);
    expect(parseSql('-- nothing\n/* at all */')).toEqual([]);
  });

  it("keeps PostgreSQL's own user statements with PostgreSQL", () => {
    expect(summary(parseSql("CREATE USER alice WITH PASSWORD 'pw'"))).toEqual(['pg:CreateRoleStmt']);
    expect(summary(parseSql("CREATE ROLE bob LOGIN PASSWORD 'pw'"))).toEqual(['pg:CreateRoleStmt']);
    expect(summary(parseSql('CREATE USER carol IN ROLE admins'))).toEqual(['pg:CreateRoleStmt']);
    expect(summary(parseSql("ALTER USER alice WITH PASSWORD 'x'"))).toEqual(['pg:AlterRoleStmt']);
    expect(summary(parseSql('ALTER USER alice SET search_path TO app'))).toEqual(['pg:AlterRoleSetStmt']);
    expect(summary(parseSql('DROP USER alice'))).toEqual(['pg:DropRoleStmt']);
    expect(summary(parseSql('DROP USER IF EXISTS alice, bob'))).toEqual(['pg:DropRoleStmt']);
    expect(summary(parseSql('CREATE USER "table"'))).toEqual(['pg:CreateRoleStmt']);
  });

  it('sends KalamDB statements that PostgreSQL would also accept to the hand parser', () => {
    // PostgreSQL parses these (SHOW of a setting, CREATE USER … ROLE member) but means something else.
    expect(summary(parseSql('SHOW TABLES'))).toEqual(['kalam:ShowTables']);
    expect(summary(parseSql('SHOW NAMESPACES; SHOW STORAGES'))).toEqual(['kalam:ShowNamespaces', 'kalam:ShowStorages']);
    expect(summary(parseSql("CREATE USER alice WITH PASSWORD 'pw' ROLE dba"))).toEqual(['kalam:CreateUser']);
    expect(summary(parseSql('SHOW search_path; SHOW ALL'))).toEqual(['pg:VariableShowStmt', 'pg:VariableShowStmt']);
  });

  it('keeps EXECUTE of a prepared statement with PostgreSQL', () => {
    expect(summary(parseSql('EXECUTE p(1)'))).toEqual(['pg:ExecuteStmt']);
  });
});

describe('CREATE USER|SHARED|STREAM TABLE', () => {
  it('is rewritten to CREATE TABLE and tagged', () => {
    const sql = 'CREATE USER TABLE app.messages (id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(), body TEXT NOT NULL)';
    const [p] = parseSql(sql);
    expect(p).toMatchObject({ kind: 'pg', tableType: 'USER', text: sql, offset: 0 });
    if (p!.kind !== 'pg') return;
    const create = p.ast['CreateStmt'] as Record<string, any>;
    expect(create['relation']).toMatchObject({ schemaname: 'app', relname: 'messages' });
    // Positions stay right: the word was blanked, not removed.
    expect(create['relation'].location).toBe(sql.indexOf('app.messages'));
    expect(create['tableElts'][1].ColumnDef.location).toBe(sql.indexOf('body'));
  });

  it('covers all three kinds, any case, with IF NOT EXISTS and WITH options', () => {
    const parsed = parseSql(
      "create shared table if not exists cfg (k text primary key) with (access_level = 'PUBLIC');\n" +
        'CREATE STREAM TABLE ev (id int PRIMARY KEY, at timestamp) WITH (TTL_SECONDS = 3600);\n' +
        'CREATE TABLE plain (id int)',
    );
    expect(summary(parsed)).toEqual(['pg:CreateStmt:SHARED', 'pg:CreateStmt:STREAM', 'pg:CreateStmt']);
    expect(parsed[0]).toMatchObject({ ast: { CreateStmt: { if_not_exists: true } } });
    expect(parsed[1]).toMatchObject({ ast: { CreateStmt: { options: [{ DefElem: { defname: 'ttl_seconds' } }] } } });
  });

  it('reports a syntax error in the table body at its real position', () => {
    const sql = 'SELECT 1; CREATE USER TABLE t (id int PRIMARY KEY,)';
    expect(() => parseSql(sql)).toThrow(expect.objectContaining({ message: 'syntax error at or near ")"', position: sql.length }));
  });

  it('does not mistake CREATE USER for a table', () => {
    expect(summary(parseSql("CREATE USER tab WITH PASSWORD 'x'"))).toEqual(['pg:CreateRoleStmt']);
    expect(summary(parseSql("CREATE USER 'table'"))).toEqual(['kalam:CreateUser']);
  });
});

describe('mixed multi-statement strings', () => {
  const sql = [
    'CREATE NAMESPACE IF NOT EXISTS app',
    "CREATE USER TABLE app.m (id BIGINT PRIMARY KEY, body TEXT) ",
    "INSERT INTO app.m VALUES (1, 'a;b')",
    '/* comment */ STORAGE FLUSH TABLE app.m',
    "SELECT 'é€😀', body FROM app.m",
    'DESCRIBE TABLE app.m',
  ].join(';\n');

  it('parses each statement with the right parser, in order', () => {
    expect(summary(parseSql(sql))).toEqual([
      'kalam:CreateNamespace', 'pg:CreateStmt:USER', 'pg:InsertStmt', 'kalam:StorageFlush', 'pg:SelectStmt', 'kalam:DescribeTable',
    ]);
  });

  it('gives every statement its text and offset in the whole string', () => {
    for (const p of parseSql(sql)) {
      expect(sql.slice(p.offset, p.offset + p.text.length)).toBe(p.text);
      expect(p.text).toBe(p.text.trim());
      expect(p.text.endsWith(';')).toBe(false);
    }
    expect(parseSql(sql).map((p) => p.text)[3]).toBe('STORAGE FLUSH TABLE app.m');
  });

  it('gives AST locations as byte offsets into the whole string', () => {
    const select = parseSql(sql)[4]!;
    if (select.kind !== 'pg') throw new Error();
    const target = (select.ast['SelectStmt'] as Record<string, any>)['targetList'][1].ResTarget.val.ColumnRef;
    expect(locationToPosition(sql, target.location)).toBe([...sql.slice(0, sql.lastIndexOf('body'))].length + 1);
  });

  it('matches the pure path for the PostgreSQL statements', () => {
    const pure = parseSql("INSERT INTO app.m VALUES (1, 'a;b')")[0]!;
    const mixed = parseSql("USE app; INSERT INTO app.m VALUES (1, 'a;b')")[1]!;
    const strip = (v: unknown) => JSON.stringify(v, (k, x) => (k === 'location' ? undefined : x));
    expect(mixed.kind === 'pg' && pure.kind === 'pg' && strip(mixed.ast) === strip(pure.ast)).toBe(true);
  });
});

describe('offsets and text for pure PostgreSQL input', () => {
  it('trims whitespace and comments around each statement', () => {
    const sql = '  /* a */ SELECT 1 -- one\n;\n\n  SELECT 2  ;  -- end';
    const parsed = parseSql(sql);
    expect(parsed.map((p) => [p.text, p.offset])).toEqual([
      ['SELECT 1', sql.indexOf('SELECT 1')],
      ['SELECT 2', sql.indexOf('SELECT 2')],
    ]);
  });

  it('converts byte offsets to JS indexes after multi-byte characters', () => {
    const sql = "SELECT '😀€é'; SELECT 'x'";
    const parsed = parseSql(sql);
    expect(parsed.map((p) => p.text)).toEqual(["SELECT '😀€é'", "SELECT 'x'"]);
    expect(parsed[1]!.offset).toBe(sql.indexOf("SELECT 'x'"));
  });
});

describe('parse cache', () => {
  it('returns the same frozen result for the same text', () => {
    clearParseCache();
    const sql = 'SELECT a FROM t WHERE b = $1';
    const first = parseSql(sql);
    const before = parseCacheStats();
    const second = parseSql(sql);
    expect(second).toBe(first);
    expect(parseCacheStats().hits).toBe(before.hits + 1);
    expect(parseCacheStats().size).toBe(1);
  });

  it('freezes the ASTs deeply, so a binder cannot corrupt a shared parse', () => {
    const [p] = parseSql("SELECT 1 WHERE 'x' = 'y'");
    expect(Object.isFrozen(p)).toBe(true);
    if (p!.kind !== 'pg') throw new Error();
    const where = (p.ast['SelectStmt'] as Record<string, any>)['whereClause'];
    expect(Object.isFrozen(where.A_Expr.lexpr)).toBe(true);
    expect(() => {
      where.A_Expr.lexpr.A_Const = null;
    }).toThrow(TypeError);
  });

  it('does not cache errors', () => {
    clearParseCache();
    expect(() => parseSql('SELEC 1')).toThrow();
    expect(parseCacheStats().size).toBe(0);
  });

  it('evicts the least recently used entry beyond 1000', () => {
    clearParseCache();
    parseSql('SELECT 0');
    for (let i = 1; i <= 1000; i++) {
      if (i === 500) parseSql('SELECT 0'); // touch: now recently used
      parseSql(`SELECT ${i}`);
    }
    expect(parseCacheStats().size).toBe(1000);
    const hits = parseCacheStats().hits;
    parseSql('SELECT 0');
    expect(parseCacheStats().hits).toBe(hits + 1);
    parseSql('SELECT 1'); // the oldest untouched entry: evicted
    expect(parseCacheStats().hits).toBe(hits + 1);
  });
});
