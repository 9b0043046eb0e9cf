/**
 * int2vector and oidvector (pg_index.indkey, pg_proc.proargtypes): one-dimensional arrays of
 * int2/oid whose subscripts start at 0 (`indkey[0]` is the first column), written as the numbers
 * separated by spaces.
 *
 *   SELECT '1 2 3'::int2vector → 1 2 3      SELECT ('1 2 3'::int2vector)[0] → 1
 */
import { KalamDataType, type Value } from './kalam-type.js';
import { parseOid } from './oid-text.js';
import { PgArray } from './pg-array.js';
import { parseInteger } from './text-codec.js';

function vectorOf(elemKalam: KalamDataType, items: readonly Value[]): PgArray {
  return items.length === 0 ? new PgArray(elemKalam, [], [], []) : new PgArray(elemKalam, items, [items.length], [0]);
}

function tokens(text: string): string[] {
  return text.split(/\s+/).filter((t) => t !== '');
}

export function parseInt2vector(text: string): PgArray {
  return vectorOf(KalamDataType.SMALLINT, tokens(text).map((t) => Number(parseInteger(t, KalamDataType.SMALLINT))));
}

export function parseOidvector(text: string): PgArray {
  return vectorOf(KalamDataType.INT, tokens(text).map((t) => parseOid(t)));
}

/** int2vectorout/oidvectorout (NULL elements cannot occur: the catalogs never store them). */
export function formatIntVector(v: PgArray): string {
  return v.items.join(' ');
}
