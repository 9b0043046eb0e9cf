/**
 * What parquet-wasm reads a file through — a Blob's `size`, `slice()` and `arrayBuffer()` — over
 * an open file handle instead of a path. A Blob from fs.openAsBlob opens the file again for every
 * slice, so a segment deleted meanwhile (DROP TABLE removing its directory, a compaction's
 * retired file) fails the read inside WebAssembly, which aborts ("unreachable") as an uncaught
 * exception and leaves the read's promise unsettled. An open handle keeps the file readable until
 * it is closed, whatever happens to its name.
 */
import { open, type FileHandle } from 'node:fs/promises';

class FileRange {
  constructor(private readonly fh: FileHandle, private readonly start: number, private readonly end: number) {}

  get size(): number {
    return this.end - this.start;
  }

  /** Blob.slice: offsets relative to this range, negative ones from its end, clamped to it. */
  slice(from = 0, to = this.size): FileRange {
    const at = (x: number): number => Math.min(this.size, Math.max(0, x < 0 ? this.size + x : x));
    const a = at(from);
    return new FileRange(this.fh, this.start + a, this.start + Math.max(a, at(to)));
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const out = new Uint8Array(this.size);
    let done = 0;
    while (done < out.length) {
      const { bytesRead } = await this.fh.read(out, done, out.length - done, this.start + done);
      if (bytesRead === 0) throw new Error(`file ended ${out.length - done} bytes early`);
      done += bytesRead;
    }
    return out.buffer;
  }
}

/** The file at `path` as a Blob for parquet-wasm, readable until `close()`. */
export async function openFileBlob(path: string): Promise<{ blob: Blob; close(): Promise<void> }> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    // parquet-wasm calls only size, slice() and arrayBuffer() (duck-typed through wasm-bindgen).
    return { blob: new FileRange(fh, 0, size) as unknown as Blob, close: () => fh.close() };
  } catch (e) {
    await fh.close();
    throw e;
  }
}
