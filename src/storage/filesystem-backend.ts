/**
 * A storage on the local filesystem (`TYPE 'filesystem'`). Durable put is the classic sequence:
 *
 *   write  <dir>/.<name>.<random>.tmp      (created exclusively, never seen by list)
 *   fsync  the file
 *   rename it to <dir>/<name>              (atomic: readers see the old file or the new, whole)
 *   fsync  <dir>                           (the rename itself survives power loss)
 *
 * Directories are created one level at a time, each new entry fsynced in its parent, so a file
 * acknowledged as written is never lost with a directory that was not.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { StorageBackend, StorageChunks, StoredFile } from './storage-backend.js';

const TEMPORARY = /^\..+\.[0-9a-f]{16}\.tmp$/;

function isMissing(e: unknown): boolean {
  return (e as { code?: string }).code === 'ENOENT';
}

async function fsyncDir(dir: string): Promise<void> {
  const h = await open(dir, constants.O_RDONLY);
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

async function writeAll(h: FileHandle, data: StorageChunks): Promise<number> {
  if (data instanceof Uint8Array) {
    await h.writeFile(data);
    return data.byteLength;
  }
  let n = 0;
  for await (const chunk of data) {
    await h.write(chunk);
    n += chunk.byteLength;
  }
  return n;
}

export class FilesystemBackend implements StorageBackend {
  readonly storageType = 'filesystem';
  readonly base: string;

  constructor(base: string) {
    this.base = resolve(base);
  }

  join(location: string, ...parts: string[]): string {
    return join(this.inside(location), ...parts);
  }

  async put(location: string, data: StorageChunks): Promise<number> {
    const target = this.inside(location);
    const dir = dirname(target);
    await this.ensureDir(dir);
    const temp = join(dir, `.${basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
    const h = await open(temp, 'wx');
    let written: number;
    try {
      written = await writeAll(h, data);
      await h.sync();
    } catch (e) {
      await h.close();
      await unlink(temp).catch(() => undefined);
      throw e;
    }
    await h.close();
    await rename(temp, target);
    await fsyncDir(dir);
    return written;
  }

  read(location: string): Promise<Buffer> {
    return readFile(this.inside(location));
  }

  async readRange(location: string, offset: number, length: number): Promise<Buffer> {
    const h = await open(this.inside(location), 'r');
    try {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await h.read(buf, 0, length, offset);
      return buf.subarray(0, bytesRead);
    } finally {
      await h.close();
    }
  }

  async stat(location: string): Promise<StoredFile | undefined> {
    const path = this.inside(location);
    try {
      const s = await stat(path);
      return s.isFile() ? { name: basename(path), size: s.size } : undefined;
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  async list(location: string): Promise<StoredFile[]> {
    const dir = this.inside(location);
    let names: string[];
    try {
      names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile() && !TEMPORARY.test(d.name)).map((d) => d.name);
    } catch (e) {
      if (isMissing(e)) return [];
      throw e;
    }
    names.sort();
    const out: StoredFile[] = [];
    for (const name of names) {
      const s = await stat(join(dir, name)).catch((e: unknown) => (isMissing(e) ? undefined : Promise.reject(e)));
      if (s) out.push({ name, size: s.size }); // deleted since readdir: not there
    }
    return out;
  }

  async delete(location: string): Promise<void> {
    const path = this.inside(location);
    try {
      await unlink(path);
    } catch (e) {
      if (isMissing(e)) return;
      throw e;
    }
    await fsyncDir(dirname(path));
  }

  async sweep(location: string): Promise<number> {
    const dir = this.inside(location);
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => TEMPORARY.test(n));
    } catch (e) {
      if (isMissing(e)) return 0;
      throw e;
    }
    for (const n of names) await unlink(join(dir, n)).catch((e: unknown) => (isMissing(e) ? undefined : Promise.reject(e)));
    if (names.length > 0) await fsyncDir(dir);
    return names.length;
  }

  /** `location` resolved, refused unless it lies under the base (a resolver bug, never user input). */
  private inside(location: string): string {
    const path = resolve(location);
    if (path !== this.base && !path.startsWith(this.base + sep)) {
      throw new Error(`location ${location} is outside the storage's base directory ${this.base}`);
    }
    return path;
  }

  /** mkdir -p, fsyncing each parent that gained an entry. */
  private async ensureDir(dir: string): Promise<void> {
    const missing: string[] = [];
    for (let d = dir; ; d = dirname(d)) {
      try {
        if ((await stat(d)).isDirectory()) break;
        throw new Error(`${d} exists and is not a directory`);
      } catch (e) {
        if (!isMissing(e)) throw e;
        missing.push(d);
        if (dirname(d) === d) break;
      }
    }
    for (const d of missing.reverse()) {
      try {
        await mkdir(d);
      } catch (e) {
        if ((e as { code?: string }).code !== 'EEXIST') throw e; // made meanwhile by a concurrent put
      }
      await fsyncDir(dirname(d));
    }
  }
}
