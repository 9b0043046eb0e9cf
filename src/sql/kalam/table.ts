/**
 * Reading about tables:
 *
 *   SHOW TABLES [IN|FROM app]
 *   DESCRIBE TABLE app.messages [HISTORY]     (also DESC TABLE …, DESCRIBE app.messages)
 *
 *   ALTER TABLE app.config SET ACCESS_LEVEL PUBLIC|PRIVATE|RESTRICTED   (also = 'PUBLIC')
 *
 * DESCRIBE returns one row per column; with HISTORY one row per schema version (DESIGN.md §3).
 */
import type { QualifiedName, TokenCursor } from './cursor.js';

export interface ShowTables {
  readonly kind: 'ShowTables';
  /** Absent: every namespace the user can see. */
  readonly namespace?: string;
}

export interface DescribeTable {
  readonly kind: 'DescribeTable';
  readonly table: QualifiedName;
  readonly history: boolean;
}

/** After SHOW TABLES. */
export function parseShowTables(c: TokenCursor): ShowTables {
  if (c.acceptWord('in') || c.acceptWord('from')) {
    const namespace = c.expectIdentifier('namespace name');
    c.expectEnd();
    return { kind: 'ShowTables', namespace };
  }
  c.expectEnd();
  return { kind: 'ShowTables' };
}

/** After DESCRIBE or DESC. */
export function parseDescribe(c: TokenCursor): DescribeTable {
  // DESCRIBE TABLE t, or DESCRIBE t where t may itself be named "table" (DESCRIBE table).
  if (c.isWord('table') && c.peek(1) && !(c.peek(1)!.kind === 'word' && c.peek(1)!.value === 'history' && !c.peek(2))) {
    c.next();
  }
  const table = c.expectQualifiedName('table name');
  const history = c.acceptWord('history');
  c.expectEnd();
  return { kind: 'DescribeTable', table, history };
}

export interface AlterTableAccessLevel {
  readonly kind: 'AlterTableAccessLevel';
  readonly table: QualifiedName;
  readonly level: string;
}

/** ALTER TABLE t CREATE VECTOR INDEX name ON col USING COSINE|L2|DOT: an hnsw index (src/vector). */
export interface AlterTableCreateVectorIndex {
  readonly kind: 'AlterTableCreateVectorIndex';
  readonly table: QualifiedName;
  readonly name: string;
  readonly column: string;
  readonly metric: string;
}

/** After ALTER TABLE (classify.ts routes only the SET ACCESS_LEVEL and CREATE VECTOR INDEX forms here). */
export function parseAlterTableAccessLevel(c: TokenCursor): AlterTableAccessLevel | AlterTableCreateVectorIndex {
  const table = c.expectQualifiedName('table name');
  if (c.acceptWord('create')) {
    c.expectWord('vector');
    c.expectWord('index');
    const name = c.expectIdentifier('index name');
    c.expectWord('on');
    const column = c.expectIdentifier('column name');
    c.expectWord('using');
    const metric = c.expectStringOrWord('COSINE, L2 or DOT');
    c.expectEnd();
    return { kind: 'AlterTableCreateVectorIndex', table, name, column, metric };
  }
  c.expectWord('set');
  c.expectWord('access_level');
  c.acceptPunct('=');
  const level = c.expectStringOrWord('access level');
  c.expectEnd();
  return { kind: 'AlterTableAccessLevel', table, level };
}
