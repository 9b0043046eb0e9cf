/**
 * parse_ident and generate_subscripts, differentially against PostgreSQL 15: the answers, and
 * errors with their SQLSTATE, message and DETAIL. Grafana's query editor splits `schema.table`
 * with parse_ident; SQLAlchemy pairs `unnest(indkey)` with `generate_subscripts(indkey, 1)`.
 */
import { describe, it } from 'vitest';
import { differentialPair } from '../support/differential.js';
import { expectSameFullSteps } from '../support/full-answer.js';

const pair = differentialPair(['CREATE TABLE t (a int PRIMARY KEY, b text, c int)', 'CREATE INDEX t_cb ON t (c, b)']);

describe('parse_ident', () => {
  it('splits qualified names as PostgreSQL does', async () => {
    await expectSameFullSteps(pair, [
      `SELECT parse_ident('a.b'), parse_ident(' A . "Bc""d" '), parse_ident('a$1.b'), parse_ident('ÄB')`,
      `SELECT parse_ident('public.books'), (parse_ident('public.books'))[2], array_length(parse_ident('books'), 1)`,
      `SELECT parse_ident('a b', false), parse_ident(' a ,b', false), parse_ident(NULL)`,
    ]);
  });

  it('rejects what PostgreSQL rejects, with its DETAIL', async () => {
    await expectSameFullSteps(pair, [
      "SELECT parse_ident('a.')", "SELECT parse_ident('.a')", `SELECT parse_ident('"a')`, `SELECT parse_ident('""')`,
      "SELECT parse_ident('a b')", "SELECT parse_ident('a..b')", "SELECT parse_ident('1a')", "SELECT parse_ident('')",
      "SELECT parse_ident('a.1', false)", `SELECT parse_ident('Ab."X"y')`,
    ]);
  });
});

describe('generate_subscripts', () => {
  it('counts from the lower bound, forwards and back', async () => {
    await expectSameFullSteps(pair, [
      "SELECT generate_subscripts('{7,8,9}'::int[], 1)",
      "SELECT generate_subscripts('{7,8,9}'::int[], 1, true)",
      "SELECT generate_subscripts('[0:2]={7,8,9}'::int[], 1)",
      "SELECT generate_subscripts('{{1,2},{3,4},{5,6}}'::int[], 2)",
      "SELECT generate_subscripts('{7,8,9}'::int[], 2)",
      "SELECT generate_subscripts('{}'::int[], 1)",
      'SELECT generate_subscripts(NULL::int[], 1)',
      'SELECT generate_subscripts(1, 1)',
    ]);
  });

  it('pairs an int2vector with its zero-based positions', async () => {
    await expectSameFullSteps(pair, [
      "SELECT unnest(indkey) AS attnum, generate_subscripts(indkey, 1) AS ord FROM pg_index WHERE indexrelid = 't_cb'::regclass",
      "SELECT unnest(indclass) IS NOT NULL, generate_subscripts(indclass, 1) FROM pg_index WHERE indexrelid = 't_cb'::regclass",
    ]);
  });
});
