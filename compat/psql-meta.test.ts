/**
 * psql's meta-commands (`\d NAME`, `\dt`, `\dT+`, `\l`, …), the real psql 15, against kalamdb-pg and a
 * throwaway PostgreSQL 15 holding the same schema: each command must print the same text. Only
 * relation sizes (which depend on PostgreSQL's page layout) are normalised. Not compared yet:
 * `\\d+ VIEW` (PostgreSQL prints its deparsed query, we print the text as written) and `\\dC`
 * (pg_cast is empty here).
 */
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, SUPERUSER } from '../test/e2e/harness.js';
import { withOursAndReference } from '../test/support/server-pair.js';
import { runPsql } from './psql-runner.js';

const pair = withOursAndReference();

const SCHEMA = `
CREATE TYPE book_format AS ENUM ('paperback', 'hardcover', 'ebook');
ALTER TYPE book_format ADD VALUE 'audio' BEFORE 'ebook';
COMMENT ON TYPE book_format IS 'How a book is published';
CREATE TYPE archive_state AS ENUM ();
CREATE TABLE authors (id serial PRIMARY KEY, email varchar(100) UNIQUE NOT NULL, name text NOT NULL DEFAULT 'anon');
CREATE TABLE books (
  id bigserial PRIMARY KEY,
  author_id int REFERENCES authors(id) ON DELETE CASCADE,
  title varchar(200) NOT NULL,
  price numeric(10,2) CHECK (price >= 0),
  tags text[],
  format book_format NOT NULL DEFAULT 'paperback',
  other_formats book_format[],
  created timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX books_title_idx ON books (title);
CREATE UNIQUE INDEX books_author_title ON books (author_id, title DESC);
COMMENT ON TABLE books IS 'All the books';
COMMENT ON COLUMN books.title IS 'Book title';
CREATE VIEW cheap_books AS SELECT id, title FROM books WHERE price < 10;
CREATE SEQUENCE ticket_seq START 100 INCREMENT 5;
CREATE SCHEMA archive;
CREATE TYPE archive.shelf AS ENUM ('open', 'closed');
CREATE TABLE archive.old_books (id int PRIMARY KEY, title text, shelf archive.shelf DEFAULT 'open');
INSERT INTO authors (email) VALUES ('a@example.com');
GRANT SELECT ON books TO PUBLIC;
GRANT SELECT, UPDATE ON cheap_books TO PUBLIC;
GRANT USAGE ON SEQUENCE ticket_seq TO PUBLIC;
GRANT USAGE ON SCHEMA archive TO PUBLIC;
`;

/** Each command, run alone; what psql prints (stdout and stderr) must be the same on both servers. */
const COMMANDS = [
  '\\dt', '\\dn', '\\dn+', '\\l', '\\d authors', '\\d books', '\\d+ books', '\\d cheap_books',
  '\\d ticket_seq', '\\d authors_id_seq', '\\d authors_pkey', '\\d books_title_idx', '\\di',
  '\\ds', '\\dv', '\\dT', '\\dT+', '\\dT book_format', '\\dT+ *format', '\\dT archive.*', '\\du', '\\df',
  '\\dx', '\\d archive.old_books', '\\dt archive.*', '\\d nosuchtable', '\\dt nosuch*', '\\d', '\\dp', '\\do', '\\db',
  '\\z', '\\dp books', '\\dp archive.*', '\\dA+ b*', '\\dAc btree int*', '\\dAf+ btree interval', '\\dAc+ hash text',
];

/**
 * Compared with psql's unaligned output, because what they print differs in width: \dt+ (sizes
 * come from PostgreSQL's 8 kB pages) — the other columns must still match.
 */
const UNALIGNED = ['\\dt+'];

function conninfo(port: number): string {
  return `host=127.0.0.1 port=${port} user=${SUPERUSER} dbname=postgres sslmode=disable`;
}

async function psqlOutput(port: number, command: string): Promise<string> {
  const r = await runPsql(conninfo(port), `${command}\n`, UNALIGNED.includes(command) ? ['-A'] : [], PASSWORD);
  return normalise(`${r.stdout}\n--- stderr ---\n${r.stderr}`);
}

/** Sizes come from PostgreSQL's page layout (8192 bytes a page), not from the schema. */
function normalise(text: string): string {
  return text.replace(/\b\d+ (bytes|kB|MB)\b/g, '<size>');
}

async function setUp(port: number, password: string | undefined, extra: string): Promise<void> {
  const c = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database: 'postgres' });
  await c.connect();
  try {
    await c.query(extra + SCHEMA);
  } finally {
    await c.end();
  }
}

describe('psql meta-commands match PostgreSQL 15', () => {
  const outputs = new Map<string, [string, string]>();

  beforeAll(async () => {
    // kalamdb-pg has a built-in `system` schema and the four KalamDB group roles, the bootstrap
    // superuser a member of kalam_system; give PostgreSQL the same so \dn and \du list the same.
    await Promise.all([setUp(pair.ours.port, PASSWORD, ''), setUp(pair.ref.port, undefined, `CREATE SCHEMA system;
      CREATE ROLE kalam_user NOLOGIN; CREATE ROLE kalam_service NOLOGIN; CREATE ROLE kalam_dba NOLOGIN CREATEROLE CREATEDB;
      CREATE ROLE kalam_system NOLOGIN SUPERUSER CREATEROLE CREATEDB; GRANT kalam_system TO postgres;`)]);
    for (const cmd of [...COMMANDS, ...UNALIGNED]) {
      outputs.set(cmd, [await psqlOutput(pair.ours.port, cmd), await psqlOutput(pair.ref.port, cmd)]);
    }
    const all = [...COMMANDS, ...UNALIGNED];
    const same = all.filter((c) => outputs.get(c)![0] === outputs.get(c)![1]).length;
    console.log(`psql meta-commands: ${same} of ${all.length} print the same as PostgreSQL 15`);
  }, 120_000);

  for (const cmd of [...COMMANDS, ...UNALIGNED]) {
    it(cmd, () => {
      const [ours, ref] = outputs.get(cmd)!;
      expect(ours).toBe(ref);
    });
  }
});
