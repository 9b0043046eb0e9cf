/**
 * Frames: for each row of a sorted partition, the half-open range [start, end) of rows its frame
 * spans, then EXCLUDE punches the current row, its peer group, or its peers out of that range.
 *
 *   ROWS   offsets count rows          1 PRECEDING = the row before
 *   GROUPS offsets count peer groups   1 PRECEDING = from the first row of the previous group
 *   RANGE  offsets move the key        1 PRECEDING = from the first row whose key ≥ key - 1
 *   CURRENT ROW is the row itself in ROWS mode, its first/last peer in RANGE and GROUPS mode.
 *
 * Offsets are evaluated once per run, like PostgreSQL: NULL is 22004, negative 22013.
 */
import { SqlError } from '../../errors/sql-error.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import type { Value } from '../../types/kalam-type.js';
import type { SortedPartition } from './window-partition.js';
import type { FrameBound, FrameExclusion, FrameSpec, WindowOrderKey } from './window-spec.js';
import type { RangeDomain } from './range-offset.js';

/** [from, to) pieces of one row's frame after exclusion, in window order. */
export type FrameSegments = readonly (readonly [number, number])[];

export interface PartitionFrames {
  /** The frame of row i, before exclusion. */
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly exclude: FrameExclusion;
}

type Shift = (key: Exclude<Value, null>, sign: 1 | -1) => Value;

/** A frame whose offsets have been evaluated: ready to be laid over any partition of one run. */
export interface PreparedFrame {
  framesOf(p: SortedPartition): PartitionFrames;
}

function offsetValue(bound: FrameBound, which: 'starting' | 'ending', ectx: EvalContext): Value {
  if (bound.kind !== 'preceding' && bound.kind !== 'following') return null;
  const v = bound.offset.eval([], ectx);
  if (v === null) throw new SqlError('22004', `frame ${which} offset must not be null`);
  return v;
}

function rowCount(v: Value, which: string): number {
  const n = BigInt(v as bigint | number);
  if (n < 0n) throw new SqlError('22013', `frame ${which} offset must not be negative`);
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
}

export function prepareFrame(
  spec: FrameSpec, orderKey: WindowOrderKey | undefined, domain: RangeDomain | null, ectx: EvalContext, hasRows: boolean,
): PreparedFrame {
  const startValue = offsetValue(spec.start, 'starting', ectx);
  const endValue = offsetValue(spec.end, 'ending', ectx);
  let startCount = 0;
  let endCount = 0;
  let startShift: Shift | null = null;
  let endShift: Shift | null = null;
  if (spec.mode === 'range') {
    // PostgreSQL checks a RANGE offset only when it compares rows.
    if (hasRows && startValue !== null) startShift = domain!.shifter(startValue);
    if (hasRows && endValue !== null) endShift = domain!.shifter(endValue);
  } else {
    if (startValue !== null) startCount = rowCount(startValue, 'starting');
    if (endValue !== null) endCount = rowCount(endValue, 'ending');
  }
  return {
    framesOf(p) {
      const n = p.size;
      const start = new Int32Array(n);
      const end = new Int32Array(n);
      const range = spec.mode === 'range' && (startShift !== null || endShift !== null)
        ? new RangeSearch(p, orderKey!, domain!) : null;
      for (let i = 0; i < n; i++) {
        start[i] = boundPosition(spec.start, false, i, p, spec, startCount, startShift, range);
        end[i] = boundPosition(spec.end, true, i, p, spec, endCount, endShift, range);
      }
      return { start, end, exclude: spec.exclude };
    },
  };
}

function clamp(x: number, n: number): number {
  return x < 0 ? 0 : x > n ? n : x;
}

/** Where a bound puts row i's frame start (first row in) or end (first row out). */
function boundPosition(
  bound: FrameBound, isEnd: boolean, i: number, p: SortedPartition, spec: FrameSpec,
  count: number, shift: Shift | null, range: RangeSearch | null,
): number {
  const n = p.size;
  switch (bound.kind) {
    case 'unbounded-preceding': return 0;
    case 'unbounded-following': return n;
    case 'current-row':
      if (spec.mode === 'rows') return isEnd ? i + 1 : i;
      return isEnd ? p.peerEnd[i]! : p.peerStart[i]!;
    default: {
      const dir = bound.kind === 'preceding' ? -1 : 1;
      if (spec.mode === 'rows') return clamp(i + dir * count + (isEnd ? 1 : 0), n);
      if (spec.mode === 'groups') {
        const groups = p.groupStart.length - 1;
        const g = p.group[i]! + dir * count + (isEnd ? 1 : 0);
        return p.groupStart[clamp(g, groups)]!;
      }
      return range!.position(i, shift!, dir, isEnd);
    }
  }
}

/** Binary search over the partition's single ORDER BY key, NULLs sorting as the window says. */
class RangeSearch {
  constructor(
    private readonly p: SortedPartition,
    private readonly key: WindowOrderKey,
    private readonly domain: RangeDomain,
  ) {}

  /** First row not before (start) / after (end) the current key moved by the offset. */
  position(i: number, shift: Shift, dir: -1 | 1, isEnd: boolean): number {
    const current = this.p.orderValues[i]![0]!;
    // Moving "preceding" in a descending order means adding to the key.
    const sign = (this.key.descending ? -dir : dir) as 1 | -1;
    const bound = current === null ? null : shift(current, sign);
    let lo = 0;
    let hi = this.p.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.order(this.p.orderValues[mid]![0]!, bound, current === null);
      if (isEnd ? c <= 0 : c < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Window order of a row's key against the bound; a NULL current key makes the bound NULL. */
  private order(key: Value, bound: Value, boundIsNull: boolean): number {
    if (key === null || boundIsNull) {
      if (key === null && boundIsNull) return 0;
      return (key === null) === this.key.nullsFirst ? -1 : 1;
    }
    const c = this.domain.compare(key, bound);
    return this.key.descending ? -c : c;
  }
}

/** Row i's frame after EXCLUDE, as ordered pieces. */
export function frameSegments(p: SortedPartition, f: PartitionFrames, i: number): FrameSegments {
  const s = f.start[i]!;
  const e = f.end[i]!;
  if (s >= e) return [];
  switch (f.exclude) {
    case 'no-others': return [[s, e]];
    case 'current-row': return cut(s, e, [[i, i + 1]]);
    case 'group': return cut(s, e, [[p.peerStart[i]!, p.peerEnd[i]!]]);
    case 'ties': return cut(s, e, [[p.peerStart[i]!, i], [i + 1, p.peerEnd[i]!]]);
  }
}

function cut(s: number, e: number, holes: readonly (readonly [number, number])[]): [number, number][] {
  const out: [number, number][] = [];
  let from = s;
  for (const [hs, he] of holes) {
    if (he <= hs) continue;
    if (hs > from) out.push([from, Math.min(hs, e)]);
    from = Math.max(from, he);
    if (from >= e) break;
  }
  if (from < e) out.push([from, e]);
  return out.filter(([a, b]) => b > a);
}

/** The k-th row (0-based) of a frame counted from its head, or from its tail when fromTail; -1 if none. */
export function frameRow(segments: FrameSegments, k: number, fromTail = false): number {
  if (!fromTail) {
    for (const [a, b] of segments) {
      if (k < b - a) return a + k;
      k -= b - a;
    }
    return -1;
  }
  for (let s = segments.length - 1; s >= 0; s--) {
    const [a, b] = segments[s]!;
    if (k < b - a) return b - 1 - k;
    k -= b - a;
  }
  return -1;
}
