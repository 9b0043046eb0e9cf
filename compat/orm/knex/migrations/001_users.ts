/** First migration: the users table, with most column kinds Knex's schema builder emits. */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('email', 120).notNullable().unique();
    t.string('name');
    t.text('bio');
    t.integer('age');
    t.boolean('active').notNullable().defaultTo(true);
    t.jsonb('prefs');
    t.timestamps(true, true);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('users');
}
