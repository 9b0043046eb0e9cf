/**
 * SQL cursors: DECLARE name [SCROLL | NO SCROLL] CURSOR [WITH HOLD] FOR query, FETCH / MOVE in
 * every direction PostgreSQL has, CLOSE name | ALL. The query's rows are computed at DECLARE (this
 * engine materialises results anyway); a cursor then only moves a position over them, with
 * PostgreSQL's rules: position 0 is before the first row and n + 1 after the last, a FETCH that
 * runs off either end leaves the cursor there, and a NO SCROLL cursor refuses to go backwards.
 * A cursor ends with its transaction unless WITH HOLD, which keeps it past COMMIT.
 */
import type { Node } from '../../binder/ast.js';
import { StatementParams } from '../../binder/param-slots.js';
import { SqlError } from '../../errors/sql-error.js';
import type { Value } from '../../types/kalam-type.js';
import { makeEvalContext, prepareSequences } from '../eval-context.js';
import type { OutputColumn, PreparedStatement } from '../prepared-statement.js';
import { prepareSelectSource } from '../query/select-source.js';
import type { SessionContext } from '../session-context.js';
import { utility } from './utility-statement.js';

const CURSOR_OPT_SCROLL = 0x2;
const CURSOR_OPT_NO_SCROLL = 0x4;
const CURSOR_OPT_HOLD = 0x20;
const FETCH_ALL = 2147483647;

export interface SqlCursor {
  readonly columns: readonly OutputColumn[];
  readonly rows: readonly Value[][];
  readonly noScroll: boolean;
  readonly hold: boolean;
  /** 0: before the first row; rows.length + 1: after the last. */
  position: number;
}

export function prepareDeclareCursor(ctx: SessionContext, body: Node): PreparedStatement {
  const s = body as { portalname: string; options?: number; query: Node };
  const options = s.options ?? 0;
  if (options & 0x1) throw new SqlError('0A000', 'BINARY cursors are not supported');
  const hold = (options & CURSOR_OPT_HOLD) !== 0;
  const source = prepareSelectSource(ctx, s.query, new StatementParams([]));
  return utility(ctx, async (c) => {
    if (!hold && !c.inTransactionBlock) throw new SqlError('25P01', 'DECLARE CURSOR can only be used in transaction blocks');
    await prepareSequences(c);
    const rows = await source.run(c, makeEvalContext(c, []));
    c.declareCursor(s.portalname, { columns: source.columns, rows, noScroll: (options & CURSOR_OPT_NO_SCROLL) !== 0, hold, position: 0 });
    return { tag: 'DECLARE CURSOR' };
  });
}

/** The rows a FETCH returns (in order) and where it leaves the cursor. */
function move(cur: SqlCursor, direction: string, howMany: number): Value[][] {
  const n = cur.rows.length;
  const at = (p: number): Value[][] => (p >= 1 && p <= n ? [cur.rows[p - 1]!] : []);
  const backwards = (): void => {
    if (cur.noScroll) {
      throw new SqlError('55000', 'cursor can only scan forward', { hint: 'Declare it with SCROLL option to enable backward scan.' });
    }
  };
  switch (direction) {
    case 'FETCH_FORWARD':
    case 'FETCH_BACKWARD': {
      if (howMany === 0) return at(cur.position); // FORWARD 0 / BACKWARD 0: the current row again
      const forward = direction === 'FETCH_FORWARD' ? howMany >= 0 : howMany < 0;
      const count = Math.abs(howMany);
      if (!forward) backwards();
      const out: Value[][] = [];
      for (let k = 0; k < count; k++) {
        const next = cur.position + (forward ? 1 : -1);
        if (next < 1 || next > n) {
          cur.position = forward ? n + 1 : 0;
          break;
        }
        cur.position = next;
        out.push(cur.rows[next - 1]!);
      }
      return out;
    }
    case 'FETCH_ABSOLUTE': {
      const target = howMany >= 0 ? howMany : n + howMany + 1;
      if (target < cur.position) backwards();
      cur.position = Math.max(0, Math.min(n + 1, target));
      return at(cur.position);
    }
    case 'FETCH_RELATIVE': {
      if (howMany < 0) backwards();
      cur.position = Math.max(0, Math.min(n + 1, cur.position + howMany));
      return at(cur.position);
    }
    default:
      throw new SqlError('0A000', `FETCH ${direction} is not supported`);
  }
}

export function prepareFetch(ctx: SessionContext, body: Node): PreparedStatement {
  const s = body as { direction: string; howMany?: number; portalname: string; ismove?: boolean };
  const cursor = ctx.cursor(s.portalname);
  const howMany = s.howMany ?? (s.direction === 'FETCH_ABSOLUTE' || s.direction === 'FETCH_RELATIVE' ? 0 : FETCH_ALL);
  return {
    columns: s.ismove ? null : cursor.columns,
    paramTypes: [],
    // Never reused from the plan cache: CLOSE and DECLARE may give the name other columns.
    catalogVersion: -1,
    async execute(c) {
      const rows = move(c.cursor(s.portalname), s.direction, howMany);
      return s.ismove ? { tag: `MOVE ${rows.length}` } : { tag: `FETCH ${rows.length}`, rows };
    },
  };
}

export function prepareCloseCursor(ctx: SessionContext, body: Node): PreparedStatement {
  const name = (body as { portalname?: string }).portalname ?? null;
  return utility(ctx, async (c) => {
    c.closeCursor(name);
    return { tag: name === null ? 'CLOSE CURSOR ALL' : 'CLOSE CURSOR' };
  });
}
