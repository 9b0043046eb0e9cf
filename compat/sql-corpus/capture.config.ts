import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['compat/sql-corpus/capture.task.ts'], testTimeout: 600_000, pool: 'forks' },
});
