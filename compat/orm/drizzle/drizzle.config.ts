/**
 * drizzle-kit's configuration for the suite: the server to push to and pull from, and where
 * `pull` writes, come from the environment the test sets for each run.
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./compat/orm/drizzle/schema.ts', './compat/orm/drizzle/schema-extra.ts'],
  out: process.env.DRIZZLE_OUT!,
  dbCredentials: { url: process.env.DRIZZLE_URL! },
  schemaFilter: ['public', 'archive'],
});
