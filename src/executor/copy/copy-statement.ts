/**
 * COPY … FROM STDIN and COPY … TO STDOUT (a table, some of its columns, or a query), in text, CSV
 * and binary. FROM is copy-from.ts; TO runs the query and sends a CopyData per row (a line, or a
 * binary tuple between the binary header and trailer).
 */
import { requirePrivilege, tableObject } from '../privileges/privilege-check.js';
import type { Node } from '../../binder/ast.js';
import { StatementParams } from '../../binder/param-slots.js';
import { resolveUserTable, type RangeVarNode } from '../../binder/resolve-relation.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import { makeEvalContext, prepareSequences } from '../eval-context.js';
import type { PreparedStatement } from '../prepared-statement.js';
import { prepareSelectSource } from '../query/select-source.js';
import type { SessionContext } from '../session-context.js';
import { rowEncoder } from '../../session/wire-values.js';
import { copyOptions, type CopyOptions } from './copy-options.js';
import { binaryHeader, binaryTrailer, binaryTuple } from './copy-binary.js';
import { ROWS_PER_WRITE, copyFromStdin, targetColumns } from './copy-from.js';
import { headerLine, lineWriter } from './copy-lines.js';

interface CopyStmtNode {
  relation?: RangeVarNode;
  query?: Node;
  attlist?: Node[];
  is_from?: boolean;
  is_program?: boolean;
  filename?: string;
  options?: Node[];
  whereClause?: Node;
}

export function prepareCopy(ctx: SessionContext, body: Node): PreparedStatement {
  const s = body as CopyStmtNode;
  if (s.filename !== undefined || s.is_program) {
    throw Errors.featureNotSupported('COPY to or from a file or program is not supported',
      'Use COPY … FROM STDIN or TO STDOUT (psql\'s \\copy does this for a file on the client).');
  }
  if (s.whereClause) throw Errors.featureNotSupported('COPY FROM … WHERE is not supported yet');
  const options = copyOptions(s.options, s.is_from ? 'from' : 'to');
  return s.is_from ? copyFrom(ctx, s, options) : copyTo(ctx, s, options);
}

function copyFrom(ctx: SessionContext, s: CopyStmtNode, options: CopyOptions): PreparedStatement {
  if (!s.relation) throw Errors.syntax('COPY FROM needs a table');
  const table = resolveUserTable(ctx, s.relation, (s.relation.location ?? 0) + 1,
    (v) => new SqlError('42809', `cannot copy to view "${v.name}"`));
  requirePrivilege(ctx, tableObject(table), 'a');
  const targets = targetColumns(table, s.attlist);
  return copyStatement(ctx, (ctx, ectx) => copyFromStdin(ctx, ectx, table, targets, options));
}

function copyTo(ctx: SessionContext, s: CopyStmtNode, options: CopyOptions): PreparedStatement {
  let query: Node;
  if (s.query) {
    query = s.query;
  } else {
    const table = resolveUserTable(ctx, s.relation!, (s.relation!.location ?? 0) + 1,
      (v) => new SqlError('42809', `cannot copy from view "${v.name}"`, { hint: 'Try the COPY (SELECT ...) TO variant.' }));
    const names = targetColumns(table, s.attlist).map((i) => table.columns[i]!.name);
    const ref = (name: string): Node => ({ ResTarget: { val: { ColumnRef: { fields: [{ String: { sval: name } }] } } } });
    query = { SelectStmt: { targetList: names.map(ref), fromClause: [{ RangeVar: s.relation }], op: 'SETOP_NONE', limitOption: 'LIMIT_OPTION_DEFAULT' } };
  }
  const params = new StatementParams([]);
  const source = prepareSelectSource(ctx, query, params);
  const names = source.columns.map((c) => c.name);
  if (Array.isArray(options.forceQuote)) {
    const missing = options.forceQuote.find((n) => !names.includes(n));
    if (missing !== undefined) throw new SqlError('42P10', `FORCE_QUOTE column "${missing}" not referenced by COPY`);
  }
  const binary = options.format === 'binary';
  const types = source.columns.map((c) => c.type);
  const line = binary ? null : lineWriter(options, names);
  return copyStatement(ctx, async (ctx, ectx) => {
    const rows = await source.run(ctx, ectx);
    const encode = rowEncoder(source.columns, [], ctx.typeContext());
    const channel = ctx.copyChannel();
    channel.start(names.length, binary);
    if (binary) channel.send(binaryHeader());
    if (options.header) channel.send(headerLine(options, names));
    for (let i = 0; i < rows.length; i++) {
      // Every so many rows, or sooner when the client is not reading (rows may be large).
      if ((i > 0 && i % ROWS_PER_WRITE === 0) || channel.backlogged()) {
        await channel.drained();
        ctx.checkCancel();
      }
      channel.send(line ? line(encode(rows[i]!) as (string | null)[]) : binaryTuple(rows[i]!, types));
    }
    if (binary) channel.send(binaryTrailer());
    channel.end();
    return rows.length;
  });
}

/** A COPY as a statement: no result columns, no parameters; its tag counts the rows it moved. */
function copyStatement(ctx: SessionContext, run: (ctx: SessionContext, ectx: EvalContext) => Promise<number>): PreparedStatement {
  return {
    columns: null,
    paramTypes: [],
    catalogVersion: ctx.db.schema.version,
    async execute(ctx) {
      await prepareSequences(ctx);
      return { tag: `COPY ${await run(ctx, makeEvalContext(ctx, []))}` };
    },
  };
}
