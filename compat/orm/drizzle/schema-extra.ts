/**
 * More of what pg-core declares: other types, identity, a check, a composite key, a second schema,
 * a sequence. (No view: pg_get_viewdef gives a view's query as written, not PostgreSQL's deparsed
 * form, so `pull` would write a different view body.)
 */
import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, char, check, date, doublePrecision, index, integer, numeric, pgSchema, pgSequence, primaryKey, real,
  smallint, text, uniqueIndex, uuid, varchar,
} from 'drizzle-orm/pg-core';
import { pgTable } from 'drizzle-orm/pg-core';
import { members } from './schema.js';

export const orders = pgTable(
  'orders',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ref: uuid('ref').notNull().defaultRandom(),
    memberId: integer('member_id').references(() => members.id, { onDelete: 'set null', onUpdate: 'cascade' }),
    qty: smallint('qty').notNull().default(1),
    price: numeric('price', { precision: 10, scale: 2 }).notNull(),
    weight: real('weight'),
    ratio: doublePrecision('ratio').default(0.5),
    big: bigint('big', { mode: 'number' }).default(0),
    code: char('code', { length: 3 }).default('EUR'),
    tags: text('tags').array(),
    shipped: date('shipped'),
    seq: integer('seq').generatedAlwaysAsIdentity(),
  },
  (t) => [
    check('orders_qty_positive', sql`${t.qty} > 0`),
    uniqueIndex('orders_ref_idx').on(t.ref),
    index('orders_member_shipped_idx').on(t.memberId, t.shipped.desc()),
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
});

export const invoiceNumbers = pgSequence('invoice_numbers', { startWith: 1000, increment: 5 });
