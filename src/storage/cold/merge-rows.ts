/**
 * Merging key-ordered streams of `[key, value]` batches — the shape RocksDB scans yield — without
 * an await per row: each step merges whole batches synchronously until one side runs dry.
 */
import { isTombstone } from './cold-source.js';

type Entry = [Buffer, Buffer];

/** One stream's current batch and position in it. */
class Cursor {
  private batch: Entry[] = [];
  private i = 0;
  done = false;

  constructor(private readonly it: AsyncIterator<Entry[]>) {}

  /** The current entry, refilling from the stream when the batch is used up; undefined at the end. */
  async fill(): Promise<void> {
    while (!this.done && this.i >= this.batch.length) {
      const r = await this.it.next();
      if (r.done) this.done = true;
      else {
        this.batch = r.value;
        this.i = 0;
      }
    }
  }

  get ready(): boolean {
    return this.i < this.batch.length;
  }

  get head(): Entry {
    return this.batch[this.i]!;
  }

  advance(): void {
    this.i++;
  }

  async close(): Promise<void> {
    await this.it.return?.(undefined);
  }
}

const BATCH = 1024;

/**
 * `hot` laid over `cold`: on equal keys the hot entry wins (it is the newer write), and a hot
 * tombstone hides the key altogether. Tombstones never come out.
 */
export async function* overlayRows(hot: AsyncIterable<Entry[]>, cold: AsyncIterable<Entry[]>): AsyncGenerator<Entry[]> {
  const h = new Cursor(hot[Symbol.asyncIterator]());
  const c = new Cursor(cold[Symbol.asyncIterator]());
  try {
    let out: Entry[] = [];
    for (;;) {
      await h.fill();
      await c.fill();
      if (!h.ready && !c.ready) break;
      while (h.ready || c.ready) {
        if (!c.ready) {
          if (!c.done) break;
          const e = h.head;
          h.advance();
          if (!isTombstone(e[1])) out.push(e);
        } else if (!h.ready) {
          if (!h.done) break;
          out.push(c.head);
          c.advance();
        } else {
          const cmp = Buffer.compare(h.head[0], c.head[0]);
          if (cmp <= 0) {
            const e = h.head;
            h.advance();
            if (cmp === 0) c.advance();
            if (!isTombstone(e[1])) out.push(e);
          } else {
            out.push(c.head);
            c.advance();
          }
        }
        if (out.length >= BATCH) {
          yield out;
          out = [];
        }
      }
    }
    if (out.length > 0) yield out;
  } finally {
    await h.close();
    await c.close();
  }
}
