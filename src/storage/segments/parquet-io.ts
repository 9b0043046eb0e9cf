/**
 * The one file that talks to the Parquet library: parquet-wasm (Rust's arrow-rs `parquet` crate in
 * WebAssembly), Arrow IPC in and out through apache-arrow. Chosen by measurement over hyparquet
 * (README "Parquet library", bench/parquet.mjs): 1.8M rows/s written, 3.9M rows/s read here.
 *
 * parquet-wasm objects live in WebAssembly memory: every one is consumed (`into…`) or freed.
 */
import { open } from 'node:fs/promises';
import * as arrow from 'apache-arrow';
import * as pw from 'parquet-wasm';
import { corruptSegment } from './segment-errors.js';
import { openFileBlob } from './open-file-blob.js';

export type Compression = 'zstd' | 'snappy';

export interface ParquetWriteOptions {
  readonly compression: Compression;
  readonly rowGroupRows: number;
  /** The file's key-value metadata (segment-metadata.ts). */
  readonly keyValues: ReadonlyMap<string, string>;
  /** Columns written without a dictionary, DELTA_BINARY_PACKED (arrow-types.ts prefersDeltaEncoding). */
  readonly deltaColumns: readonly string[];
}

/** One Parquet file from Arrow record batches (each batch becomes at most one row group). */
export function writeParquet(table: arrow.Table, opts: ParquetWriteOptions): Uint8Array {
  return writeParquetFromIpc(arrow.tableToIPC(table, 'stream'), opts);
}

/** writeParquet from the table as an Arrow IPC stream: what the encoding worker gets (parquet-encoder.ts). */
export function writeParquetFromIpc(ipc: Uint8Array, opts: ParquetWriteOptions): Uint8Array {
  // Each builder call consumes the builder and hands back a new one.
  let props = new pw.WriterPropertiesBuilder()
    .setCompression(opts.compression === 'zstd' ? pw.Compression.ZSTD : pw.Compression.SNAPPY)
    .setMaxRowGroupSize(opts.rowGroupRows)
    .setStatisticsEnabled(pw.EnabledStatistics.Chunk)
    .setCreatedBy('kalamdb-pg')
    .setKeyValueMetadata(new Map(opts.keyValues));
  for (const c of opts.deltaColumns) {
    props = props.setColumnDictionaryEnabled(c, false).setColumnEncoding(c, pw.Encoding.DELTA_BINARY_PACKED);
  }
  const wasmTable = pw.Table.fromIPCStream(ipc);
  return pw.writeParquet(wasmTable, props.build());
}

export interface ParquetFooter {
  /** The Arrow schema (with field metadata) the file was written with. */
  readonly schema: arrow.Schema;
  readonly keyValues: ReadonlyMap<string, string>;
  readonly fileBytes: number;
}

const MAGIC = Buffer.from('PAR1');

/**
 * Reads only the footer: the last 8 bytes give its length, then the footer itself. parquet-wasm
 * parses a file from memory, so it is handed `PAR1 footer length PAR1`, which is all a schema read
 * looks at.
 */
export async function readParquetFooter(path: string): Promise<ParquetFooter> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    if (size < 12) throw corruptSegment(`${size} bytes is too short for a Parquet file`, path);
    const tail = Buffer.alloc(8);
    await fh.read(tail, 0, 8, size - 8);
    if (!tail.subarray(4).equals(MAGIC)) throw corruptSegment('no Parquet magic at the end (truncated?)', path);
    const len = tail.readUInt32LE(0);
    if (len + 12 > size) throw corruptSegment('footer length exceeds the file', path);
    const synth = Buffer.alloc(len + 12);
    MAGIC.copy(synth, 0);
    await fh.read(synth, 4, len + 8, size - 8 - len);
    let wasmSchema: pw.Schema;
    try {
      wasmSchema = pw.readSchema(synth);
    } catch (e) {
      throw corruptSegment(`unreadable footer (${(e as Error).message ?? e})`, path);
    }
    const keyValues = new Map<string, string>(wasmSchema.metadata());
    const schema = arrow.tableFromIPC(wasmSchema.intoIPCStream()).schema;
    return { schema, keyValues, fileBytes: size };
  } finally {
    await fh.close();
  }
}

export interface ParquetReadOptions {
  /** Row groups to read, in file order; all when absent. */
  readonly rowGroups?: readonly number[];
  /** Field names to read; all when absent. */
  readonly columns?: readonly string[];
}

/**
 * The chosen row groups and columns of a file. Read through a Blob of the open file, so only the
 * byte ranges of those column chunks come off the disk, and a file deleted meanwhile still reads
 * (open-file-blob.ts); each row group comes back as one batch.
 */
export async function readParquet(path: string, opts: ParquetReadOptions, rowGroupRows: number): Promise<arrow.Table> {
  const handle = await openFileBlob(path);
  let file: pw.ParquetFile;
  try {
    file = await pw.ParquetFile.fromFile(handle.blob);
  } catch (e) {
    await handle.close();
    throw corruptSegment(`unreadable footer (${(e as Error).message ?? e})`, path);
  }
  try {
    const options: pw.ReaderOptions = { batchSize: Math.max(1, rowGroupRows) };
    if (opts.rowGroups) options.rowGroups = [...opts.rowGroups];
    if (opts.columns) options.columns = [...opts.columns];
    const wasmTable = await file.read(options);
    return arrow.tableFromIPC(wasmTable.intoIPCStream());
  } catch (e) {
    throw e instanceof Error && 'code' in e ? e : corruptSegment(`unreadable data (${(e as Error).message ?? e})`, path);
  } finally {
    file.free();
    await handle.close();
  }
}
