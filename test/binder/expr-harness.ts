/**
 * Test harness: binds `SELECT <expr>` over a fixed row of columns (the same row the capture
 * script builds in real PostgreSQL as a VALUES list) and evaluates it.
 */
import { loadModule, parseSync } from 'libpg-query';
import { bindExpr, type BindOptions } from '../../src/binder/expr/bind-expr.js';
import type { BindScope, BoundExpr, ColumnBinding, EvalContext, ParamSlots } from '../../src/binder/expr/bound-expr.js';
import { SqlError } from '../../src/errors/sql-error.js';
import type { ColumnType, Value } from '../../src/types/kalam-type.js';
import { DEFAULT_TYPE_CONTEXT } from '../../src/types/type-context.js';
import { parseText, formatText } from '../../src/types/text-codec.js';
import { resolveTypeName } from '../../src/types/declared-type.js';
import type { PgNode } from '../../src/sql/statement.js';

/** name, SQL type, text value (null = NULL). Mirrored by the VALUES list in the capture script. */
export const COLUMNS: readonly [string, string, string | null][] = [
  ['i', 'int4', '7'],
  ['b', 'int8', '10'],
  ['sm', 'int2', '3'],
  ['s', 'text', 'hello'],
  ['v', 'varchar(3)', 'abc'],
  ['n', 'numeric', '2.50'],
  ['f', 'float8', '1.5'],
  ['r', 'float4', '0.25'],
  ['d', 'date', '2024-01-31'],
  ['ts', 'timestamp', '2024-01-31 10:20:30'],
  ['tz', 'timestamptz', '2024-01-31 10:20:30+00'],
  ['e', 'vector(3)', '[1,2,3]'],
  ['j', 'jsonb', '{"a": {"b": [1, 2.50, "x"]}, "k": null}'],
  ['u', 'uuid', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
  ['flag', 'bool', 't'],
  ['nul', 'int4', null],
  ['tnul', 'text', null],
];

function typeOf(sql: string): ColumnType {
  const m = /^(\w+)(?:\((\d+)\))?$/.exec(sql)!;
  return resolveTypeName([m[1]!], m[2] ? [Number(m[2])] : [], false).type;
}

export const ROW_TYPES: ColumnType[] = COLUMNS.map(([, t]) => typeOf(t));
export const ROW: Value[] = COLUMNS.map(([, , v], i) => (v === null ? null : parseText(v, ROW_TYPES[i]!, DEFAULT_TYPE_CONTEXT)));

export class TestScope implements BindScope {
  constructor(private readonly names: readonly string[] = COLUMNS.map((c) => c[0]), private readonly types = ROW_TYPES) {}
  resolveColumn(names: readonly string[], location: number): ColumnBinding {
    const name = names[names.length - 1]!;
    if (names.length > 1 && names[0] !== 't') {
      throw new SqlError('42P01', `missing FROM-clause entry for table "${names[0]}"`, { position: location + 1 });
    }
    const index = this.names.indexOf(name);
    if (index < 0 && names.length > 1) throw new SqlError('42703', `column ${names.join('.')} does not exist`, { position: location + 1 });
    if (index < 0) throw new SqlError('42703', `column "${name}" does not exist`, { position: location + 1 });
    return { index, type: this.types[index]!, name };
  }
  expandStar(): readonly ColumnBinding[] {
    return this.names.map((name, index) => ({ index, type: this.types[index]!, name }));
  }
}

export class TestParams implements ParamSlots {
  readonly types: (ColumnType | undefined)[] = [];
  constructor(declared: (ColumnType | undefined)[] = []) { this.types = [...declared]; }
  get(i: number) { return this.types[i]; }
  infer(i: number, t: ColumnType) { if (this.types[i] === undefined) this.types[i] = t; }
}

export const STATEMENT_TIME = 1706696430000000n; // 2024-01-31 10:20:30 UTC

export function evalContext(params: Value[] = []): EvalContext {
  const seqs = new Map<string, bigint>();
  let last: bigint | undefined;
  return {
    params, typeCtx: DEFAULT_TYPE_CONTEXT, statementTime: STATEMENT_TIME,
    currentUser: 'alice', sessionUser: 'postgres', database: 'appdb', currentSchema: 'public',
    nextval: (s) => { const v = (seqs.get(s) ?? 0n) + 1n; seqs.set(s, v); last = v; return v; },
    currval: (s) => { const v = seqs.get(s); if (v === undefined) throw new SqlError('55000', `currval of sequence "${s}" is not yet defined in this session`); return v; },
    lastval: () => { if (last === undefined) throw new SqlError('55000', 'lastval is not yet defined in this session'); return last; },
    setval: (s, v) => { seqs.set(s, v); return v; },
    checkCancel: () => undefined,
    setting: (name) => (name.toLowerCase() === 'timezone' ? 'UTC' : ''),
  };
}

let ready: Promise<void> | null = null;
export function loadParser(): Promise<void> {
  ready ??= loadModule();
  return ready;
}

export function parseTarget(sql: string): PgNode {
  const stmt = parseSync(`SELECT ${sql}`).stmts[0].stmt as { SelectStmt: { targetList: { ResTarget: { val: PgNode } }[] } };
  return stmt.SelectStmt.targetList[0]!.ResTarget.val;
}

export function bind(sql: string, options: BindOptions = {}, params: ParamSlots = new TestParams()): BoundExpr {
  return bindExpr(parseTarget(sql), new TestScope(), params, options);
}

/** Binds and evaluates; the value in PostgreSQL's text form (null for NULL). */
export function run(sql: string, paramValues: Value[] = [], params: ParamSlots = new TestParams()): { text: string | null; type: string; label: string; value: Value; expr: BoundExpr } {
  const expr = bind(sql, {}, params);
  const value = expr.eval(ROW, evalContext(paramValues));
  const text = value === null ? null : formatText(value, expr.type, DEFAULT_TYPE_CONTEXT);
  return { text, type: typeName(expr.type), label: expr.label, value, expr };
}

import { formatType } from '../../src/types/format-type.js';
export function typeName(t: ColumnType): string {
  return formatType(t.oid, -1);
}

/** The SqlError a bind or eval throws, as [code, message, position]. */
export function failure(sql: string): [string, string, number | undefined] {
  try {
    run(sql);
  } catch (e) {
    if (e instanceof SqlError) return [e.code, e.message, e.position];
    throw e;
  }
  throw new Error(`expected ${sql} to fail`);
}
