/**
 * Where segment files live, seen the way both a filesystem and an object store can offer it:
 * whole files put durably and atomically, read (whole or a range), listed per directory (a key
 * prefix, for an object store), deleted. Only the filesystem is built (filesystem-backend.ts);
 * `CREATE STORAGE … TYPE 's3'` answers 0A000 until an object store implements this interface.
 *
 * Locations are absolute — a path for the filesystem, a URI for an object store — as
 * storage-paths.ts resolves them from a table's storage; every method refuses one outside the
 * backend's base.
 */
export type StorageChunks = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

export interface StoredFile {
  readonly name: string;
  readonly size: number;
}

export interface StorageBackend {
  readonly storageType: string;
  /** The location everything of this storage lies under. */
  readonly base: string;
  /** `location` with relative `parts` appended. */
  join(location: string, ...parts: string[]): string;
  /**
   * Writes a whole file: once this resolves it survives a crash (or power loss), and no reader
   * nor a crash ever sees half of it — the filesystem writes a temporary name, fsyncs it, renames
   * it into place and fsyncs the directory. Replaces a file of the same name. Resolves to the
   * number of bytes written.
   */
  put(location: string, data: StorageChunks): Promise<number>;
  read(location: string): Promise<Buffer>;
  /** `length` bytes from `offset` (fewer at the end of the file): Parquet footers and row groups. */
  readRange(location: string, offset: number, length: number): Promise<Buffer>;
  /** Size of a file, or undefined when there is none. */
  stat(location: string): Promise<StoredFile | undefined>;
  /**
   * The files directly under `location`, by name; [] when there is nothing there. Temporaries of
   * puts that never finished are not listed (sweep removes them).
   */
  list(location: string): Promise<StoredFile[]>;
  /** Removes a file, durably; a file that is not there is not an error. */
  delete(location: string): Promise<void>;
  /** Removes the temporaries a crash left under `location`; resolves to how many. */
  sweep(location: string): Promise<number>;
}
