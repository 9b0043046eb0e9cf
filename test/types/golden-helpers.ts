import { readFileSync } from 'node:fs';
import { resolveTypeName } from '../../src/types/declared-type.js';
import type { ColumnType } from '../../src/types/kalam-type.js';
import { DEFAULT_TYPE_CONTEXT, type TypeContext } from '../../src/types/type-context.js';

export function golden<T>(name: string): T[] {
  return JSON.parse(readFileSync(new URL(`./golden/${name}.json`, import.meta.url), 'utf8')) as T[];
}

/** 'numeric(5,2)' → its ColumnType, the way a column declaration resolves. */
export function typeFromSql(sql: string): ColumnType {
  const m = /^([a-z0-9 ]+?)(?:\(([\d,]+)\))?$/.exec(sql);
  if (m === null) throw new Error(`bad type ${sql}`);
  const typmods = m[2] ? m[2].split(',').map(Number) : [];
  // The grammar turns CHAR into bpchar; a bare `char` reaching resolveTypeName is the quoted "char".
  const name = m[1] === 'char' ? 'character' : m[1]!;
  return resolveTypeName([name], typmods, false).type;
}

export function ctxWith(timeZone?: string): TypeContext {
  return timeZone ? { ...DEFAULT_TYPE_CONTEXT, timeZone } : DEFAULT_TYPE_CONTEXT;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Runs `fn` and returns the SqlError's code and message (or fails if nothing was thrown). */
export function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    const err = e as { code?: string; message: string };
    return { code: err.code ?? '?', message: err.message };
  }
  throw new Error('expected an error');
}
