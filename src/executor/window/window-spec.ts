/**
 * A window as the executor runs it: how rows are partitioned and ordered, and which rows of the
 * partition each row's frame holds. The binder builds one per OVER clause (named windows already
 * resolved); calls whose PARTITION BY and ORDER BY are written alike share one sort.
 *
 *   OVER (PARTITION BY dept ORDER BY salary ROWS BETWEEN 1 PRECEDING AND CURRENT ROW EXCLUDE TIES)
 *         └ partitionBy ┘  └── orderBy ──┘ └──────────────── frame ───────────────────────────┘
 */
import type { BoundExpr } from '../../binder/expr/bound-expr.js';

export interface WindowOrderKey {
  readonly expr: BoundExpr;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export type FrameMode = 'rows' | 'range' | 'groups';

/** One end of a frame; an offset bound carries its (row-independent) offset expression. */
export type FrameBound =
  | { readonly kind: 'unbounded-preceding' | 'current-row' | 'unbounded-following' }
  | { readonly kind: 'preceding' | 'following'; readonly offset: BoundExpr };

export type FrameExclusion = 'no-others' | 'current-row' | 'group' | 'ties';

export interface FrameSpec {
  readonly mode: FrameMode;
  readonly start: FrameBound;
  readonly end: FrameBound;
  readonly exclude: FrameExclusion;
}

export interface WindowSpec {
  readonly partitionBy: readonly BoundExpr[];
  readonly orderBy: readonly WindowOrderKey[];
  readonly frame: FrameSpec;
  /** Equal for windows whose PARTITION BY and ORDER BY are written alike: they share a sort. */
  readonly sortIdentity: string;
}

/** PostgreSQL's FRAMEOPTION_* bits (nodes/parsenodes.h), as libpg-query reports WindowDef.frameOptions. */
export const FrameOption = {
  NONDEFAULT: 0x1,
  RANGE: 0x2,
  ROWS: 0x4,
  GROUPS: 0x8,
  BETWEEN: 0x10,
  START_UNBOUNDED_PRECEDING: 0x20,
  END_UNBOUNDED_PRECEDING: 0x40,
  START_UNBOUNDED_FOLLOWING: 0x80,
  END_UNBOUNDED_FOLLOWING: 0x100,
  START_CURRENT_ROW: 0x200,
  END_CURRENT_ROW: 0x400,
  START_OFFSET_PRECEDING: 0x800,
  END_OFFSET_PRECEDING: 0x1000,
  START_OFFSET_FOLLOWING: 0x2000,
  END_OFFSET_FOLLOWING: 0x4000,
  EXCLUDE_CURRENT_ROW: 0x8000,
  EXCLUDE_GROUP: 0x10000,
  EXCLUDE_TIES: 0x20000,
} as const;

/** RANGE UNBOUNDED PRECEDING (to CURRENT ROW): what a window without a frame clause gets. */
export const DEFAULT_FRAME_OPTIONS = FrameOption.RANGE | FrameOption.START_UNBOUNDED_PRECEDING | FrameOption.END_CURRENT_ROW;

export function frameModeOf(options: number): FrameMode {
  if (options & FrameOption.ROWS) return 'rows';
  if (options & FrameOption.GROUPS) return 'groups';
  return 'range';
}

export function frameExclusionOf(options: number): FrameExclusion {
  if (options & FrameOption.EXCLUDE_CURRENT_ROW) return 'current-row';
  if (options & FrameOption.EXCLUDE_GROUP) return 'group';
  if (options & FrameOption.EXCLUDE_TIES) return 'ties';
  return 'no-others';
}

/** Which kind of bound `options` gives the frame's start (or end); offsets are attached by the binder. */
export function boundKindOf(options: number, end: boolean): FrameBound['kind'] {
  const O = FrameOption;
  if (end) {
    if (options & O.END_UNBOUNDED_FOLLOWING) return 'unbounded-following';
    if (options & O.END_OFFSET_PRECEDING) return 'preceding';
    if (options & O.END_OFFSET_FOLLOWING) return 'following';
    if (options & O.END_UNBOUNDED_PRECEDING) return 'unbounded-preceding';
    return 'current-row';
  }
  if (options & O.START_UNBOUNDED_PRECEDING) return 'unbounded-preceding';
  if (options & O.START_OFFSET_PRECEDING) return 'preceding';
  if (options & O.START_OFFSET_FOLLOWING) return 'following';
  if (options & O.START_UNBOUNDED_FOLLOWING) return 'unbounded-following';
  return 'current-row';
}
