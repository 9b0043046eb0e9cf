/** The schema cache: one build per table definition, a miss for a new definition of the same table, counted. */
import { describe, expect, it } from 'vitest';
import type { TableDefinition } from '../../src/catalog/table-definition.js';
import { SchemaCache } from '../../src/executor/schema-cache.js';

const def = (id: number, schemaVersion: number) => ({ id, schemaVersion }) as unknown as TableDefinition;

describe('SchemaCache', () => {
  it('builds once per definition, counts hits and misses, and rebuilds for a table\'s new definition', () => {
    let builds = 0;
    const cache = new SchemaCache((t) => ({ built: ++builds, version: t.schemaVersion }));
    const v1 = def(7, 1);
    const first = cache.get(v1);
    for (let i = 0; i < 99; i++) expect(cache.get(v1)).toBe(first);
    expect(cache.stats()).toMatchObject({ hits: 99, misses: 1, size: 1 });
    const v2 = def(7, 2); // DDL: the schema store holds a new definition
    expect(cache.get(v2)).toEqual({ built: 2, version: 2 });
    cache.get(def(8, 1));
    expect(cache.stats()).toMatchObject({ hits: 99, misses: 3, size: 2 });
    // One lookup in 64 is timed; the ones that hit make the figure.
    expect(cache.stats().lookupNs.count).toBeGreaterThan(0);
    expect(cache.stats().lookupNs.count).toBeLessThanOrEqual(2);
  });
});
