/**
 * The secondary-index entries an expired STREAM row still owns, deleted together with the row.
 *
 * A non-unique entry's key ends in the row's primary key, so it is the row's alone. A unique
 * entry's key is the indexed values alone: once the row expired, a new row with the same values
 * may have taken that key over (an expired row holds no value — row-expiry.ts), and deleting
 * it then would silently drop the new row's uniqueness. So a unique entry goes only while its
 * value still names the expired row's primary key. The read goes through `ws`, after `ws`
 * began: an entry someone rewrites after that read makes the commit fail with 40001 rather
 * than delete their entry.
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { secondaryIndexes } from '../../executor/index-access.js';
import { tableAccess } from '../../executor/table-access.js';
import type { Value } from '../../types/kalam-type.js';
import type { RowStore, WriteSet } from '../row-store.js';

export interface ExpiredRow {
  /** The user partition it lives in (null for an unpartitioned table). */
  readonly partition: string | null;
  /** The row decoded in `table`'s layout. */
  readonly row: readonly Value[];
}

/** Deletes, in `ws`, every index entry `rows` own; answers how many. */
export async function deleteIndexEntriesOf(store: RowStore, table: TableDefinition, rows: readonly ExpiredRow[], ws: WriteSet): Promise<number> {
  const indexes = secondaryIndexes(table);
  if (indexes.length === 0 || rows.length === 0) return 0;
  const access = tableAccess(table);
  const owned: Buffer[] = [];
  const shared: { key: Buffer; pk: Buffer }[] = [];
  for (const ix of indexes) {
    for (const { partition, row } of rows) {
      const key = ix.entryKey(partition, row);
      if (ix.collides(row)) shared.push({ key, pk: access.pkBytes(partition, row) });
      else owned.push(key);
    }
  }
  const values = shared.length > 0 ? await store.getMany(shared.map((s) => s.key), ws) : [];
  shared.forEach((s, i) => {
    const v = values[i];
    if (v && s.pk.equals(v)) owned.push(s.key);
  });
  for (const key of owned) ws.delete(key);
  return owned.length;
}
