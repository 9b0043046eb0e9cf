/** Statements that return no rows and have no parameters become this PreparedStatement shape. */
import type { OutputColumn, PreparedStatement, StatementResult } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import type { Value } from '../../types/kalam-type.js';

export function utility(
  ctx: SessionContext,
  run: (ctx: SessionContext) => Promise<StatementResult>,
  options: { allowedInFailedBlock?: boolean } = {},
): PreparedStatement {
  return {
    columns: null,
    paramTypes: [],
    catalogVersion: ctx.db.schema.version,
    allowedInFailedBlock: options.allowedInFailedBlock,
    execute: (c) => run(c),
  };
}

/** A statement answering with a fixed set of columns computed at execution (SHOW, DESCRIBE …). */
export function rowsStatement(
  ctx: SessionContext,
  columns: readonly OutputColumn[],
  tag: (rows: Value[][]) => string,
  rows: (ctx: SessionContext) => Promise<Value[][]> | Value[][],
): PreparedStatement {
  return {
    columns,
    paramTypes: [],
    catalogVersion: ctx.db.schema.version,
    async execute(c) {
      const r = await rows(c);
      return { tag: tag(r), rows: r };
    },
  };
}

export function textColumns(...names: string[]): OutputColumn[] {
  return names.map((name) => ({ name, type: { kalam: 0x06, oid: 25, typmod: -1 }, tableOid: 0, attnum: 0 }));
}
