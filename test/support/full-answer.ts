/**
 * What a client sees of a statement, errors in full: rows as text and the command tag, or the
 * SQLSTATE with its message and DETAIL — for features whose messages are part of the contract
 * (constraint violations name the constraint and the key).
 */
import { expect } from 'vitest';
import type pg from 'pg';
import { TEXT_TYPES, type DifferentialPair } from './differential.js';

export type FullAnswer =
  | { readonly rows: unknown[][]; readonly tag: string }
  | { readonly code?: string; readonly message: string; readonly detail?: string };

export async function fullAnswer(c: pg.Client, text: string): Promise<FullAnswer> {
  try {
    const r = await c.query({ text, rowMode: 'array', types: TEXT_TYPES });
    return { rows: r.rows, tag: `${r.command} ${r.rowCount}` };
  } catch (e) {
    const err = e as { code?: string; message: string; detail?: string };
    return { code: err.code, message: err.message, ...(err.detail !== undefined ? { detail: err.detail } : {}) };
  }
}

/** Each statement on both servers in turn: rows, tags, SQLSTATEs, messages and DETAILs must match. */
export async function expectSameFullSteps(pair: DifferentialPair, steps: readonly string[]): Promise<void> {
  for (const sql of steps) {
    const ours = await fullAnswer(pair.ours, sql);
    const theirs = await fullAnswer(pair.reference, sql);
    expect([sql, ours]).toEqual([sql, theirs]);
  }
}
