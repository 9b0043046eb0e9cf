/**
 * One committed row change of a watched table, decoded once for every live query on the table.
 * Its JSON is rendered lazily and kept per TimeZone (the only setting to_json's text depends
 * on), so a thousand subscribers of one table cost one rendering, not a thousand.
 */
import type { TableDefinition } from '../catalog/table-definition.js';
import type { Value } from '../types/kalam-type.js';
import type { TypeContext } from '../types/type-context.js';
import { rowJson } from './row-json.js';

export class LiveChange {
  private readonly json = new Map<string, string>();

  constructor(
    readonly table: TableDefinition,
    /** The owning user for USER and STREAM tables, null for SHARED ones. */
    readonly partition: string | null,
    /** The row before the commit, null if it did not exist. */
    readonly old: readonly Value[] | null,
    /** The row after the commit, null if deleted. */
    readonly row: readonly Value[] | null,
    /** The row's key: the same row in a starting live query's initial read. */
    readonly key: string,
    /** The commit's place in the commit order (RowStore.commitCount as it became visible). */
    readonly stamp: number,
  ) {}

  /** `_seq` of the old or new row version (stored after the table's columns). */
  seqOf(which: 'old' | 'row'): bigint | null {
    const r = which === 'old' ? this.old : this.row;
    return r ? (r[this.table.columns.length] as bigint) : null;
  }

  rowJson(which: 'old' | 'row', ctx: TypeContext): string {
    const k = `${which}\u0000${ctx.timeZone}`;
    let s = this.json.get(k);
    if (s === undefined) {
      s = rowJson(this.table, (which === 'old' ? this.old : this.row)!, ctx);
      this.json.set(k, s);
    }
    return s;
  }
}
