/**
 * CREATE INDEX … USING hnsw (col vector_l2_ops | vector_cosine_ops | vector_ip_ops)
 * [WITH (m = …, ef_construction = …)], and KalamDB's ALTER TABLE t CREATE VECTOR INDEX name ON col
 * USING L2|COSINE|DOT, which makes the same index: pgvector's checks and messages, then the index
 * is built from the rows there now (src/vector) before the statement returns.
 */
import type { IndexDefinition, TableDefinition, VectorOpclass } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import { KalamDataType } from '../../types/kalam-type.js';
import { formatType } from '../../types/format-type.js';
import { opclassNamed, opclassOfKalam } from '../../vector/vector-metric.js';
import { resolveUserTable } from '../../binder/resolve-relation.js';
import type { AlterTableCreateVectorIndex } from '../../sql/kalam/statement.js';
import { requireOwner, tableObject } from '../privileges/privilege-check.js';
import type { StatementResult } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import { ConstraintBuilder } from './table-constraints.js';
import { saveObjects } from './alter-table.js';

/** pgvector's hnsw limits and defaults. */
const HNSW_MAX_DIM = 2000;
const OPTIONS = {
  m: { min: 2, max: 100, default: 16 },
  ef_construction: { min: 4, max: 1000, default: 64 },
} as const;

export interface VectorIndexRequest {
  readonly name: string | undefined;
  readonly column: string;
  /** As written; undefined when none was. */
  readonly opclass: string | undefined;
  /** WITH (…) options as written: name and value. */
  readonly options: readonly { readonly name: string; readonly value: string | number | boolean | undefined }[];
}

/** Checks the request as pgvector would, then makes and builds the index. */
export async function createVectorIndex(ctx: SessionContext, table: TableDefinition, req: VectorIndexRequest): Promise<IndexDefinition> {
  const column = table.columns.find((c) => c.name === req.column);
  if (!column) throw Errors.undefinedColumn(`column "${req.column}" does not exist`);
  let opclass: VectorOpclass | undefined;
  if (req.opclass === undefined) {
    throw new SqlError('42704', `data type ${formatType(column.type.oid, -1)} has no default operator class for access method "hnsw"`, {
      hint: 'You must specify an operator class for the index or define a default operator class for the data type.',
    });
  } else {
    opclass = opclassNamed(req.opclass);
    if (!opclass) throw new SqlError('42704', `operator class "${req.opclass}" does not exist for access method "hnsw"`);
  }
  if (column.type.kalam !== KalamDataType.EMBEDDING) {
    throw new SqlError('42804', `operator class "${opclass}" does not accept data type ${formatType(column.type.oid, -1)}`);
  }
  if (column.type.typmod < 1) throw new SqlError('22023', 'column does not have dimensions');
  if (column.type.typmod > HNSW_MAX_DIM) {
    throw new SqlError('54000', `column cannot have more than ${HNSW_MAX_DIM} dimensions for hnsw index`);
  }
  const values = { m: OPTIONS.m.default, ef_construction: OPTIONS.ef_construction.default } as Record<keyof typeof OPTIONS, number>;
  const reloptions: string[] = [];
  for (const o of req.options) {
    const name = o.name.toLowerCase() as keyof typeof OPTIONS;
    const spec = OPTIONS[name];
    if (!spec) throw new SqlError('22023', `unrecognized parameter "${o.name}"`);
    const text = o.value === undefined ? '' : String(o.value);
    if (!/^\s*[+-]?\d+\s*$/.test(text)) throw new SqlError('22023', `invalid value for integer option "${name}": ${text}`);
    const n = Number(text);
    if (n < spec.min || n > spec.max) {
      throw new SqlError('22023', `value ${text.trim()} out of bounds for option "${name}"`, { detail: `Valid values are between "${spec.min}" and "${spec.max}".` });
    }
    values[name] = n;
    reloptions.push(`${name}=${text.trim()}`);
  }
  if (values.ef_construction < 2 * values.m) throw new SqlError('22023', 'ef_construction must be greater than or equal to 2 * m');

  const builder = new ConstraintBuilder(ctx, table);
  const index = builder.addVectorIndex(req.name, column.name, { opclass, m: values.m, efConstruction: values.ef_construction, reloptions });
  await ctx.db.vectors.build({ ...table, indexes: builder.built.indexes }, index, () => ctx.checkCancel());
  try {
    await saveObjects(ctx, table, builder.built);
  } catch (e) {
    await ctx.db.vectors.drop(index.oid);
    throw e;
  }
  ctx.ddlJournal()?.record({ undo: () => ctx.db.vectors.drop(index.oid) });
  return index;
}

/** KalamDB's ALTER TABLE t CREATE VECTOR INDEX name ON col USING COSINE|L2|DOT: pgvector's defaults. */
export async function alterTableCreateVectorIndex(ctx: SessionContext, s: AlterTableCreateVectorIndex): Promise<StatementResult> {
  const table = resolveUserTable(ctx, { relname: s.table.name, ...(s.table.namespace ? { schemaname: s.table.namespace } : {}) });
  requireOwner(ctx, tableObject(table));
  const opclass = opclassOfKalam(s.metric);
  if (!opclass) throw new SqlError('22023', `unknown vector index metric "${s.metric}"`, { hint: 'Use COSINE, L2 or DOT.' });
  if (ctx.db.schema.relationExists(table.namespace, s.name)) throw Errors.duplicateTable(s.name);
  await createVectorIndex(ctx, table, { name: s.name, column: s.column, opclass, options: [] });
  return { tag: 'ALTER TABLE' };
}
