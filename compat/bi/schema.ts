/**
 * The schema the BI tools browse: a table with a serial primary key, a unique column and a
 * default; a table with a bigserial key, a foreign key, a check, a secondary index and comments;
 * a view; a free-standing sequence; one row, so row counts are not all zero.
 */
export const BI_SCHEMA = `
CREATE TABLE authors (id serial PRIMARY KEY, email varchar(100) UNIQUE NOT NULL, name text NOT NULL DEFAULT 'anon');
COMMENT ON TABLE authors IS 'People who write';
CREATE TABLE books (
  id bigserial PRIMARY KEY,
  author_id int REFERENCES authors(id) ON DELETE CASCADE,
  title varchar(200) NOT NULL,
  price numeric(10,2) CHECK (price >= 0),
  created timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX books_title_idx ON books (title);
COMMENT ON TABLE books IS 'All the books';
COMMENT ON COLUMN books.title IS 'Book title';
CREATE VIEW cheap_books AS SELECT id, title FROM books WHERE price < 10;
CREATE SEQUENCE ticket_seq START 100 INCREMENT 5;
INSERT INTO authors (email) VALUES ('a@example.com');
`;

/**
 * kalamdb-pg always has its built-in `system` schema: the reference PostgreSQL gets an empty
 * one, so schema lists can be compared row for row. It also has pgvector's access methods and
 * operator classes built in (src/system/pg-catalog/pgvector-catalog.ts); the reference has no
 * pgvector, so it gets stand-ins under the same names and defaults (over int4, with PostgreSQL's
 * hash handler), so lists of operator classes compare too. btree's vector_ops is left out: int4
 * has its default btree class already, and a default class is in no list the tools read.
 */
export const REFERENCE_PREAMBLE = `CREATE SCHEMA system;
CREATE ACCESS METHOD hnsw TYPE INDEX HANDLER hashhandler;
CREATE ACCESS METHOD ivfflat TYPE INDEX HANDLER hashhandler;
${[['ivfflat', 'vector_l2_ops', 'DEFAULT '], ['ivfflat', 'vector_ip_ops', ''], ['ivfflat', 'vector_cosine_ops', ''],
  ['hnsw', 'vector_l2_ops', ''], ['hnsw', 'vector_ip_ops', ''], ['hnsw', 'vector_cosine_ops', '']].map(([am, name, isDefault]) =>
  `CREATE OPERATOR CLASS ${name} ${isDefault}FOR TYPE int4 USING ${am} AS OPERATOR 1 =, FUNCTION 1 hashint4(int4);`).join('\n')}
`;
