/**
 * CommitLog: every acknowledged commit, appended with one write(2) from the event loop before the
 * client hears about it, and applied to RocksDB behind it.
 *
 * Why not just RocksDB's own WAL: its write is asynchronous in the binding, so a commit that waited
 * for it paid a hop to libuv's thread pool and back — about 70 µs per commit on the development
 * machine, with the event loop idle meanwhile (bench/results). A write(2) puts the record in the OS
 * page cache, which is exactly what RocksDB's WAL with `sync: false` gave us: the record survives
 * the death of the process (SIGKILL, OOM kill), not of the kernel — the durability class of
 * PostgreSQL's `synchronous_commit = off`.
 *
 * Files: `<dir>/<first lsn as 16 hex digits>.log`, a sequence of records
 *
 *   u32 body length | u32 CRC-32 of (lsn, body) | u64 lsn | body
 *   body = op*, op = u8 1 | u32 key length | key | u32 value length | value   (put)
 *                  | u8 2 | u32 key length | key                              (delete)
 *
 * LSNs rise by one per record. The RocksDB WriteBatch that applies a record also sets
 * `m/commit-log-applied` to its LSN, so start-up replays exactly the records above that, in order,
 * and stops at the first torn or corrupt record — the tail of a write a crash cut short, which was
 * never acknowledged. Files rotate at 64 MiB; a closed file is deleted once RocksDB holds all
 * of it and RocksDB's WAL has been fsynced.
 */
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from '../util/crc32.js';
import type { KvOp, KvStore } from './kv-store.js';
import { metaKey } from './key-layout.js';

const HEADER_BYTES = 16;
const PUT = 1;
const DEL = 2;
const DEFAULT_ROTATE_BYTES = 64 * 1024 * 1024;
const REPLAY_BATCH_OPS = 10_000;
const FILE_NAME = /^[0-9a-f]{16}\.log$/;

const APPLIED_KEY = metaKey('commit-log-applied');
const SYNC_KEY = metaKey('commit-log-sync');

export interface ReplayReport {
  /** Records applied to RocksDB at start-up. */
  readonly records: number;
  /** Files set aside (renamed `*.damaged`) because a record before their end could not be read. */
  readonly damagedFiles: readonly string[];
}

interface ClosedFile {
  readonly file: string;
  readonly lastLsn: number;
}

export class CommitLog {
  private fd: number;
  private firstLsn = 0;
  private size = 0;
  private readonly closedFiles: ClosedFile[] = [];
  private releasing = false;
  private failure: Error | null = null;

  private constructor(
    private readonly dir: string,
    private nextLsn: number,
    readonly replay: ReplayReport,
    private readonly rotateBytes: number,
  ) {
    this.fd = this.openFile(nextLsn);
  }

  /** Replays into `kv` what RocksDB has not got yet, removes the old files and starts a new one. */
  static async open(dir: string, kv: KvStore, opts: { rotateBytes?: number } = {}): Promise<CommitLog> {
    fs.mkdirSync(dir, { recursive: true });
    const raw = await kv.get(APPLIED_KEY);
    const applied = raw ? Number(raw.readBigUInt64LE(0)) : 0;
    const files = fs.readdirSync(dir).filter((f) => FILE_NAME.test(f)).sort();
    let last = applied;
    let records = 0;
    let ops: KvOp[] = [];
    let stoppedIn = -1;
    for (let f = 0; f < files.length && stoppedIn < 0; f++) {
      const bytes = fs.readFileSync(path.join(dir, files[f]!));
      for (let off = 0; off < bytes.length; ) {
        const rec = decodeRecord(bytes, off);
        if (!rec || (rec.lsn > applied && rec.lsn !== last + 1)) {
          stoppedIn = f;
          break;
        }
        off = rec.end;
        if (rec.lsn <= applied) continue;
        for (const op of rec.ops) ops.push(op);
        last = rec.lsn;
        records++;
        if (ops.length >= REPLAY_BATCH_OPS) {
          ops.push(appliedMarker(last));
          await kv.write(ops);
          ops = [];
        }
      }
    }
    if (ops.length > 0) {
      ops.push(appliedMarker(last));
      await kv.write(ops);
    }
    // fsync RocksDB's WAL: from here on RocksDB alone holds what the files held.
    await kv.write([appliedMarker(last)], { sync: true });
    const damagedFiles: string[] = [];
    files.forEach((f, i) => {
      const full = path.join(dir, f);
      // A torn record can only end the newest file; a bad one before that loses later commits.
      if (stoppedIn >= 0 && i > stoppedIn) {
        fs.renameSync(full, `${full}.damaged`);
        damagedFiles.push(`${f}.damaged`);
      } else fs.unlinkSync(full);
    });
    return new CommitLog(dir, last + 1, { records, damagedFiles }, opts.rotateBytes ?? DEFAULT_ROTATE_BYTES);
  }

  /**
   * Appends one record holding `ops` and returns its LSN; throws if it could not be written whole
   * (the file is cut back to where it was, so the log stays readable).
   */
  append(ops: readonly KvOp[]): number {
    if (this.failure) throw this.failure;
    return this.write(encodeRecord(this.nextLsn, ops));
  }

  /**
   * append() for commits' write sets (a null value deletes): the record is encoded straight from
   * them, and the ops returned for RocksDB take their keys as views of it — a bulk load's million
   * keys are then neither made into Buffers one by one nor copied twice.
   */
  appendWrites(writes: readonly ReadonlyMap<string, Buffer | null>[], tombstones?: readonly (ReadonlyMap<string, Buffer> | null)[]): { lsn: number; ops: KvOp[] } {
    if (this.failure) throw this.failure;
    const { record, ops } = encodeWrites(this.nextLsn, writes, tombstones);
    return { lsn: this.write(record), ops };
  }

  private write(record: Buffer): number {
    const lsn = this.nextLsn;
    try {
      for (let done = 0; done < record.length; ) done += fs.writeSync(this.fd, record, done);
    } catch (e) {
      try {
        fs.ftruncateSync(this.fd, this.size);
      } catch {
        // Could not even undo: refuse every later commit rather than append after garbage.
        this.failure = e instanceof Error ? e : new Error(String(e));
      }
      throw e;
    }
    this.nextLsn++;
    this.size += record.length;
    if (this.size >= this.rotateBytes) this.rotate();
    return lsn;
  }

  /** The op that records, inside an applying WriteBatch, that RocksDB has everything up to `lsn`. */
  appliedMarker(lsn: number): KvOp {
    return appliedMarker(lsn);
  }

  /** RocksDB now holds every record up to `lsn`: closed files wholly below it can go. */
  async applied(lsn: number, kv: KvStore): Promise<void> {
    if (this.releasing || this.closedFiles.length === 0 || this.closedFiles[0]!.lastLsn > lsn) return;
    this.releasing = true;
    try {
      // A separate key, so this write can never set the applied marker back.
      await kv.write([{ type: 'put', key: SYNC_KEY, value: u64(lsn) }], { sync: true });
      while (this.closedFiles.length > 0 && this.closedFiles[0]!.lastLsn <= lsn) {
        fs.unlinkSync(path.join(this.dir, this.closedFiles.shift()!.file));
      }
    } finally {
      this.releasing = false;
    }
  }

  close(): void {
    if (this.fd < 0) return;
    fs.closeSync(this.fd);
    this.fd = -1;
  }

  private rotate(): void {
    fs.closeSync(this.fd);
    this.closedFiles.push({ file: fileName(this.firstLsn), lastLsn: this.nextLsn - 1 });
    this.fd = this.openFile(this.nextLsn);
  }

  private openFile(firstLsn: number): number {
    this.firstLsn = firstLsn;
    this.size = 0;
    const fd = fs.openSync(path.join(this.dir, fileName(firstLsn)), 'a');
    fsyncDir(this.dir);
    return fd;
  }
}

function fileName(firstLsn: number): string {
  return `${firstLsn.toString(16).padStart(16, '0')}.log`;
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function u64(n: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}

function appliedMarker(lsn: number): KvOp {
  return { type: 'put', key: APPLIED_KEY, value: u64(lsn) };
}

/** Fills in a record's header (length, LSN, CRC) around a body already written. */
function seal(out: Buffer, lsn: number): Buffer {
  out.writeUInt32LE(out.length - HEADER_BYTES, 0);
  out.writeBigUInt64LE(BigInt(lsn), 8);
  out.writeUInt32LE(crc32(out, 8, out.length), 4);
  return out;
}

/**
 * A record of write sets' entries, and the same entries as ops whose keys are views of it. A
 * delete with an entry in its set's `tombstones` (a key whose older versions live in segments,
 * which a plain delete would bring back) becomes a put of that tombstone: the record holds the
 * put, so a replay writes exactly what the first apply did.
 */
function encodeWrites(
  lsn: number, sets: readonly ReadonlyMap<string, Buffer | null>[], tombstones?: readonly (ReadonlyMap<string, Buffer> | null)[],
): { record: Buffer; ops: KvOp[] } {
  const writes = tombstones === undefined ? sets : sets.map((w, i) => {
    const stones = tombstones[i];
    if (!stones || stones.size === 0) return w;
    const out = new Map(w);
    for (const [id, t] of stones) out.set(id, t);
    return out;
  });
  let size = HEADER_BYTES;
  let count = 0;
  for (const w of writes) {
    count += w.size;
    for (const [id, value] of w) size += 5 + id.length + (value ? 4 + value.length : 0);
  }
  const out = Buffer.allocUnsafe(size);
  const ops = new Array<KvOp>(count);
  let off = HEADER_BYTES;
  let n = 0;
  for (const w of writes) {
    for (const [id, value] of w) {
      out[off] = value ? PUT : DEL;
      out.writeUInt32LE(id.length, off + 1); // a key id is latin1: one char a byte
      off += 5;
      out.write(id, off, 'latin1');
      const key = out.subarray(off, off + id.length);
      off += id.length;
      if (value) {
        out.writeUInt32LE(value.length, off);
        out.set(value, off + 4);
        off += 4 + value.length;
        ops[n++] = { type: 'put', key, value };
      } else ops[n++] = { type: 'del', key };
    }
  }
  return { record: seal(out, lsn), ops };
}

export function encodeRecord(lsn: number, ops: readonly KvOp[]): Buffer {
  let size = HEADER_BYTES;
  for (const op of ops) size += 5 + op.key.length + (op.type === 'put' ? 4 + op.value.length : 0);
  const out = Buffer.allocUnsafe(size);
  let off = HEADER_BYTES;
  for (const op of ops) {
    out[off] = op.type === 'put' ? PUT : DEL;
    out.writeUInt32LE(op.key.length, off + 1);
    // set(), not Buffer#copy: for keys and rows of a few dozen bytes a native call each is the cost.
    out.set(op.key, off + 5);
    off += 5 + op.key.length;
    if (op.type === 'put') {
      out.writeUInt32LE(op.value.length, off);
      out.set(op.value, off + 4);
      off += 4 + op.value.length;
    }
  }
  return seal(out, lsn);
}

/** The record at `off`, or null if it is cut short or fails its checksum. */
export function decodeRecord(bytes: Buffer, off: number): { lsn: number; ops: KvOp[]; end: number } | null {
  if (off + HEADER_BYTES > bytes.length) return null;
  const end = off + HEADER_BYTES + bytes.readUInt32LE(off);
  if (end > bytes.length || crc32(bytes, off + 8, end) !== bytes.readUInt32LE(off + 4)) return null;
  const lsn = Number(bytes.readBigUInt64LE(off + 8));
  const ops: KvOp[] = [];
  let p = off + HEADER_BYTES;
  while (p < end) {
    if (p + 5 > end) return null;
    const kind = bytes[p];
    const keyEnd = p + 5 + bytes.readUInt32LE(p + 1);
    if (keyEnd > end || (kind !== PUT && kind !== DEL)) return null;
    const key = Buffer.from(bytes.subarray(p + 5, keyEnd));
    p = keyEnd;
    if (kind === DEL) {
      ops.push({ type: 'del', key });
      continue;
    }
    if (p + 4 > end) return null;
    const valueEnd = p + 4 + bytes.readUInt32LE(p);
    if (valueEnd > end) return null;
    ops.push({ type: 'put', key, value: Buffer.from(bytes.subarray(p + 4, valueEnd)) });
    p = valueEnd;
  }
  return { lsn, ops, end };
}
