/**
 * The order PostgreSQL 15 evaluates a SELECT's windows in. Each window sorts the rows the
 * previous one emitted, and sorting is not stable, so with ties in a window's ORDER BY the order
 * decides which row is row_number 1 — and it is the order the rows come out in.
 *
 * PostgreSQL (planner.c, select_active_windows + common_prefix_cmp) sorts the windows by their
 * PARTITION BY + ORDER BY keys, comparing key by key: the key with the higher sort-group
 * reference first, then DESC before ASC, NULLS FIRST before NULLS LAST; longer key lists first.
 * Sort-group references are numbered as parse analysis meets the expressions: the query's
 * ORDER BY, GROUP BY, DISTINCT, then each window's ORDER BY and PARTITION BY. An expression met
 * again keeps its number (here: the same expression written the same way).
 *
 *   SELECT row_number() OVER (ORDER BY a), rank() OVER (PARTITION BY b ORDER BY a) FROM t
 *   refs: a → 1, b → 2      keys: [a↑] and [b↑, a↑]      evaluated: the second (b: 2 > 1), then the first
 */
import type { Node } from '../../binder/ast.js';
import type { WindowCollector, WindowDefinition } from '../../binder/expr/window-collector.js';
import { pgQsort } from '../../util/pg-qsort.js';

interface SelectParts {
  targetList?: Node[];
  sortClause?: Node[];
  groupClause?: Node[];
  distinctClause?: Node[];
}

interface SortKey {
  readonly ref: number;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

function shape(node: Node): string {
  return JSON.stringify(node, (k, v: unknown) => (k === 'location' ? undefined : v));
}

interface SortByBody { node: Node; sortby_dir?: string; sortby_nulls?: string }

function sortBy(item: Node): SortByBody {
  return (item as { SortBy: SortByBody }).SortBy;
}

/** Call indexes of `windows`, in the order their windows are evaluated. */
export function windowEvaluationOrder(s: SelectParts, windows: WindowCollector): number[] {
  const refs = new Map<string, number>();
  const ref = (node: Node): number => {
    const k = shape(node);
    let r = refs.get(k);
    if (r === undefined) {
      r = refs.size + 1;
      refs.set(k, r);
    }
    return r;
  };
  const targets = (s.targetList ?? []).map((t) => (t as { ResTarget: { name?: string; val: Node } }).ResTarget);
  const outputExpr = (node: Node): Node => {
    const c = (node as { A_Const?: { ival?: { ival?: number } } }).A_Const;
    if (c?.ival !== undefined) return targets[(c.ival.ival ?? 0) - 1]?.val ?? node;
    const fields = (node as { ColumnRef?: { fields: { String?: { sval: string } }[] } }).ColumnRef?.fields;
    const name = fields?.length === 1 ? fields[0]!.String?.sval : undefined;
    return targets.find((t) => name !== undefined && t.name === name)?.val ?? node;
  };
  for (const item of s.sortClause ?? []) ref(outputExpr(sortBy(item).node));
  for (const item of s.groupClause ?? []) ref(outputExpr(item));
  if (s.distinctClause !== undefined) for (const t of targets) ref(t.val);
  const keys = windows.definitions.map((def) => {
    const order = def.orderClause.map((item) => {
      const sb = sortBy(item);
      const descending = sb.sortby_dir === 'SORTBY_DESC';
      const nulls = sb.sortby_nulls;
      return { ref: ref(sb.node), descending, nullsFirst: nulls === 'SORTBY_NULLS_FIRST' || (nulls !== 'SORTBY_NULLS_LAST' && descending) };
    });
    const partition = def.partitionClause.map((n) => ({ ref: ref(n), descending: false, nullsFirst: false }));
    const same = (a: SortKey, b: SortKey) => a.ref === b.ref && a.descending === b.descending && a.nullsFirst === b.nullsFirst;
    return [...partition, ...order.filter((o) => !partition.some((p) => same(p, o)))];
  });
  const active = windows.definitions.filter((d) => windows.callWindows.includes(d.winref));
  pgQsort(active, (a: WindowDefinition, b: WindowDefinition) => commonPrefixCompare(keys[a.winref]!, keys[b.winref]!));
  const rank = new Map(active.map((d, i) => [d.winref, i]));
  const calls = windows.callWindows.map((_, i) => i);
  return calls.sort((x, y) => rank.get(windows.callWindows[x]!)! - rank.get(windows.callWindows[y]!)! || x - y);
}

function commonPrefixCompare(a: readonly SortKey[], b: readonly SortKey[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.ref !== y.ref) return x.ref > y.ref ? -1 : 1;
    // DESC's sort operator (>) has the higher OID than ASC's (<).
    if (x.descending !== y.descending) return x.descending ? -1 : 1;
    if (x.nullsFirst !== y.nullsFirst) return x.nullsFirst ? -1 : 1;
  }
  return b.length - a.length;
}
