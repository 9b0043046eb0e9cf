/**
 * GROUP BY as a list of grouping sets, PostgreSQL's way: every GROUP BY item expands to a list of
 * sets of grouping expressions, and the clause is the cartesian product of its items.
 *
 *   GROUP BY a, ROLLUP (b, c)       a → {a}        ROLLUP → {b,c} {b} {}
 *                                   sets: {a,b,c} {a,b} {a}
 *   CUBE (a, b)                     {a,b} {a} {b} {}
 *   GROUPING SETS ((a, b), a, ())   {a,b} {a} {}
 *
 * A plain `GROUP BY a, b` is the single set {a,b}; no GROUP BY at all (an aggregate query) is the
 * single empty set. Expressions are numbered by first appearance (written-equal expressions share
 * a number), and a set is a list of those numbers. `GROUP BY DISTINCT` drops duplicate sets.
 */
import { Errors, SqlError } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf } from '../../binder/ast.js';
import { nodeShape } from '../../binder/expr/aggregate-collector.js';

export interface GroupingPlan {
  /** The distinct grouping expressions, in first-appearance order. */
  readonly exprs: readonly Node[];
  /** Each set lists indexes into `exprs`. */
  readonly sets: readonly (readonly number[])[];
  /** Whether GROUPING SETS, ROLLUP or CUBE was written (rows then carry which set made them). */
  readonly hasGroupingSets: boolean;
}

type Sets = number[][];

const MAX_SETS = 4096;

/**
 * `resolve` maps a written leaf item (an ordinal, an output alias, an expression) to the
 * expression it names.
 */
export function planGroupingSets(
  groupClause: readonly Node[],
  groupDistinct: boolean,
  resolve: (item: Node) => Node,
): GroupingPlan {
  const exprs: Node[] = [];
  const shapes: string[] = [];
  const indexOf = (item: Node): number => {
    const node = resolve(item);
    const shape = nodeShape(node);
    let i = shapes.indexOf(shape);
    if (i < 0) {
      i = exprs.length;
      exprs.push(node);
      shapes.push(shape);
    }
    return i;
  };
  /** A (possibly parenthesised) list of expressions: one group of a ROLLUP, CUBE or SETS. */
  const group = (item: Node): number[] =>
    kindOf(item) === 'RowExpr' ? (bodyOf<{ args?: Node[] }>(item).args ?? []).map(indexOf) : [indexOf(item)];

  const expand = (item: Node): Sets => {
    if (kindOf(item) !== 'GroupingSet') return [group(item)];
    const gs = bodyOf<{ kind: string; content?: Node[] }>(item);
    const content = gs.content ?? [];
    switch (gs.kind) {
      case 'GROUPING_SET_EMPTY': return [[]];
      case 'GROUPING_SET_SIMPLE': return [content.flatMap(group)];
      case 'GROUPING_SET_SETS': return content.flatMap(expand);
      case 'GROUPING_SET_ROLLUP': {
        const parts = content.map(group);
        const out: Sets = [];
        for (let n = parts.length; n >= 0; n--) out.push(parts.slice(0, n).flat());
        return out;
      }
      case 'GROUPING_SET_CUBE': {
        const parts = content.map(group);
        if (parts.length > 12) throw new SqlError('54000', 'CUBE is limited to 12 elements');
        const out: Sets = [];
        for (let mask = (1 << parts.length) - 1; mask >= 0; mask--) {
          out.push(parts.filter((_, i) => (mask & (1 << (parts.length - 1 - i))) !== 0).flat());
        }
        return out;
      }
      default: throw Errors.featureNotSupported(`grouping set kind ${gs.kind} is not supported`);
    }
  };

  let sets: Sets = [[]];
  let hasGroupingSets = false;
  for (const item of groupClause) {
    if (kindOf(item) === 'GroupingSet' && bodyOf<{ kind: string }>(item).kind !== 'GROUPING_SET_EMPTY') hasGroupingSets = true;
    const expanded = expand(item);
    const product: Sets = [];
    for (const s of sets) for (const e of expanded) product.push([...s, ...e]);
    sets = product;
    if (sets.length > MAX_SETS) throw new SqlError('54000', `too many grouping sets present (maximum ${MAX_SETS})`);
  }
  sets = sets.map((s) => [...new Set(s)]);
  if (groupDistinct) {
    const seen = new Set<string>();
    sets = sets.filter((s) => {
      const k = [...s].sort((x, y) => x - y).join(',');
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }
  return { exprs, sets, hasGroupingSets };
}
