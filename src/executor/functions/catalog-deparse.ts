/**
 * pg_get_constraintdef and pg_get_indexdef: the definitions PostgreSQL prints for constraints and
 * indexes, rebuilt from the table definition. ORMs parse these strings (Drizzle, Prisma, DBeaver's
 * `substring(…, 7)`), so spacing and quoting follow PostgreSQL's ruleutils exactly.
 */
import type { CatalogLookup } from '../../binder/expr/catalog-lookup.js';
import type { ConstraintDefinition, ReferentialAction, TableDefinition } from '../../catalog/table-definition.js';
import { quoteIdentifier } from '../../util/sql-quote.js';

function columnNames(table: TableDefinition, ordinals: readonly number[]): string {
  return ordinals.map((o) => quoteIdentifier(table.columns.find((c) => c.ordinal === o)?.name ?? `?${o}?`)).join(', ');
}

const ACTIONS: Record<ReferentialAction, string | null> = {
  a: null, r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT',
};

function foreignKey(catalog: CatalogLookup, table: TableDefinition, def: ConstraintDefinition): string {
  const ref = def.references!;
  const target = catalog.model().relationByOid(ref.tableOid)?.table;
  const parts = [`FOREIGN KEY (${columnNames(table, def.columns)}) REFERENCES ${catalog.relationName(ref.tableOid) ?? ref.tableOid}(${target ? columnNames(target, ref.columns) : ''})`];
  if (ref.match === 'f') parts.push('MATCH FULL');
  if (ACTIONS[ref.onUpdate]) parts.push(`ON UPDATE ${ACTIONS[ref.onUpdate]}`);
  if (ACTIONS[ref.onDelete]) parts.push(`ON DELETE ${ACTIONS[ref.onDelete]}`);
  return parts.join(' ');
}

/** pg_get_constraintdef(oid): NULL when there is no such constraint. */
export function constraintDefinition(catalog: CatalogLookup, oid: number): string | null {
  const hit = catalog.model().constraints.find((c) => c.def.oid === oid);
  if (!hit) return null;
  const { def, table } = hit;
  let text: string;
  switch (def.kind) {
    case 'p': text = `PRIMARY KEY (${columnNames(table, def.columns)})`; break;
    case 'u': text = `UNIQUE (${columnNames(table, def.columns)})`; break;
    case 'c': text = def.check?.text ?? 'CHECK (true)'; break;
    case 'f': text = foreignKey(catalog, table, def); break;
  }
  if (def.deferrable) text += ' DEFERRABLE';
  if (def.initiallyDeferred) text += ' INITIALLY DEFERRED';
  if (!def.validated) text += ' NOT VALID';
  return text;
}

function indexOf(catalog: CatalogLookup, oid: number) {
  return catalog.model().relationByOid(oid)?.index;
}

/** One key column as CREATE INDEX spells it: `a`, `a DESC`, `a NULLS FIRST`, `a DESC NULLS LAST`. */
function keyColumn(table: TableDefinition, ordinal: number, descending: boolean, nullsFirst: boolean): string {
  let s = columnNames(table, [ordinal]);
  if (descending) s += ' DESC';
  if (descending && !nullsFirst) s += ' NULLS LAST';
  if (!descending && nullsFirst) s += ' NULLS FIRST';
  return s;
}

/**
 * pg_index.reloptions as ruleutils' flatten_reloptions prints them: `WITH (m='16', ef_construction='64')`
 * — a value stays bare only when it would be a bare identifier (`deduplicate_items=off`).
 */
function withClause(reloptions: readonly string[]): string {
  if (reloptions.length === 0) return '';
  const options = reloptions.map((option) => {
    const eq = option.indexOf('=');
    const [name, value] = eq < 0 ? [option, ''] : [option.slice(0, eq), option.slice(eq + 1)];
    return `${quoteIdentifier(name)}=${quoteIdentifier(value) === value ? value : `'${value.replace(/'/g, "''")}'`}`;
  });
  return ` WITH (${options.join(', ')})`;
}

/**
 * pg_get_indexdef(oid[, 0, pretty]): `CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)`, or
 * `… USING hnsw (embedding vector_l2_ops) WITH (m='16')`: hnsw has no default operator class for
 * vector, so its class is always printed. The table is qualified unless pretty and on the search path.
 */
export function indexDefinition(catalog: CatalogLookup, oid: number, pretty = false): string | null {
  const index = indexOf(catalog, oid);
  if (!index) return null;
  const { def, table } = index;
  const vector = def.method === 'hnsw' ? def.vector : undefined;
  const keys = def.columns.map((o, i) => vector
    ? `${columnNames(table, [o])} ${vector.opclass}`
    : keyColumn(table, o, def.descending[i] ?? false, def.nullsFirst[i] ?? false));
  const qualify = !pretty || !catalog.relationVisible(table.oid);
  return `CREATE ${def.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdentifier(def.name)} ON ` +
    `${qualify ? `${quoteIdentifier(table.namespace)}.` : ''}${quoteIdentifier(table.name)} ` +
    `USING ${def.method ?? 'btree'} (${keys.join(', ')})${withClause(vector?.reloptions ?? [])}`;
}

/** pg_get_indexdef(oid, n, pretty): the n-th key column alone. */
export function indexColumnDefinition(catalog: CatalogLookup, oid: number, n: number): string | null {
  const index = indexOf(catalog, oid);
  const ordinal = index?.def.columns[n - 1];
  if (!index || ordinal === undefined) return null;
  return columnNames(index.table, [ordinal]);
}

/**
 * pg_get_constraintdef(oid, true): the pretty form drops the parentheses PostgreSQL adds around a
 * whole CHECK expression and around a constant under a cast: `CHECK ((price >= (0)::numeric))`
 * prints as `CHECK (price >= 0::numeric)`. Only these two rules of ruleutils' pretty mode apply
 * to the expressions CHECK text holds; nested operator precedence is left as stored.
 */
export function prettyConstraint(text: string): string {
  const whole = /^CHECK \(\((.*)\)\)(.*)$/.exec(text);
  const body = whole ? `CHECK (${whole[1]})${whole[2]}` : text;
  return body.replace(/\((\d+(?:\.\d+)?)\)::/g, '$1::');
}
