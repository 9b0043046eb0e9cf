import { KalamDataType } from '../types/kalam-type.js';
import { ByteWriter } from './byte-writer.js';
import { decodeKeyValue, encodeKeyValue } from './keycode.js';

/**
 * The RocksDB key space (DESIGN.md section 8). The first byte names the kind of record, so each
 * kind is one contiguous range and a prefix scan never strays into another:
 *
 *   c/<kind>/<name>                      catalog record, e.g. "c/table/app.messages"
 *   m/<name>                             server metadata, e.g. "m/format-version"
 *   r <tableId:u32 BE> <partition> <pk>  table row
 *   i <indexId:u32 BE> <partition> <indexed values> <pk>   secondary-index entry (value empty)
 *   s <seqId:u32 BE>                     sequence counter
 *   j/<jobId>                            background job record, e.g. "j/FL-318512345678901248"
 *
 * `partition` is the owning user id encoded as a key string (UTF-8, 0x00 escaped, 00 00
 * terminated) for USER and STREAM tables, and nothing at all for SHARED tables; `pk` is the
 * primary key through keycode.ts. A USER table with id 7, user "alice" and INT key 42:
 *
 *   72 | 00 00 00 07 | 01 61 6c 69 63 65 00 00 | 01 80 00 00 2a
 *   r    table 7       present "alice" end        present 42
 *
 * Because the partition is terminated, the prefix of user "al" never covers "alice"'s rows, and
 * the rows of one user, in key order, are the range [rowPrefix, prefixEnd(rowPrefix)).
 */

const CATALOG = 0x63; // c
const META = 0x6d; // m
const ROW = 0x72; // r
const INDEX = 0x69; // i
const SEQUENCE = 0x73; // s
const JOB = 0x6a; // j

const KIND_NAME = /^[a-z][a-z0-9_-]*$/;

const writer = new ByteWriter(64);

function idPrefix(tag: number, id: number): ByteWriter {
  if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) throw new RangeError(`id ${id} is not a uint32`);
  const w = writer.reset();
  w.ensure(5);
  w.buf[w.pos++] = tag;
  w.buf.writeUInt32BE(id, w.pos);
  w.pos += 4;
  return w;
}

function withPartition(w: ByteWriter, partition: string | null): ByteWriter {
  if (partition !== null) encodeKeyValue(w, partition, KalamDataType.TEXT);
  return w;
}

/** All rows of a table, every partition: `r <tableId>`. */
export function tablePrefix(tableId: number): Buffer {
  return idPrefix(ROW, tableId).finish();
}

/** The rows of one partition (`partition` = user id, or null for SHARED tables). */
export function rowPrefix(tableId: number, partition: string | null): Buffer {
  return withPartition(idPrefix(ROW, tableId), partition).finish();
}

/** One row: the partition's prefix followed by the encoded primary key (keycode.encodeKey). */
export function rowKey(tableId: number, partition: string | null, pk: Uint8Array): Buffer {
  const w = withPartition(idPrefix(ROW, tableId), partition);
  w.bytes(pk);
  return w.finish();
}

/** Splits a row key back into its partition and primary-key bytes. */
export function parseRowKey(key: Buffer, partitioned: boolean): { tableId: number; partition: string | null; pk: Buffer } {
  if (key[0] !== ROW || key.length < 5) throw new Error('not a row key');
  const tableId = key.readUInt32BE(1);
  if (!partitioned) return { tableId, partition: null, pk: key.subarray(5) };
  const [partition, end] = decodeKeyValue(key, 5, KalamDataType.TEXT);
  if (typeof partition !== 'string') throw new Error('corrupt row key: NULL partition');
  return { tableId, partition, pk: key.subarray(end) };
}

/** All entries of a secondary index, every partition: `i <indexId>`. */
export function indexAllPrefix(indexId: number): Buffer {
  return idPrefix(INDEX, indexId).finish();
}

/** All entries of a secondary index in one partition. */
export function indexPrefix(indexId: number, partition: string | null): Buffer {
  return withPartition(idPrefix(INDEX, indexId), partition).finish();
}

/** A secondary-index entry: indexed values (keycode) then the row's primary key, so duplicates stay distinct. */
export function indexKey(indexId: number, partition: string | null, indexed: Uint8Array, pk: Uint8Array): Buffer {
  const w = withPartition(idPrefix(INDEX, indexId), partition);
  w.bytes(indexed);
  w.bytes(pk);
  return w.finish();
}

export function sequenceKey(seqId: number): Buffer {
  return idPrefix(SEQUENCE, seqId).finish();
}

/** `c/<kind>/`: every record of one catalog kind ("namespace", "table", "user", …). */
export function catalogPrefix(kind: string): Buffer {
  if (!KIND_NAME.test(kind)) throw new RangeError(`catalog kind "${kind}" must match ${KIND_NAME}`);
  return Buffer.from(`c/${kind}/`, 'utf8');
}

export function catalogKey(kind: string, name: string): Buffer {
  return Buffer.concat([catalogPrefix(kind), Buffer.from(name, 'utf8')]);
}

/** The name part of a catalog key made by catalogKey. */
export function catalogName(key: Buffer, kind: string): string {
  return key.subarray(kind.length + 3).toString('utf8');
}

export function metaKey(name: string): Buffer {
  return Buffer.from(`m/${name}`, 'utf8');
}

/** `j/`: every job record (jobs/job-store.ts). */
export function jobPrefix(): Buffer {
  return Buffer.from('j/', 'utf8');
}

export function jobKey(jobId: string): Buffer {
  return Buffer.from(`j/${jobId}`, 'utf8');
}

export const KeySpace = Object.freeze({ CATALOG, META, ROW, INDEX, SEQUENCE, JOB });
