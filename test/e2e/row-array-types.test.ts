/**
 * Every table and view has a row type and an array type of it (`_name`) in pg_type, as in
 * PostgreSQL 15: linked both ways (typarray, typelem), printed as `name[]` by format_type, renamed
 * with the relation and gone with it.
 */
import { describe, it } from 'vitest';
import { differentialPair } from '../support/differential.js';
import { expectSameFullSteps } from '../support/full-answer.js';

const pair = differentialPair(['CREATE TABLE t (id int PRIMARY KEY, v text)', 'CREATE VIEW tv AS SELECT id FROM t']);

const ARRAY_TYPES = `SELECT a.typname, a.typlen, a.typtype, a.typcategory, a.typinput, a.typoutput, a.typreceive, a.typsend,
    a.typanalyze, a.typsubscript, a.typalign, a.typstorage, r.typname AS elem, r.typarray = a.oid AS linked,
    format_type(a.oid, NULL), format_type(a.oid, -1), pg_type_is_visible(a.oid), c.relname
  FROM pg_type r JOIN pg_type a ON a.oid = r.typarray JOIN pg_class c ON c.reltype = r.oid AND a.typelem = r.oid
  WHERE c.relnamespace = 'public'::regnamespace ORDER BY a.typname`;

describe("row types' array types", () => {
  it('exist for tables and views, and follow renames and drops', async () => {
    await expectSameFullSteps(pair, [
      ARRAY_TYPES,
      'DROP VIEW tv',
      ARRAY_TYPES,
      'ALTER TABLE t RENAME TO t2',
      ARRAY_TYPES,
      "SELECT count(*) FROM pg_type WHERE typname IN ('_tv', '_t')",
    ]);
  });
});
