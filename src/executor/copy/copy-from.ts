/**
 * COPY … FROM STDIN: reads the client's CopyData as it comes, turns each record (text, CSV) or
 * tuple (binary) into a row with the column types' input (or receive) functions, fills the other
 * columns' defaults and writes the rows in slices into the statement's write set. The first bad
 * row fails the statement (22P04 for the record's shape, the type's own SQLSTATE for a value,
 * each with `COPY t, line N` as CONTEXT) and nothing of it stays.
 *
 *   CopyData ─▶ RowFeed (records | tuples ─▶ rows) ─▶ slice of ROWS_PER_WRITE ─▶ insertRows
 *
 * A COPY that is a transaction of its own into an empty partition is a bulk load instead
 * (bulk/bulk-copy.ts): parsed on a worker thread, written to RocksDB as it comes.
 */
import type { Node } from '../../binder/ast.js';
import { bodyOf } from '../../binder/ast.js';
import { boundDefaults } from '../../binder/bind-default.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import type { TableDefinition } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import { decodeBinary } from '../../types/binary-codec.js';
import type { Value } from '../../types/kalam-type.js';
import { writeRows } from '../dml/insert.js';
import type { SessionContext } from '../session-context.js';
import { tableAccess } from '../table-access.js';
import { BinaryTupleReader } from './copy-binary.js';
import type { CopyOptions } from './copy-options.js';
import { recordReader, type CopyRecord } from './copy-records.js';
import { bulkCopy } from './bulk/bulk-copy.js';
import { checkFieldCount, parseField } from './copy-fields.js';

/** Rows written to the write set at a time (and between them a CancelRequest is looked at). */
export const ROWS_PER_WRITE = 4096;

/** The column positions COPY names (all, in table order, without a list). */
export function targetColumns(table: TableDefinition, attlist: readonly Node[] | undefined): number[] {
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

/** Turns the data's pieces into rows, handing each to `add` with its line. */
interface RowFeed {
  push(chunk: Uint8Array): void;
  /** The data ended (CopyDone). */
  finish(): void;
  /** The data's own end marker was read: what follows is read and ignored (or refused). */
  readonly ended: boolean;
}

type AddRow = (row: Value[], line: number) => void;

/** Runs a COPY FROM into `table`'s `targets`; resolves with the row count. */
export async function copyFromStdin(
  ctx: SessionContext, ectx: EvalContext, table: TableDefinition, targets: readonly number[], options: CopyOptions,
): Promise<number> {
  const bulk = await bulkCopy(ctx, table, targets, options);
  if (bulk !== null) return bulk;
  const access = tableAccess(table);
  const defaults = boundDefaults(table.columns);
  const untargeted = table.columns.map((_, i) => i).filter((i) => !targets.includes(i) && defaults[i]);
  // A row in table layout with the defaults of the columns COPY does not name.
  const blankRow = (): Value[] => {
    const row = new Array<Value>(access.width).fill(null);
    for (const i of untargeted) row[i] = defaults[i]!.eval([], ectx);
    return row;
  };
  let count = 0;
  let batch: Value[][] = [];
  let lines: number[] = [];
  const add: AddRow = (row, line) => {
    batch.push(row);
    lines.push(line);
  };
  const write = async (): Promise<void> => {
    if (batch.length === 0) return;
    const at = lines;
    await writeRows(ctx, table, batch, null, ectx, (i) => `COPY ${table.name}, line ${at[i]}`);
    count += batch.length;
    batch = [];
    lines = [];
    ctx.checkCancel();
  };
  const feed = options.format === 'binary'
    ? binaryFeed(table, targets, blankRow, add)
    : textFeed(ctx, table, targets, options, blankRow, add);
  for await (const chunk of ctx.copyChannel().receive(targets.length, options.format === 'binary')) {
    if (feed.ended && options.format !== 'binary') continue; // after \. : read to CopyDone, keep nothing
    feed.push(chunk);
    if (batch.length >= ROWS_PER_WRITE) await write();
  }
  feed.finish();
  await write();
  return count;
}

function textFeed(
  ctx: SessionContext, table: TableDefinition, targets: readonly number[], options: CopyOptions, blankRow: () => Value[], add: AddRow,
): RowFeed {
  const typeCtx = ctx.typeContext();
  const columns = targets.map((t) => table.columns[t]!);
  const toRow = (rec: CopyRecord): void => {
    checkFieldCount(table, targets, rec);
    const row = blankRow();
    for (let k = 0; k < targets.length; k++) {
      const text = rec.fields[k]!;
      if (text !== null) row[targets[k]!] = parseField(table, columns[k]!, text, rec.line, typeCtx);
    }
    add(row, rec.line);
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
  return {
    push: (chunk) => {
      for (const rec of reader.push(decode(chunk))) toRow(rec);
    },
    finish: () => {
      if (reader.ended) return;
      for (const rec of reader.push(decode())) toRow(rec);
      for (const rec of reader.end()) toRow(rec);
    },
    get ended() {
      return reader.ended;
    },
  };
}

function binaryFeed(table: TableDefinition, targets: readonly number[], blankRow: () => Value[], add: AddRow): RowFeed {
  const columns = targets.map((t) => table.columns[t]!);
  const reader = new BinaryTupleReader(table.name, columns.map((c) => c.name));
  const toRow = (fields: readonly (Uint8Array | null)[], line: number): void => {
    const row = blankRow();
    for (let k = 0; k < targets.length; k++) {
      const bytes = fields[k]!;
      if (bytes === null) continue;
      try {
        row[targets[k]!] = decodeBinary(bytes, columns[k]!.type);
      } catch (e) {
        if (e instanceof SqlError) e.where = `COPY ${table.name}, line ${line}, column ${columns[k]!.name}`;
        throw e;
      }
    }
    add(row, line);
  };
  return {
    push: (chunk) => {
      for (const t of reader.push(chunk)) toRow(t.fields, t.line);
    },
    finish: () => {
      for (const t of reader.end()) toRow(t.fields, t.line);
    },
    get ended() {
      return reader.ended;
    },
  };
}
