/**
 * More of what pg-core declares: other types, identity, a check, a composite key, a second schema,
 * a sequence. (No view: pg_get_viewdef gives a view's query as written, not PostgreSQL's deparsed
 * form, so `pull` would write a different view body.)
 */
import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, char, check, date, doublePrecision, index, integer, numeric, pgSchema, pgSequence, primaryKey, real,
  smallint, text, timestamp, uniqueIndex, uuid, varchar,
} from 'drizzle-orm/pg-core';
import { pgTable } from 'drizzle-orm/pg-core';
import { members } from './schema.js';

/**
 * DRIZZLE_SCHEMA_VERSION=2 is the schema a later release pushes over the first, so drizzle-kit
 * alters what is there: a column dropped, defaults changed, a check dropped, an index added,
 * a column added in the second schema. (Not a type change: ALTER COLUMN TYPE answers 0A000.)
 */
const later = process.env.DRIZZLE_SCHEMA_VERSION === '2';

/**
 * Columns only one version has. Typed as always there (drizzle's table types want every column
 * present); at run time the other version's table simply has no such key, which is all drizzle reads.
 */
const firstOnly = <T extends object>(columns: T): T => (later ? ({} as T) : columns);
const laterOnly = <T extends object>(columns: T): T => (later ? columns : ({} as T));

export const orders = pgTable(
  'orders',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ref: uuid('ref').notNull().defaultRandom(),
    memberId: integer('member_id').references(() => members.id, { onDelete: 'set null', onUpdate: 'cascade' }),
    qty: smallint('qty').notNull().default(later ? 2 : 1),
    price: numeric('price', { precision: 10, scale: 2 }).notNull(),
    ...firstOnly({ weight: real('weight') }),
    ratio: doublePrecision('ratio').default(0.5),
    big: bigint('big', { mode: 'number' }).default(0),
    code: char('code', { length: 3 }).default(later ? 'USD' : 'EUR'),
    tags: text('tags').array(),
    shipped: date('shipped'),
    seq: integer('seq').generatedAlwaysAsIdentity(),
  },
  (t) => [
    ...(later ? [index('orders_price_idx').on(t.price)] : [check('orders_qty_positive', sql`${t.qty} > 0`)]),
    uniqueIndex('orders_ref_idx').on(t.ref),
    // Columns of one type: drizzle-kit reads each key column's opclass through `opc.oid = ANY(indclass)`
    // under DISTINCT ON, which picks any of the index's opclasses (PostgreSQL's pick depends on its plan).
    index('orders_member_seq_idx').on(t.memberId, t.seq.desc()),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    orderId: bigint('order_id', { mode: 'number' }).notNull().references(() => orders.id),
    line: integer('line').notNull(),
    item: varchar('item', { length: 50 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.line] })],
);

export const archive = pgSchema('archive');
export const archivedOrders = archive.table('archived_orders', {
  id: integer('id').primaryKey(),
  note: text('note'),
  ...laterOnly({ archivedAt: timestamp('archived_at') }),
});

export const invoiceNumbers = pgSequence('invoice_numbers', { startWith: 1000, increment: 5 });
