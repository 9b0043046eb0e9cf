/**
 * COPY … FROM STDIN and COPY … TO STDOUT (a table, some of its columns, or a query), in text and
 * CSV. FROM reads the client's CopyData as it comes, parses each record's fields with the column
 * types' input functions, fills the other columns' defaults and writes the rows in slices into the
 * statement's write set: the first bad row fails the statement (22P04 for the record's shape, the
 * type's own SQLSTATE for a value, each with `COPY t, line N` as CONTEXT) and nothing of it stays.
 */
import type { Node } from '../../binder/ast.js';
import { bodyOf } from '../../binder/ast.js';
import { boundDefaults } from '../../binder/bind-default.js';
import { StatementParams } from '../../binder/param-slots.js';
import { resolveUserTable, type RangeVarNode } from '../../binder/resolve-relation.js';
import type { TableDefinition } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import type { Value } from '../../types/kalam-type.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import { parseText } from '../../types/text-codec.js';
import { makeEvalContext, prepareSequences } from '../eval-context.js';
import type { PreparedStatement } from '../prepared-statement.js';
import { prepareSelectSource } from '../query/select-source.js';
import type { SessionContext } from '../session-context.js';
import { tableAccess } from '../table-access.js';
import { writeRows } from '../dml/insert.js';
import { rowEncoder } from '../../session/wire-values.js';
import { copyOptions, type CopyOptions } from './copy-options.js';
import { recordReader, type CopyRecord } from './copy-records.js';
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

/** Rows written to the write set at a time (and between them a CancelRequest is looked at). */
const ROWS_PER_WRITE = 4096;

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

function targetColumns(table: TableDefinition, attlist: readonly Node[] | undefined): number[] {
  if (!attlist) return table.columns.map((_, i) => i);
  const targets = attlist.map((n) => {
    const name = bodyOf<{ sval: string }>(n).sval;
    const i = table.columns.findIndex((c) => c.name === name);
    if (i < 0) throw new SqlError('42703', `column "${name}" of relation "${table.name}" does not exist`);
    return i;
  });
  const dup = targets.find((t, i) => targets.indexOf(t) !== i);
  if (dup !== undefined) throw Errors.duplicateColumn(`column "${table.columns[dup]!.name}" specified more than once`);
  return targets;
}

function copyFrom(ctx: SessionContext, s: CopyStmtNode, options: CopyOptions): PreparedStatement {
  if (!s.relation) throw Errors.syntax('COPY FROM needs a table');
  const table = resolveUserTable(ctx, s.relation, (s.relation.location ?? 0) + 1,
    (v) => new SqlError('42809', `cannot copy to view "${v.name}"`));
  const targets = targetColumns(table, s.attlist);
  const defaults = boundDefaults(table.columns);
  const access = tableAccess(table);
  const where = (line: number, column: string, value: string): string => `COPY ${table.name}, line ${line}, column ${column}: "${value}"`;
  const whole = (rec: CopyRecord): string => `COPY ${table.name}, line ${rec.line}: "${rec.raw}"`;
  return copyStatement(ctx, async (ctx, ectx) => {
    const typeCtx = ctx.typeContext();
    const toRow = (rec: CopyRecord): Value[] => {
      if (rec.fields.length < targets.length) {
        const missing = table.columns[targets[rec.fields.length]!]!.name;
        throw new SqlError('22P04', `missing data for column "${missing}"`, { where: whole(rec) });
      }
      if (rec.fields.length > targets.length) {
        throw new SqlError('22P04', 'extra data after last expected column', { where: whole(rec) });
      }
      const row = new Array<Value>(access.width).fill(null);
      const given = new Array<boolean>(table.columns.length).fill(false);
      for (let k = 0; k < targets.length; k++) {
        const col = table.columns[targets[k]!]!;
        const text = rec.fields[k]!;
        given[targets[k]!] = true;
        if (text === null) continue;
        try {
          row[targets[k]!] = parseText(text, col.type, typeCtx);
        } catch (e) {
          if (e instanceof SqlError) e.where = where(rec.line, col.name, text);
          throw e;
        }
      }
      for (let i = 0; i < table.columns.length; i++) if (!given[i] && defaults[i]) row[i] = defaults[i]!.eval([], ectx);
      return row;
    };
    const reader = recordReader(options, table.name);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const decode = (bytes?: Uint8Array): string => {
      try {
        return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
      } catch {
        throw new SqlError('22021', 'invalid byte sequence for encoding "UTF8"');
      }
    };
    let count = 0;
    let batch: Value[][] = [];
    let lines: number[] = [];
    const write = async (): Promise<void> => {
      if (batch.length === 0) return;
      const at = lines;
      await writeRows(ctx, table, batch, null, ectx, (i) => `COPY ${table.name}, line ${at[i]}`);
      count += batch.length;
      batch = [];
      lines = [];
      ctx.checkCancel();
    };
    const add = (rec: CopyRecord): void => {
      batch.push(toRow(rec));
      lines.push(rec.line);
    };
    for await (const chunk of ctx.copyChannel().receive(targets.length)) {
      if (reader.ended) continue; // after \. : read to CopyDone, keep nothing
      for (const rec of reader.push(decode(chunk))) add(rec);
      if (batch.length >= ROWS_PER_WRITE) await write();
    }
    if (!reader.ended) {
      for (const rec of reader.push(decode())) add(rec);
      for (const rec of reader.end()) add(rec);
    }
    await write();
    return count;
  });
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
  const line = lineWriter(options, names);
  return copyStatement(ctx, async (ctx, ectx) => {
    const rows = await source.run(ctx, ectx);
    const encode = rowEncoder(source.columns, [], ctx.typeContext());
    const channel = ctx.copyChannel();
    channel.start(names.length);
    if (options.header) channel.send(headerLine(options, names));
    for (let i = 0; i < rows.length; i++) {
      if (i > 0 && i % ROWS_PER_WRITE === 0) {
        await channel.drained();
        ctx.checkCancel();
      }
      channel.send(line(encode(rows[i]!) as (string | null)[]));
    }
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
