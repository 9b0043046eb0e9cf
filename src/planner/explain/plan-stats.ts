/**
 * EXPLAIN ANALYZE's counters: per operator (PlanNode.key), how many times it ran (loops), the
 * rows it produced, the rows a filter applied to its output removed, and run-time notes
 * (`Sort Method: top-N heapsort`). Operators record only when EvalContext.stats is set, one
 * call per run of the operator (rows are materialised arrays: counting is `rows.length`), so
 * the ordinary path pays one property test per operator run.
 */
export interface NodeStats {
  loops: number;
  rows: number;
  removed: number;
  notes: string[];
}

export class PlanStats {
  private readonly byKey = new Map<object, NodeStats>();

  private of(key: object): NodeStats {
    let s = this.byKey.get(key);
    if (!s) {
      s = { loops: 0, rows: 0, removed: 0, notes: [] };
      this.byKey.set(key, s);
    }
    return s;
  }

  /** One run of the operator produced `rows` rows. */
  count(key: object, rows: number): void {
    const s = this.of(key);
    s.loops++;
    s.rows += rows;
  }

  /** A filter over the operator's output (counted by `count`) dropped `removed` of them. */
  filtered(key: object, removed: number): void {
    const s = this.of(key);
    s.rows -= removed;
    s.removed += removed;
  }

  /** A fact found while running, printed once however many loops. */
  note(key: object, text: string): void {
    const s = this.of(key);
    if (!s.notes.includes(text)) s.notes.push(text);
  }

  get(key: object): NodeStats | undefined {
    return this.byKey.get(key);
  }
}
