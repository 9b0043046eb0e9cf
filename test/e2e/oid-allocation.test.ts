/**
 * One OID names one object: the OIDs of our built-in types in the user range (vector 16389,
 * _vector 16390) are never handed to tables, indexes, constraints or row types, which are
 * numbered from 16384 as in PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { withServerAndClient } from './harness.js';

const s = withServerAndClient();

describe('OID allocation', () => {
  it('skips the OIDs of vector and _vector', async () => {
    await s.c.query('CREATE TABLE a (id serial PRIMARY KEY, e text UNIQUE); CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a)');
    const r = await s.c.query<{ oid: string; name: string }>(`
      SELECT oid::text, relname::text AS name FROM pg_class WHERE oid >= 16384
      UNION ALL SELECT oid::text, conname::text FROM pg_constraint WHERE oid >= 16384
      UNION ALL SELECT oid::text, typname::text FROM pg_type WHERE oid >= 16384`);
    const byOid = new Map<string, string[]>();
    for (const { oid, name } of r.rows) byOid.set(oid, [...(byOid.get(oid) ?? []), name]);
    expect(byOid.get('16384')).toEqual(['a_id_seq']);
    expect(byOid.get('16389')).toEqual(['vector']);
    expect(byOid.get('16390')).toEqual(['_vector']);
    expect([...byOid.values()].filter((names) => names.length > 1)).toEqual([]);
  });
});
