/**
 * Name resolution for a FROM clause: each range entry (a table, a system view, a join side)
 * contributes its columns at an offset of the concatenated row the executor builds.
 *
 *   FROM a JOIN b   →  row = [ a.c1, a.c2, a._seq, a._deleted, b.c1, b._seq, b._deleted ]
 *                               └──── entry a, offset 0 ────┘  └──── entry b, offset 4 ──┘
 *
 * Hidden columns (`_seq`, `_deleted`) resolve when named but never expand from `*`.
 */
import { Errors, SqlError } from '../errors/sql-error.js';
import type { ColumnType } from '../types/kalam-type.js';
import type { BindScope, BoundExpr, ColumnBinding } from './expr/bound-expr.js';
import type { PgNode } from '../sql/statement.js';
import { noteColumn } from './view-capture.js';

export interface RangeColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly hidden?: boolean;
  readonly attnum?: number;
}

export interface RangeEntry {
  /** The name the entry is referred by: alias, or table name. */
  readonly alias: string;
  /** Schema of the underlying table, when there is one (for `schema.table.column`). */
  readonly schema?: string;
  readonly columns: readonly RangeColumn[];
  readonly offset: number;
  readonly tableOid?: number;
  /**
   * Columns merged by JOIN … USING / NATURAL JOIN: reachable qualified (`a.k`) but not by their
   * bare name or a bare `*` — those reach the join's merged column instead.
   */
  readonly mergedAway?: ReadonlySet<string>;
  /** Indexes into `columns` of a base table's declared primary key (GROUP BY's functional dependency). */
  readonly primaryKey?: readonly number[];
}

export class RangeScope implements BindScope {
  constructor(
    readonly entries: readonly RangeEntry[],
    private readonly outer: BindScope | null = null,
  ) {}

  get width(): number {
    return this.entries.reduce((w, e) => Math.max(w, e.offset + e.columns.length), 0);
  }

  private matchEntries(qualifier: readonly string[]): RangeEntry[] {
    const name = qualifier[qualifier.length - 1]!;
    const schema = qualifier.length > 1 ? qualifier[qualifier.length - 2] : undefined;
    return this.entries.filter((e) => e.alias === name && (schema === undefined || e.schema === schema));
  }

  /** `location` is libpg-query's 0-based offset; errors carry PostgreSQL's 1-based position. */
  resolveColumn(names: readonly string[], location: number): ColumnBinding {
    const position = location >= 0 ? location + 1 : undefined;
    const column = names[names.length - 1]!;
    const qualifier = names.slice(0, -1);
    const candidates = qualifier.length > 0 ? this.matchEntries(qualifier) : this.entries;
    if (qualifier.length > 0 && candidates.length === 0) {
      if (this.outer) return this.outer.resolveColumn(names, location);
      throw missingFromEntry(qualifier[qualifier.length - 1]!, position);
    }
    let found: ColumnBinding | null = null;
    for (const e of candidates) {
      if (qualifier.length === 0 && e.mergedAway?.has(column)) continue;
      const idx = e.columns.findIndex((c) => c.name === column);
      if (idx < 0) continue;
      if (found) throw Errors.ambiguousColumn(column, position);
      const c = e.columns[idx]!;
      found = { index: e.offset + idx, type: c.type, name: c.name, tableOid: e.tableOid, attnum: c.attnum };
    }
    if (found) {
      noteColumn(found.tableOid, found.attnum);
      return found;
    }
    if (this.outer) return this.outer.resolveColumn(names, location);
    if (qualifier.length > 0) {
      throw Errors.undefinedColumn(`${qualifier[qualifier.length - 1]}.${column}`, position);
    }
    throw Errors.undefinedColumn(column, position);
  }

  levelOf(names: readonly string[]): number {
    const column = names[names.length - 1]!;
    const qualifier = names.slice(0, -1);
    const candidates = qualifier.length > 0 ? this.matchEntries(qualifier) : this.entries;
    if (candidates.some((e) => e.columns.some((c) => c.name === column))) return 0;
    return this.outer?.levelOf?.(names) ?? -1;
  }

  bindOuter(node: PgNode, levelsUp: number, location: number): BoundExpr {
    if (this.outer?.bindOuter === undefined) throw new SqlError('XX000', 'internal error: no enclosing query to bind in');
    return this.outer.bindOuter(node, levelsUp, location);
  }

  expandStar(qualifier: readonly string[] | null, location: number): readonly ColumnBinding[] {
    const position = location >= 0 ? location + 1 : undefined;
    const entries = qualifier ? this.matchEntries(qualifier) : this.entries;
    if (qualifier && entries.length === 0) throw missingFromEntry(qualifier[qualifier.length - 1]!, position);
    if (!qualifier && entries.length === 0) {
      throw Errors.syntax('SELECT * with no tables specified is not valid', position);
    }
    const out: ColumnBinding[] = [];
    for (const e of entries) {
      e.columns.forEach((c, i) => {
        if (c.hidden || (!qualifier && e.mergedAway?.has(c.name))) return;
        noteColumn(e.tableOid, c.attnum);
        out.push({ index: e.offset + i, type: c.type, name: c.name, tableOid: e.tableOid, attnum: c.attnum, entryAlias: e.alias });
      });
    }
    return out;
  }
}

function missingFromEntry(table: string, position: number | undefined) {
  const e = Errors.undefinedTable(table, position);
  return Object.assign(e, { message: `missing FROM-clause entry for table "${table}"` });
}

/** A scope with no columns at all (VALUES, DEFAULT, LIMIT): any column reference is `refused()`. */
export function noColumns(refused: (names: readonly string[], position: number | undefined) => Error): BindScope {
  return {
    resolveColumn(names: readonly string[], location: number): ColumnBinding {
      const e = refused(names, location >= 0 ? location + 1 : undefined);
      throw e;
    },
    expandStar(_q: readonly string[] | null, location: number): readonly ColumnBinding[] {
      throw refused(['*'], location >= 0 ? location + 1 : undefined);
    },
  };
}
