/**
 * What binding a view's query learns, kept so the view means the same thing forever after:
 * which columns each `*` expanded to, which schema each table name resolved to, and which
 * relations and table columns the query reads (its dependencies).
 *
 * Binding is synchronous, so one capture is "current" while CREATE VIEW binds its query; the
 * binder reports to it through the note… functions, which cost nothing when no capture is on.
 * Expanding another view while binding suspends the capture: a view depends on the views it
 * names, not on what those read.
 */
export interface StarExpansion {
  readonly alias: string;
  readonly name: string;
}

export class ViewCapture {
  /** Keyed by the ResTarget's `val` node object (`{ ColumnRef: … }`) that held the `*`. */
  readonly stars = new Map<object, StarExpansion[]>();
  /** Keyed by the RangeVar body object; the schema its name resolved to. */
  readonly relations = new Map<object, string>();
  readonly dependsOn = new Set<number>();
  private readonly used = new Map<string, readonly [number, number]>();

  get columnsUsed(): (readonly [number, number])[] {
    return [...this.used.values()];
  }

  noteColumn(tableOid: number, attnum: number): void {
    this.used.set(`${tableOid}:${attnum}`, [tableOid, attnum]);
  }
}

let current: ViewCapture | null = null;

/** Runs `bind` with `capture` listening (null: with none, e.g. while a view is expanded). */
export function withViewCapture<T>(capture: ViewCapture | null, bind: () => T): T {
  const saved = current;
  current = capture;
  try {
    return bind();
  } finally {
    current = saved;
  }
}

export function noteStar(node: object, expansion: readonly StarExpansion[]): void {
  current?.stars.set(node, [...expansion]);
}

export function noteRelation(rangeVar: object, schema: string, oid: number): void {
  if (!current) return;
  current.relations.set(rangeVar, schema);
  current.dependsOn.add(oid);
}

export function noteColumn(tableOid: number | undefined, attnum: number | undefined): void {
  if (current && tableOid !== undefined && attnum !== undefined) current.noteColumn(tableOid, attnum);
}
