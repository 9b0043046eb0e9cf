/**
 * The client that must not notice the fuzzing: it inserts rows with values derived from their id
 * (extended protocol, and simple-protocol transactions), and checks every answer — the count and
 * sum of what it wrote, point reads of random rows — against what it knows it wrote.
 */
import type pg from 'pg';
import type { Random } from './corpus.js';

export const HEALTHY_DDL = 'CREATE TABLE healthy (id INT PRIMARY KEY, v TEXT NOT NULL)';

export function healthyValue(id: number): string {
  return `row-${id}-${(id * 2654435761) % 1000003}-✓`;
}

export class HealthyClient {
  /** Ids whose insert was acknowledged. */
  readonly written: number[] = [];
  private sum = 0;
  private next = 1;
  readonly failures: string[] = [];
  operations = 0;
  slowestMs = 0;

  constructor(private readonly client: pg.Client, private readonly rnd: Random) {}

  /** Runs until `stop()` resolves true, checking each answer. */
  async runUntil(stop: () => boolean): Promise<void> {
    while (!stop() && this.failures.length === 0) await this.step();
  }

  async step(): Promise<void> {
    const started = Date.now();
    try {
      const r = this.rnd();
      if (r < 0.5) await this.insertOne();
      else if (r < 0.65) await this.insertInTransaction();
      else if (r < 0.85) await this.checkTotals();
      else await this.checkOne();
    } catch (e) {
      this.failures.push(`healthy client: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.operations++;
    this.slowestMs = Math.max(this.slowestMs, Date.now() - started);
  }

  private acknowledge(id: number): void {
    this.written.push(id);
    this.sum += id;
  }

  private async insertOne(): Promise<void> {
    const id = this.next++;
    const r = await this.client.query('INSERT INTO healthy (id, v) VALUES ($1, $2)', [id, healthyValue(id)]);
    if (r.rowCount !== 1) throw new Error(`insert ${id}: rowCount ${r.rowCount}`);
    this.acknowledge(id);
  }

  private async insertInTransaction(): Promise<void> {
    const a = this.next++;
    const b = this.next++;
    await this.client.query(
      `BEGIN; INSERT INTO healthy VALUES (${a}, '${healthyValue(a)}'); INSERT INTO healthy VALUES (${b}, '${healthyValue(b)}'); COMMIT`,
    );
    this.acknowledge(a);
    this.acknowledge(b);
  }

  async checkTotals(): Promise<void> {
    const r = await this.client.query('SELECT count(*)::int AS n, coalesce(sum(id), 0)::bigint AS s FROM healthy');
    const { n, s } = r.rows[0] as { n: number; s: string };
    if (n !== this.written.length || Number(s) !== this.sum) {
      throw new Error(`totals: count ${n}, sum ${s}; expected ${this.written.length}, ${this.sum}`);
    }
  }

  private async checkOne(): Promise<void> {
    if (this.written.length === 0) return;
    const id = this.written[Math.floor(this.rnd() * this.written.length)]!;
    const r = await this.client.query({ text: 'SELECT v FROM healthy WHERE id = $1', values: [id], rowMode: 'array' });
    if (r.rows.length !== 1 || r.rows[0][0] !== healthyValue(id)) {
      throw new Error(`row ${id}: got ${JSON.stringify(r.rows)}, expected ${healthyValue(id)}`);
    }
  }

  /** After a restart: every acknowledged row is there, with its value, and nothing else. */
  static async verifyAll(client: pg.Client, written: readonly number[]): Promise<string | null> {
    const r = await client.query('SELECT id, v FROM healthy ORDER BY id');
    const expected = [...written].sort((x, y) => x - y);
    if (r.rows.length !== expected.length) return `after restart: ${r.rows.length} rows, expected ${expected.length}`;
    for (let i = 0; i < expected.length; i++) {
      const row = r.rows[i] as { id: number; v: string };
      if (row.id !== expected[i] || row.v !== healthyValue(row.id)) return `after restart: row ${i} is ${JSON.stringify(row)}, expected id ${expected[i]}`;
    }
    return null;
  }
}
