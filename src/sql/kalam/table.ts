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

/** After ALTER TABLE (classify.ts routes only the SET ACCESS_LEVEL form here). */
export function parseAlterTableAccessLevel(c: TokenCursor): AlterTableAccessLevel {
  const table = c.expectQualifiedName('table name');
  c.expectWord('set');
  c.expectWord('access_level');
  c.acceptPunct('=');
  const level = c.expectStringOrWord('access level');
  c.expectEnd();
  return { kind: 'AlterTableAccessLevel', table, level };
}
