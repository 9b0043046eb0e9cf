/**
 * WHERE over a mirror snapshot without building the rows it rejects: the bound predicate runs on
 * one scratch row, into which only the columns the predicate names are read.
 */
import type { Node } from '../../binder/ast.js';
import type { BindScope, BoundExpr, EvalContext } from '../../binder/expr/bound-expr.js';
import type { Value } from '../../types/kalam-type.js';
import { readInto } from './positions.js';
import type { MirrorSnapshot } from './table-mirror.js';
import { scratchInts } from './scratch.js';

/**
 * The row slots `node` reads, or null when that cannot be told from its column references alone
 * (a subquery, a whole-row reference, a name that does not resolve here): then every slot is read,
 * into a fresh row each time.
 */
export function columnsReadBy(node: Node, scope: BindScope): number[] | null {
  const found = new Set<number>();
  let unknown = false;
  const visit = (v: unknown): void => {
    if (unknown || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    const o = v as Record<string, unknown>;
    if ('SubLink' in o) {
      unknown = true;
      return;
    }
    if ('ColumnRef' in o) {
      const ref = o.ColumnRef as { fields: Node[]; location?: number };
      const names: string[] = [];
      if (ref.fields.length > 0 && 'A_Star' in (ref.fields[ref.fields.length - 1] as object)) {
        // `*` and `t.*`: the visible columns (never `_seq`/`_deleted`, which a star does not expand to).
        for (const f of ref.fields.slice(0, -1)) {
          const s = (f as { String?: { sval: string } }).String;
          if (!s) return void (unknown = true);
          names.push(s.sval);
        }
        try {
          for (const b of scope.expandStar(names.length > 0 ? names : null, ref.location ?? -1)) {
            if ((b.levelsUp ?? 0) === 0) found.add(b.index);
          }
        } catch {
          unknown = true;
        }
        return;
      }
      for (const f of ref.fields) {
        const s = (f as { String?: { sval: string } }).String;
        if (!s) return void (unknown = true);
        names.push(s.sval);
      }
      try {
        const b = scope.resolveColumn(names, ref.location ?? -1);
        if ((b.levelsUp ?? 0) !== 0) return;
        found.add(b.index);
      } catch {
        unknown = true;
      }
      return;
    }
    for (const x of Object.values(o)) visit(x);
  };
  visit(node);
  return unknown ? null : [...found];
}

/** The positions whose row satisfies `where` (true, not NULL), in the same order. */
export function filterPositions(
  snap: MirrorSnapshot,
  positions: Int32Array,
  where: BoundExpr,
  columns: readonly number[] | null,
  ectx: EvalContext,
): Int32Array {
  const out = scratchInts(positions.length);
  let m = 0;
  const scratch: Value[] = new Array<Value>(snap.width).fill(null);
  for (let k = 0; k < positions.length; k++) {
    const p = positions[k]!;
    const row = columns === null ? readInto(snap, p, new Array<Value>(snap.width), null) : readInto(snap, p, scratch, columns);
    if (where.eval(row, ectx) === true) out[m++] = p;
  }
  return out.slice(0, m);
}
