/**
 * Which kind a finished statement counts as, read from its command tag (the tag is what the
 * client got, so the count agrees with what it saw): "INSERT 0 3" is an insert of three rows.
 * Only startsWith and charCodeAt: nothing is allocated per statement.
 */
export type StatementKind = 'select' | 'insert' | 'update' | 'delete' | 'ddl' | 'utility' | 'other';

export const STATEMENT_KINDS: readonly StatementKind[] = ['select', 'insert', 'update', 'delete', 'ddl', 'utility', 'other'];

const DDL = ['CREATE', 'ALTER', 'DROP', 'TRUNCATE', 'COMMENT', 'GRANT', 'REVOKE', 'REINDEX', 'REFRESH', 'SECURITY'];
const UTILITY = [
  'BEGIN', 'START', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'RELEASE', 'PREPARE', 'EXECUTE', 'DEALLOCATE', 'DISCARD',
  'SET', 'RESET', 'SHOW', 'LISTEN', 'UNLISTEN', 'NOTIFY', 'VACUUM', 'ANALYZE', 'CHECKPOINT', 'DECLARE', 'FETCH',
  'MOVE', 'CLOSE', 'LOCK', 'EXPLAIN', 'DO', 'CALL',
];

export function statementKind(tag: string): StatementKind {
  if (tag.startsWith('SELECT')) return 'select';
  if (tag.startsWith('INSERT')) return 'insert';
  if (tag.startsWith('UPDATE')) return 'update';
  if (tag.startsWith('DELETE')) return 'delete';
  for (const w of DDL) if (startsWithWord(tag, w)) return 'ddl';
  for (const w of UTILITY) if (startsWithWord(tag, w)) return 'utility';
  return 'other';
}

function startsWithWord(tag: string, word: string): boolean {
  return tag.startsWith(word) && (tag.length === word.length || tag.charCodeAt(word.length) === 32);
}

/** Rows an INSERT, UPDATE, DELETE, MERGE or COPY FROM wrote: the tag's last number. */
export function rowsInTag(tag: string): number {
  let n = 0;
  let scale = 1;
  for (let i = tag.length - 1; i >= 0; i--) {
    const c = tag.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    n += c * scale;
    scale *= 10;
  }
  return n;
}
