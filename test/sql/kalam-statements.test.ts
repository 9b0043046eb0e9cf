import { beforeAll, describe, expect, it } from 'vitest';
import type { KalamStatement } from '../../src/sql/kalam/statement.js';
import { initParser, parseSql } from '../../src/sql/parse.js';

beforeAll(async () => {
  await initParser();
});

/** The one KalamDB statement `sql` holds. */
function kalam(sql: string): KalamStatement {
  const parsed = parseSql(sql);
  expect(parsed).toHaveLength(1);
  const p = parsed[0]!;
  if (p.kind !== 'kalam') throw new Error(`${sql} went to ${p.kind}`);
  return p.stmt;
}

describe('namespaces', () => {
  it.each([
    ['CREATE NAMESPACE app', { kind: 'CreateNamespace', name: 'app', ifNotExists: false }],
    ['create namespace if not exists App', { kind: 'CreateNamespace', name: 'app', ifNotExists: true }],
    ['CREATE NAMESPACE "My App";', { kind: 'CreateNamespace', name: 'My App', ifNotExists: false }],
    ['DROP NAMESPACE app', { kind: 'DropNamespace', name: 'app', ifExists: false, cascade: false }],
    ['DROP NAMESPACE IF EXISTS app CASCADE', { kind: 'DropNamespace', name: 'app', ifExists: true, cascade: true }],
    ['DROP NAMESPACE app RESTRICT', { kind: 'DropNamespace', name: 'app', ifExists: false, cascade: false }],
    ['SHOW NAMESPACES', { kind: 'ShowNamespaces' }],
    ['USE app', { kind: 'UseNamespace', namespace: 'app' }],
    ['use NAMESPACE App', { kind: 'UseNamespace', namespace: 'app' }],
    ['USE namespace', { kind: 'UseNamespace', namespace: 'namespace' }],
    ['USE "Quoted"', { kind: 'UseNamespace', namespace: 'Quoted' }],
  ])('%s', (sql, expected) => {
    expect(kalam(sql)).toEqual(expected);
  });
});

describe('tables', () => {
  it.each([
    ['SHOW TABLES', { kind: 'ShowTables' }],
    ['SHOW TABLES IN app', { kind: 'ShowTables', namespace: 'app' }],
    ['show tables from "App"', { kind: 'ShowTables', namespace: 'App' }],
    ['DESCRIBE TABLE app.messages', { kind: 'DescribeTable', table: { namespace: 'app', name: 'messages', position: 16 }, history: false }],
    ['DESCRIBE TABLE app.messages HISTORY', { kind: 'DescribeTable', table: { namespace: 'app', name: 'messages', position: 16 }, history: true }],
    ['DESC TABLE messages', { kind: 'DescribeTable', table: { name: 'messages', position: 12 }, history: false }],
    ['DESCRIBE messages', { kind: 'DescribeTable', table: { name: 'messages', position: 10 }, history: false }],
    ['DESCRIBE "App"."Msgs" history', { kind: 'DescribeTable', table: { namespace: 'App', name: 'Msgs', position: 10 }, history: true }],
    ['DESCRIBE table', { kind: 'DescribeTable', table: { name: 'table', position: 10 }, history: false }],
  ])('%s', (sql, expected) => {
    expect(kalam(sql)).toEqual(expected);
  });
});

describe('storage jobs and storages', () => {
  it.each([
    ['STORAGE FLUSH TABLE app.messages', { kind: 'StorageFlush', scope: { kind: 'table', table: { namespace: 'app', name: 'messages', position: 21 } } }],
    ['STORAGE FLUSH ALL', { kind: 'StorageFlush', scope: { kind: 'all' } }],
    ['STORAGE FLUSH ALL IN app', { kind: 'StorageFlush', scope: { kind: 'all', namespace: 'app' } }],
    ['FLUSH TABLE m', { kind: 'StorageFlush', scope: { kind: 'table', table: { name: 'm', position: 13 } } }],
    ['FLUSH ALL TABLES', { kind: 'StorageFlush', scope: { kind: 'all' } }],
    ['flush all tables in app;', { kind: 'StorageFlush', scope: { kind: 'all', namespace: 'app' } }],
    ['STORAGE COMPACT TABLE app.m', { kind: 'StorageCompact', scope: { kind: 'table', table: { namespace: 'app', name: 'm', position: 23 } } }],
    ['STORAGE COMPACT ALL IN app', { kind: 'StorageCompact', scope: { kind: 'all', namespace: 'app' } }],
    ['SHOW STORAGES', { kind: 'ShowStorages' }],
    ['DROP STORAGE s3prod', { kind: 'DropStorage', storageId: 's3prod', ifExists: false }],
    ['DROP STORAGE IF EXISTS s3prod', { kind: 'DropStorage', storageId: 's3prod', ifExists: true }],
    ["ALTER STORAGE cold SET NAME 'Cold'", { kind: 'AlterStorage', storageId: 'cold', changes: { name: 'Cold' } }],
    [
      "ALTER STORAGE Cold SET DESCRIPTION 'd' SET USER_TABLES_TEMPLATE '{userId}/{namespace}/{tableName}';",
      { kind: 'AlterStorage', storageId: 'cold', changes: { description: 'd', userTablesTemplate: '{userId}/{namespace}/{tableName}' } },
    ],
    [
      "alter storage \"Cold\" set shared_tables_template 'a/{namespace}/{tableName}', base_directory '/x', uri_ignored_below 'no'",
      undefined,
    ],
    ["ALTER STORAGE c SET URI '/x', CREDENTIALS 'k'", { kind: 'AlterStorage', storageId: 'c', changes: { baseDirectory: '/x', credentials: 'k' } }],
    [
      "CREATE STORAGE IF NOT EXISTS cold TYPE filesystem BASE_DIRECTORY '/srv/cold'",
      { kind: 'CreateStorage', storageId: 'cold', ifNotExists: true, storageType: 'filesystem', baseDirectory: '/srv/cold' },
    ],
  ])('%s', (sql, expected) => {
    if (expected === undefined) {
      expect(() => parseSql(sql)).toThrow(/syntax error at or near "uri_ignored_below"/);
      return;
    }
    expect(kalam(sql)).toEqual(expected);
  });

  it('CREATE STORAGE with every option, in any order', () => {
    expect(
      kalam(`CREATE STORAGE s3prod
        CREDENTIALS '{"access_key":"k"}' TYPE 'S3' NAME 'Prod' DESCRIPTION 'it''s prod'
        USER_TABLES_TEMPLATE '{namespace}/{tableName}/{userId}' BASE_DIRECTORY 's3://bucket/prefix'
        SHARED_TABLES_TEMPLATE '{namespace}/{tableName}'`),
    ).toEqual({
      kind: 'CreateStorage',
      storageId: 's3prod',
      storageType: 's3',
      name: 'Prod',
      description: "it's prod",
      baseDirectory: 's3://bucket/prefix',
      sharedTablesTemplate: '{namespace}/{tableName}',
      userTablesTemplate: '{namespace}/{tableName}/{userId}',
      credentials: '{"access_key":"k"}',
    });
  });

  it("CREATE STORAGE in the seeds' spelling (TYPE S3 URI '…')", () => {
    expect(kalam("CREATE STORAGE s3_prod TYPE S3 URI 's3://kalamdb-prod/data'")).toEqual({
      kind: 'CreateStorage',
      storageId: 's3_prod',
      storageType: 's3',
      baseDirectory: 's3://kalamdb-prod/data',
    });
  });
});

describe('users', () => {
  it.each([
    ["CREATE USER 'alice' WITH PASSWORD 'pw' ROLE user", { kind: 'CreateUser', username: 'alice', password: 'pw', role: 'user' }],
    ["CREATE USER 'Bob' PASSWORD 'x' ROLE 'dba' EMAIL 'b@x.io' AUTH_TYPE 'scram-sha-256'", { kind: 'CreateUser', username: 'Bob', password: 'x', role: 'dba', email: 'b@x.io', authType: 'scram-sha-256' }],
    ["create user 'svc' role SERVICE with", undefined],
    ["CREATE USER 'sys' ROLE system PASSWORD 'p'", { kind: 'CreateUser', username: 'sys', password: 'p', role: 'system' }],
    ["CREATE USER 'plain'", { kind: 'CreateUser', username: 'plain', role: 'user' }],
    ['CREATE USER admin_user WITH ROLE dba', { kind: 'CreateUser', username: 'admin_user', role: 'dba' }],
    ["ALTER USER 'alice' SET PASSWORD 'new'", { kind: 'AlterUser', username: 'alice', change: { kind: 'password', password: 'new' } }],
    ["ALTER USER 'alice' SET ROLE dba", { kind: 'AlterUser', username: 'alice', change: { kind: 'role', role: 'dba' } }],
    ["ALTER USER alice SET PASSWORD 'x'", { kind: 'AlterUser', username: 'alice', change: { kind: 'password', password: 'x' } }],
    ['ALTER USER alice SET ROLE service', { kind: 'AlterUser', username: 'alice', change: { kind: 'role', role: 'service' } }],
    ["ALTER USER 'alice' SET EMAIL 'a@example.com'", { kind: 'AlterUser', username: 'alice', change: { kind: 'email', email: 'a@example.com' } }],
    ["ALTER USER alice SET EMAIL 'a@example.com'", { kind: 'AlterUser', username: 'alice', change: { kind: 'email', email: 'a@example.com' } }],
    ["ALTER USER 'alice' UNLOCK", { kind: 'AlterUser', username: 'alice', change: { kind: 'unlock' } }],
    ['alter user alice unlock', { kind: 'AlterUser', username: 'alice', change: { kind: 'unlock' } }],
    ["DROP USER 'alice'", { kind: 'DropUser', username: 'alice', ifExists: false }],
    ["DROP USER IF EXISTS 'alice'", { kind: 'DropUser', username: 'alice', ifExists: true }],
  ])('%s', (sql, expected) => {
    if (expected === undefined) {
      expect(() => parseSql(sql)).toThrow(/syntax error at or near "with"/);
      return;
    }
    expect(kalam(sql)).toEqual(expected);
  });
});

describe('EXECUTE AS USER', () => {
  it('parses the statement inside, keeping its offset into the whole query', () => {
    const sql = "SELECT 1; EXECUTE AS USER 'alice' ( SELECT * FROM app.messages WHERE body = ')' )";
    const [, p] = parseSql(sql);
    expect(p!.kind).toBe('kalam');
    const stmt = (p as { stmt: KalamStatement }).stmt;
    if (stmt.kind !== 'ExecuteAs') throw new Error(stmt.kind);
    expect(stmt.username).toBe('alice');
    const inner = stmt.statement;
    expect(inner.kind).toBe('pg');
    expect(inner.text).toBe("SELECT * FROM app.messages WHERE body = ')'");
    expect(inner.offset).toBe(sql.indexOf('SELECT *'));
    if (inner.kind !== 'pg') return;
    // AST locations are byte offsets into the whole query (ASCII here: = JS index).
    const where = (inner.ast['SelectStmt'] as { whereClause: { A_Expr: { lexpr: { ColumnRef: { location: number } } } } }).whereClause;
    expect(where.A_Expr.lexpr.ColumnRef.location).toBe(sql.indexOf('body'));
  });

  it('nests KalamDB statements and CREATE USER TABLE', () => {
    const [p] = parseSql("EXECUTE AS USER 'bob' (SUBSCRIBE TO app.m)");
    expect(p).toMatchObject({ kind: 'kalam', stmt: { kind: 'ExecuteAs', username: 'bob', statement: { kind: 'kalam', stmt: { kind: 'Subscribe' }, offset: 23 } } });
    const [q] = parseSql("EXECUTE AS USER 'bob' (CREATE USER TABLE t (id int PRIMARY KEY))");
    expect(q).toMatchObject({ kind: 'kalam', stmt: { statement: { kind: 'pg', tableType: 'USER', ast: { CreateStmt: { relation: { relname: 't' } } } } } });
  });

  it('takes exactly one statement', () => {
    expect(() => parseSql("EXECUTE AS USER 'a' (SELECT 1; SELECT 2)")).toThrow('EXECUTE AS USER takes exactly one statement');
  });
});

describe('SUBSCRIBE', () => {
  it('keeps the WHERE text and a SelectStmt whose locations point into the query', () => {
    const sql = "SUBSCRIBE TO app.messages WHERE user_id = 'x' AND (n > 1 OR n < -1) OPTIONS (last_rows = 10, batch_size = 50)";
    const stmt = kalam(sql);
    if (stmt.kind !== 'Subscribe') throw new Error(stmt.kind);
    expect(stmt.table).toEqual({ namespace: 'app', name: 'messages', position: 14 });
    expect(stmt.where).toEqual({ text: "user_id = 'x' AND (n > 1 OR n < -1)", offset: sql.indexOf('user_id') });
    expect(stmt.options).toEqual({ lastRows: 10, batchSize: 50 });
    const select = stmt.select['SelectStmt'] as Record<string, any>;
    expect(select['fromClause']).toEqual([{ RangeVar: expect.objectContaining({ schemaname: 'app', relname: 'messages' }) }]);
    const and = select['whereClause'].BoolExpr;
    expect(and.boolop).toBe('AND_EXPR');
    expect(and.args[0].A_Expr.lexpr.ColumnRef.location).toBe(sql.indexOf('user_id'));
    expect(and.args[1].BoolExpr.args[1].A_Expr.lexpr.ColumnRef.location).toBe(sql.indexOf('n < -1'));
  });

  it('without WHERE still carries SELECT * FROM the table', () => {
    const stmt = kalam('subscribe to "Msgs"');
    expect(stmt).toMatchObject({ kind: 'Subscribe', table: { name: 'Msgs' }, options: {} });
    expect(stmt).not.toHaveProperty('where');
    expect((stmt as { select: Record<string, any> }).select['SelectStmt'].fromClause[0].RangeVar.relname).toBe('Msgs');
  });

  it('OPTIONS without WHERE, and a WHERE that mentions options', () => {
    expect(kalam('SUBSCRIBE TO t OPTIONS (last_rows = 3)')).toMatchObject({ options: { lastRows: 3 } });
    const s = kalam("SUBSCRIBE TO t WHERE options = 'a' AND options(1) > 0");
    expect(s).toMatchObject({ where: { text: "options = 'a' AND options(1) > 0" }, options: {} });
  });

  it('locations stay right after multi-byte characters', () => {
    const sql = "SELECT '€'; SUBSCRIBE TO t WHERE a = 1";
    const [, p] = parseSql(sql);
    const select = ((p as { stmt: { select: Record<string, any> } }).stmt.select)['SelectStmt'];
    // byte offset of 'a': the € is 3 bytes, 1 JS char.
    expect(select.whereClause.A_Expr.lexpr.ColumnRef.location).toBe(sql.indexOf('a = 1') + 2);
  });
});

describe('KILL', () => {
  it.each([
    ["KILL LIVE QUERY 'lq-123'", { kind: 'KillLiveQuery', liveQueryId: 'lq-123' }],
    ["kill job 'FL-9'", { kind: 'KillJob', jobId: 'FL-9' }],
  ])('%s', (sql, expected) => {
    expect(kalam(sql)).toEqual(expected);
  });
});
