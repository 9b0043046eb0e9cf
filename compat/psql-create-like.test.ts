/**
 * CREATE TABLE (LIKE …) through the real psql against kalamdb-pg and a throwaway PostgreSQL 15:
 * what each INCLUDING option copies (defaults, CHECK constraints, key and unique constraints,
 * comments), what is always copied (types, NOT NULL), and the errors — `\d` and every answer
 * must print the same.
 */
import { describe, expect, it } from 'vitest';
import { psqlBoth } from './psql-pair.js';
import { withOursAndReference } from '../test/support/server-pair.js';

const pair = withOursAndReference();

describe('CREATE TABLE (LIKE …) through psql', () => {
  it('copies what PostgreSQL copies, option by option', async () => {
    const [ours, ref] = await psqlBoth(pair, () => `CREATE TABLE like_src (id serial PRIMARY KEY, email text UNIQUE NOT NULL, n int DEFAULT 7 CHECK (n > 0), note varchar(20));
COMMENT ON COLUMN like_src.note IS 'a note';
CREATE TABLE like_plain (LIKE like_src);
\\d like_plain
CREATE TABLE like_some (LIKE like_src INCLUDING DEFAULTS INCLUDING CONSTRAINTS, extra bool);
\\d like_some
CREATE TABLE like_all (LIKE like_src INCLUDING ALL EXCLUDING COMMENTS);
\\d+ like_all
CREATE TABLE like_dup (id int, LIKE like_src);
CREATE TABLE like_none (LIKE no_such_table);
INSERT INTO like_all (email) VALUES ('a');
INSERT INTO like_all (email, n) VALUES ('a', 2);
INSERT INTO like_some (email, n) VALUES ('b', 0);
SELECT * FROM like_all;
SELECT * FROM like_src;
`);
    expect(ours).toBe(ref);
    expect(ours).toContain('"like_all_email_key" UNIQUE CONSTRAINT, btree (email)');
    expect(ours).toContain('"like_src_n_check" CHECK (n > 0)');
  });
});
