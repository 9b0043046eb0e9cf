/**
 * Drizzle runs the same script against kalamdb-pg and PostgreSQL 15: drizzle-kit push, push again
 * (PostgreSQL: "No changes detected"), pull (the files it writes), then drizzle-orm queries.
 * Every step must see the same.
 */
import { describe, expect, it } from 'vitest';
import { withOursAndReference } from '../../test/support/server-pair.js';
import { compareWithPostgres } from '../../test/support/compare-with-postgres.js';
import { runDrizzleScript } from './drizzle/script.js';

const pair = withOursAndReference();

describe('Drizzle', () => {
  it('sees the same as against PostgreSQL 15', async () => {
    const { total, differences } = await compareWithPostgres('Drizzle', pair, runDrizzleScript);
    expect(differences).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(20);
  }, 240_000);
});
