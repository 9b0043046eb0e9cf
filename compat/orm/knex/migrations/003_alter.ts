/** Third migration: what later releases do to a table — add, rename and drop columns, add an index. */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.string('nickname', 40).nullable();
    t.renameColumn('bio', 'about');
    t.index(['name'], 'users_name_idx');
  });
  await knex.schema.alterTable('posts', (t) => {
    t.dropColumn('published_at');
    t.boolean('draft').notNullable().defaultTo(false);
    t.unique(['user_id', 'title'], { indexName: 'posts_user_title_unique' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('posts', (t) => {
    t.dropUnique(['user_id', 'title'], 'posts_user_title_unique');
    t.dropColumn('draft');
    t.timestamp('published_at', { useTz: true });
  });
  await knex.schema.alterTable('users', (t) => {
    t.dropIndex(['name'], 'users_name_idx');
    t.renameColumn('about', 'bio');
    t.dropColumn('nickname');
  });
}
