/** The Drizzle schema the suite pushes with drizzle-kit and then reads back with `pull`. */
import { relations, sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, serial, text, timestamp, unique, varchar } from 'drizzle-orm/pg-core';

export const members = pgTable('members', {
  id: serial('id').primaryKey(),
  email: varchar('email', { length: 120 }).notNull().unique(),
  name: varchar('name', { length: 80 }),
  bio: text('bio'),
  age: integer('age'),
  active: boolean('active').notNull().default(true),
  prefs: jsonb('prefs').$type<{ theme?: string; tags?: string[] }>().default(sql`'{}'::jsonb`),
  joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeen: timestamp('last_seen'),
});

export const notes = pgTable(
  'notes',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    title: varchar('title', { length: 200 }).notNull(),
    body: text('body').default(''),
    stars: integer('stars').notNull().default(0),
  },
  (t) => [index('notes_member_idx').on(t.memberId), unique('notes_member_title_unique').on(t.memberId, t.title)],
);

export const membersRelations = relations(members, ({ many }) => ({ notes: many(notes) }));
export const notesRelations = relations(notes, ({ one }) => ({ member: one(members, { fields: [notes.memberId], references: [members.id] }) }));
