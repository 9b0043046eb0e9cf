/**
 * DDL inside a transaction block, made to roll back (PostgreSQL's DDL is transactional): each
 * catalog change takes effect at once — later statements of the block see it — and records how
 * to undo it; destruction that cannot be undone (a dropped table's rows) waits for COMMIT.
 *
 *   BEGIN; CREATE TABLE t …; ROLLBACK        undo: drop t
 *   BEGIN; DROP TABLE t; ROLLBACK            undo: put t's definition back; its rows were kept
 *   BEGIN; DROP TABLE t; COMMIT              at commit: delete t's rows
 *
 * ROLLBACK TO SAVEPOINT undoes what came after the savepoint. Not isolation: other sessions see
 * a block's catalog changes before it commits, and a crash inside the block keeps them.
 */
export interface DdlEntry {
  readonly undo: () => Promise<void>;
  readonly atCommit?: () => Promise<void>;
}

export class DdlJournal {
  private entries: DdlEntry[] = [];

  record(entry: DdlEntry): void {
    this.entries.push(entry);
  }

  get length(): number {
    return this.entries.length;
  }

  /** COMMIT: the deferred destruction, in order. */
  async commit(): Promise<void> {
    const entries = this.entries;
    this.entries = [];
    for (const e of entries) if (e.atCommit) await e.atCommit();
  }

  /** ROLLBACK (to `keep` entries: a savepoint): undoes the later changes, newest first. */
  async rollback(keep = 0): Promise<void> {
    const undone = this.entries.splice(keep);
    for (const e of undone.reverse()) await e.undo();
  }
}
