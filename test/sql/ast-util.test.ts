import { beforeAll, describe, expect, it } from 'vitest';
import { constValue, defElemValue, list, nodeBody, nodeKind, qualifiedName } from '../../src/sql/ast-util.js';
import { initParser, parseSql } from '../../src/sql/parse.js';
import type { PgNode } from '../../src/sql/statement.js';

beforeAll(async () => {
  await initParser();
});

function ast(sql: string): PgNode {
  const [p] = parseSql(sql);
  if (p?.kind !== 'pg') throw new Error(sql);
  return p.ast;
}

/** The expressions of a one-row SELECT list. */
function targets(sql: string): PgNode[] {
  const select = nodeBody<{ targetList: { ResTarget: { val: PgNode } }[] }>(ast(sql));
  return select.targetList.map((t) => t.ResTarget.val);
}

describe('nodeKind / nodeBody', () => {
  it('name and open a node', () => {
    const node = ast('SELECT 1');
    expect(nodeKind(node)).toBe('SelectStmt');
    expect(nodeBody<{ op: string }>(node).op).toBe('SETOP_NONE');
  });
});

describe('constValue reads every A_Const form libpg-query 15 emits', () => {
  it('from a real parse', () => {
    const values = targets("SELECT 1, 0, -7, 2147483647, 3000000000, -2147483648, 99999999999999999999, 1.5, 1e3, 'x', '', true, false, NULL, b'0101', x'ff'").map(constValue);
    expect(values).toEqual([
      { type: 'integer', value: 1 },
      { type: 'integer', value: 0 },
      { type: 'integer', value: -7 },
      { type: 'integer', value: 2147483647 },
      { type: 'bigint', value: 3000000000n },
      { type: 'bigint', value: -2147483648n },
      { type: 'numeric', text: '99999999999999999999' },
      { type: 'numeric', text: '1.5' },
      { type: 'numeric', text: '1e3' },
      { type: 'string', value: 'x' },
      { type: 'string', value: '' },
      { type: 'boolean', value: true },
      { type: 'boolean', value: false },
      { type: 'null' },
      { type: 'bitstring', text: 'b0101' },
      { type: 'bitstring', text: 'xff' },
    ]);
  });

  it('knows the quirky empty forms literally', () => {
    expect(constValue({ A_Const: { ival: {}, location: 7 } })).toEqual({ type: 'integer', value: 0 });
    expect(constValue({ boolval: {} })).toEqual({ type: 'boolean', value: false });
    expect(constValue({ isnull: true })).toEqual({ type: 'null' });
  });
});

describe('qualifiedName', () => {
  it('reads String lists', () => {
    const [cast] = targets('SELECT a::int');
    const typeName = nodeBody<{ typeName: { names: PgNode[] } }>(cast!).typeName;
    expect(qualifiedName(typeName.names)).toEqual(['pg_catalog', 'int4']);
    const [ref] = targets('SELECT "S".t.col');
    expect(qualifiedName(nodeBody<{ fields: PgNode[] }>(ref!).fields)).toEqual(['S', 't', 'col']);
  });
});

describe('defElemValue', () => {
  it('reads WITH options of every argument form', () => {
    const create = nodeBody<{ options: PgNode[] }>(ast("CREATE TABLE t (a int) WITH (type = 'USER', ttl_seconds = 0, n = 5, x = 1.5, y = true, w = off, z)"));
    expect(create.options.map((o) => [nodeBody<{ defname: string }>(o).defname, defElemValue(o)])).toEqual([
      ['type', 'USER'], ['ttl_seconds', 0], ['n', 5], ['x', 1.5], ['y', 'true'], ['w', 'off'], ['z', undefined],
    ]);
  });

  it('reads role and transaction options', () => {
    const role = nodeBody<{ options: PgNode[] }>(ast("CREATE ROLE r NOLOGIN PASSWORD 'p'"));
    expect(role.options.map(defElemValue)).toEqual([false, 'p']);
    const begin = nodeBody<{ options: PgNode[] }>(ast('BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY'));
    expect(begin.options.map(defElemValue)).toEqual(['serializable', 1]);
  });
});

describe('list', () => {
  it('turns a left-out list into []', () => {
    const select = nodeBody<{ sortClause?: PgNode[] }>(ast('SELECT 1'));
    expect(list(select.sortClause)).toEqual([]);
  });
});
