/**
 * Making a file durable before anything refers to it (DESIGN.md section 8, flush protocol):
 *
 *   1. write the bytes to a temporary name in the target directory   .<name>.<random>.tmp
 *   2. fsync the file                                                 its data is on disk
 *   3. rename it to its name                                          atomic: whole file or none
 *   4. fsync the directory                                            the rename is on disk
 *
 * A crash before 3 leaves only a temporary file, which no reader looks at (isTemporaryFile) and
 * manifest recovery reports (manifest-recovery.ts); a crash after 4 leaves the whole file. Only
 * then may the manifest name it, and only after the manifest is durable may the hot rows go.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TEMP_SUFFIX = '.tmp';

/** Temporary files start with a dot and end in `.tmp`: never a segment, never the manifest. */
export function isTemporaryFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

/** Test hook: the step after which a crash is simulated (the process kills itself). */
export type DurableStep = 'written' | 'synced' | 'renamed';

let crashAfter: DurableStep | undefined = process.env.KALAM_DURABLE_CRASH_AFTER as DurableStep | undefined;

/** Tests only: crash (SIGKILL of this process) after `step` of the next durable writes. */
export function setDurableCrashStep(step: DurableStep | undefined): void {
  crashAfter = step;
}

function maybeCrash(step: DurableStep): void {
  if (crashAfter === step) process.kill(process.pid, 'SIGKILL');
}

/** Writes `bytes` to `path` durably (steps above); resolves once the rename itself is on disk. */
export async function writeFileDurably(path: string, bytes: Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  const fh = await open(temp, 'wx', 0o644);
  try {
    try {
      let off = 0;
      while (off < bytes.length) off += (await fh.write(bytes, off, bytes.length - off)).bytesWritten;
      maybeCrash('written');
      await fh.sync();
      maybeCrash('synced');
    } finally {
      await fh.close();
    }
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  maybeCrash('renamed');
  await syncDirectory(dir);
}

/** What a flush job calls: the segment `name` in `dir`, durable on return. Returns its path. */
export async function writeSegmentFile(dir: string, name: string, bytes: Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFileDurably(path, bytes);
  return path;
}

/** fsync of a directory: makes the names in it (a rename, an unlink) durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}
