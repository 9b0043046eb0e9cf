/** Second migration: posts referencing users, with a secondary index and a default. */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('posts', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('title').notNullable();
    t.text('body');
    t.integer('views').notNullable().defaultTo(0);
    t.timestamp('published_at', { useTz: true });
    t.index(['user_id', 'title']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('posts');
}
