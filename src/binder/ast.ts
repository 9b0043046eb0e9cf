/** Small readers for libpg-query's JSON nodes, on top of sql/ast-util.ts. */
import { nodeBody, nodeKind, qualifiedName, type ConstValue } from '../sql/ast-util.js';
import { constValue } from '../sql/ast-util.js';

export type Node = Record<string, unknown>;

export const kindOf = nodeKind;

export function bodyOf<T = Record<string, unknown>>(node: Node): T {
  return nodeBody<T>(node);
}

/** [{String:{sval:'a'}}, …] → ['a', …]; absent → []. */
export function stringList(list: unknown): string[] {
  return qualifiedName((list as Node[] | undefined) ?? []);
}

/** Integer value of an A_Const node (typmods, positions). */
export function intConstValue(node: Node): number {
  const c: ConstValue = constValue(node);
  if (c.type === 'integer') return c.value;
  if (c.type === 'bigint') return Number(c.value);
  throw new Error('not an integer constant');
}

/** Highest $n referenced anywhere in a statement. */
export function maxParamNumber(node: unknown): number {
  let max = 0;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
    } else if (v !== null && typeof v === 'object') {
      const pr = (v as { ParamRef?: { number?: number } }).ParamRef;
      if (pr) max = Math.max(max, pr.number ?? 0);
      for (const x of Object.values(v)) if (typeof x === 'object') walk(x);
    }
  };
  walk(node);
  return max;
}
