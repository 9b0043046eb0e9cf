/**
 * Window function calls of one SELECT. Like the AggregateCollector, it is the contract between
 * binding and the operator that computes the values:
 *
 *   row after WHERE / GROUP BY / HAVING  ──▶  window operator  ──▶  [...row, w0, w1, …, wN-1]
 *
 * - The select list and ORDER BY are bound with `{ windows: collector }`; every other clause is
 *   bound without, so a window function there is 42P20 ("… are not allowed in WHERE").
 * - A call's arguments, PARTITION BY and ORDER BY are bound over the operator's input row (in a
 *   grouped query: the group row, so `sum(sum(x)) OVER ()` works), and registered here; the
 *   returned expression reads the call's value from the end of the row the operator emits.
 * - Named windows (`WINDOW w AS (…)`) are kept here and merged into OVER clauses PostgreSQL's
 *   way: `OVER w` is w itself, `OVER (w ORDER BY x)` copies w's PARTITION BY and adds to it.
 */
import { SqlError } from '../../errors/sql-error.js';
import type { PgNode } from '../../sql/statement.js';
import type { ColumnType } from '../../types/kalam-type.js';
import type { WindowCall } from '../../executor/window/window-operator.js';
import { FrameOption } from '../../executor/window/window-spec.js';
import type { BoundExpr } from './bound-expr.js';
import type { Bound } from './compile.js';

/** A window as written, with the windows it names already merged in. */
export interface WindowDefinition {
  /** Its place among the SELECT's windows: WINDOW clause first, then OVER clauses as met, alike ones shared. */
  readonly winref: number;
  readonly partitionClause: readonly PgNode[];
  readonly orderClause: readonly PgNode[];
  readonly frameOptions: number;
  readonly startOffset?: PgNode;
  readonly endOffset?: PgNode;
}

interface WindowDefNode {
  name?: string;
  refname?: string;
  partitionClause?: PgNode[];
  orderClause?: PgNode[];
  frameOptions?: number;
  startOffset?: PgNode;
  endOffset?: PgNode;
  location?: number;
}

/** Binds a frame offset, which may use parameters but no columns ("argument of ROWS must not contain variables"). */
export type FrameOffsetBinder = (node: PgNode, clause: 'ROWS' | 'RANGE' | 'GROUPS', expected: ColumnType) => BoundExpr;

export class WindowCollector {
  readonly calls: WindowCall[] = [];
  /** Per call: the winref of its window. */
  readonly callWindows: number[] = [];
  /** PostgreSQL's p_windowdefs: every distinct window of the SELECT, in winref order. */
  readonly definitions: WindowDefinition[] = [];
  private readonly definitionKeys: string[] = [];
  private readonly named = new Map<string, WindowDefinition>();

  constructor(
    windowClause: readonly PgNode[] | undefined,
    readonly bindOffset: FrameOffsetBinder,
    position: (location: unknown) => number | undefined = (l) => (typeof l === 'number' && l >= 0 ? l + 1 : undefined),
  ) {
    for (const item of windowClause ?? []) {
      const def = (item as { WindowDef: WindowDefNode }).WindowDef;
      const name = def.name!;
      if (this.named.has(name)) throw new SqlError('42P20', `window "${name}" is already defined`, { position: position(def.location) });
      this.named.set(name, this.add(def, position));
    }
  }

  private add(def: WindowDefNode, position: (location: unknown) => number | undefined): WindowDefinition {
    const merged = this.merge(def, position);
    this.definitions.push(merged);
    this.definitionKeys.push(definitionKey(def));
    return merged;
  }

  /** The window an OVER clause means. */
  resolve(over: unknown, position: (location: unknown) => number | undefined): WindowDefinition {
    const def = over as WindowDefNode;
    if (def.name !== undefined) return this.lookup(def.name, position(def.location));
    // An OVER clause written like an earlier window is that window (PostgreSQL's transformWindowFuncCall).
    const same = this.definitionKeys.indexOf(definitionKey(def));
    return same >= 0 ? this.definitions[same]! : this.add(def, position);
  }

  private lookup(name: string, position: number | undefined): WindowDefinition {
    const w = this.named.get(name);
    if (w === undefined) throw new SqlError('42704', `window "${name}" does not exist`, { position });
    return w;
  }

  private merge(def: WindowDefNode, position: (location: unknown) => number | undefined): WindowDefinition {
    const own: WindowDefinition = {
      winref: this.definitions.length,
      partitionClause: def.partitionClause ?? [],
      orderClause: def.orderClause ?? [],
      frameOptions: def.frameOptions ?? 0,
      startOffset: def.startOffset,
      endOffset: def.endOffset,
    };
    if (def.refname === undefined) return own;
    const at = position(def.location);
    const base = this.lookup(def.refname, at);
    if (own.partitionClause.length > 0) {
      throw new SqlError('42P20', `cannot override PARTITION BY clause of window "${def.refname}"`, { position: at });
    }
    if (own.orderClause.length > 0 && base.orderClause.length > 0) {
      throw new SqlError('42P20', `cannot override ORDER BY clause of window "${def.refname}"`, { position: at });
    }
    if (base.frameOptions & FrameOption.NONDEFAULT) {
      throw new SqlError('42P20', `cannot copy window "${def.refname}" because it has a frame clause`, { position: at });
    }
    return { ...own, partitionClause: base.partitionClause, orderClause: own.orderClause.length > 0 ? own.orderClause : base.orderClause };
  }

  /** Registers a call; the returned expression reads its value from the window operator's output row. */
  register(call: WindowCall, window: WindowDefinition, label: string, position: number | undefined): Bound {
    const index = this.calls.length;
    this.calls.push(call);
    this.callWindows.push(window.winref);
    const calls = this.calls;
    return {
      type: call.fn.resultType, label, labelStrength: 2, constant: false, position,
      eval: (row) => row[row.length - calls.length + index] ?? null,
    };
  }
}

/** An OVER clause or WINDOW item as written, without its name and source locations. */
function definitionKey(def: WindowDefNode): string {
  const { refname, partitionClause, orderClause, frameOptions, startOffset, endOffset } = def;
  return JSON.stringify([refname, partitionClause, orderClause, frameOptions, startOffset, endOffset], withoutLocations);
}

function withoutLocations(key: string, value: unknown): unknown {
  return key === 'location' ? undefined : value;
}

/** A node's structure without source locations: windows written alike share one sort. */
export function windowShape(def: WindowDefinition): string {
  return JSON.stringify([def.partitionClause, def.orderClause], withoutLocations);
}
