/**
 * GROUPING SETS / ROLLUP / CUBE, grouping(), DISTINCT ON, FETCH … WITH TIES and the aggregate
 * library, differentially: the same data and queries on kalamdb-pg and a throwaway PostgreSQL 15.
 * Rows (as text), column names and type OIDs must match, or both must fail with one SQLSTATE.
 * Queries without ORDER BY compare their rows as a multiset.
 */
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { postgresAvailable } from '../support/pg-reference.js';
import { differentialPair, TEXT_TYPES } from '../support/differential.js';

const SETUP = [
  'CREATE TABLE s (id int PRIMARY KEY, region text, product text NOT NULL, qty int, price numeric(8,2), w float8, r real, big bigint, small smallint, day date)',
  `INSERT INTO s VALUES
    (1, 'north', 'apple', 10, 1.20, 1.5, 0.5, 10000000000, 3, '2024-01-05'),
    (2, 'north', 'pear', 5, 2.00, 2.25, 1.25, 20000000000, 5, '2024-01-20'),
    (3, 'south', 'apple', 7, 1.10, -0.75, 2.5, -7, 6, '2024-02-03'),
    (4, 'south', 'apple', 3, 1.30, 100, 3.75, 9223372036854775807, 12, '2024-02-10'),
    (5, 'south', 'plum', NULL, 3.50, NULL, NULL, NULL, NULL, '2024-03-01'),
    (6, NULL, 'pear', 4, 2.10, 0.1, 0.1, 4, 4, '2024-03-15'),
    (7, NULL, 'apple', 2, NULL, 0.2, 0.2, 2, 2, NULL),
    (8, 'east', 'plum', 8, 3.00, 1e300, 7, 8, 8, '2024-01-05')`,
  'CREATE TABLE one (id int PRIMARY KEY, v numeric, f float8)',
  "INSERT INTO one VALUES (1, 2.5, 2.5)",
  'CREATE TABLE none (id int PRIMARY KEY, v int)',
  'CREATE TABLE reg (code text PRIMARY KEY, label text NOT NULL, rank int)',
  "INSERT INTO reg VALUES ('north', 'North', 1), ('south', 'South', 2), ('west', 'West', 3)",
  'CREATE TABLE pair (a int, b int, c text, PRIMARY KEY (a, b))',
  "INSERT INTO pair VALUES (1, 1, 'x'), (1, 2, 'y'), (2, 1, 'z')",
];

const QUERIES = [
  // grouping sets
  'SELECT region, product, sum(qty) FROM s GROUP BY GROUPING SETS ((region), (product), ())',
  'SELECT region, product, count(*), grouping(region, product) FROM s GROUP BY CUBE (region, product)',
  'SELECT region, product, max(price) FROM s GROUP BY ROLLUP (region, product) ORDER BY 1, 2 NULLS FIRST, 3',
  'SELECT region, product, count(*) FROM s GROUP BY region, CUBE (product)',
  'SELECT region, product, count(*) FROM s GROUP BY ROLLUP ((region, product))',
  'SELECT region, product FROM s GROUP BY ALL ROLLUP (region, product), ROLLUP (region)',
  'SELECT region, product FROM s GROUP BY DISTINCT ROLLUP (region, product), ROLLUP (region)',
  'SELECT region, count(*) FROM s GROUP BY ROLLUP (1)',
  'SELECT region AS r, count(*) FROM s GROUP BY ROLLUP (r)',
  'SELECT qty % 2 AS parity, grouping(qty % 2), count(*) FROM s GROUP BY CUBE (qty % 2)',
  'SELECT region, count(*) FROM s GROUP BY GROUPING SETS ((region), ()) HAVING grouping(region) = 1 OR count(*) > 2',
  'SELECT count(*), sum(qty) FROM s WHERE false GROUP BY GROUPING SETS ((region), ())',
  'SELECT count(*) FROM s GROUP BY ()',
  'SELECT count(*) FROM s WHERE false GROUP BY ()',
  'SELECT count(*) FROM s GROUP BY GROUPING SETS ((), ())',
  'SELECT grouping(region) FROM s GROUP BY region',
  'SELECT grouping(qty) FROM s GROUP BY region',
  'SELECT region FROM s WHERE grouping(region) = 0 GROUP BY region',
  'SELECT grouping(region) FROM s',
  'SELECT sum(grouping(region)) FROM s GROUP BY region',
  'SELECT region FROM s GROUP BY ROLLUP (9)',
  'SELECT region FROM s GROUP BY 0',
  'SELECT s.region, grouping(s.region), count(*) FROM s GROUP BY ROLLUP (region)',
  // functional dependency on a primary key
  'SELECT r.code, r.label, count(*) FROM reg r JOIN s ON s.region = r.code GROUP BY r.code',
  'SELECT r.label, r.rank, sum(s.qty) FROM reg r LEFT JOIN s ON s.region = r.code GROUP BY r.code ORDER BY r.rank',
  'SELECT label, count(*) FROM reg GROUP BY code HAVING rank > 1',
  'SELECT * FROM reg GROUP BY code',
  'SELECT r.*, count(s.id) FROM reg r LEFT JOIN s ON s.region = r.code GROUP BY r.code',
  'SELECT * FROM s GROUP BY region',
  'SELECT c FROM pair GROUP BY a, b',
  'SELECT c FROM pair GROUP BY a',
  'SELECT r.label FROM reg r GROUP BY ROLLUP (r.code)',
  'SELECT r.label, count(*) FROM reg r GROUP BY GROUPING SETS ((r.code, r.rank), (r.code))',
  'SELECT s.product, r.label FROM s JOIN reg r ON r.code = s.region GROUP BY s.product',
  'SELECT t.label FROM (SELECT * FROM reg) t GROUP BY t.code',
  // numeric values equal in value are one group / one DISTINCT value
  'SELECT v, count(*) FROM (VALUES (1.0), (1.00), (2)) t(v) GROUP BY v',
  'SELECT DISTINCT v FROM (VALUES (1.0), (1.00), (2)) t(v)',
  // DISTINCT, DISTINCT ON
  'SELECT DISTINCT ON (product) product, id, qty FROM s ORDER BY product, qty DESC NULLS LAST',
  'SELECT DISTINCT ON (region, product) region, product, id FROM s ORDER BY product, region, id DESC',
  'SELECT DISTINCT ON (1) region, id FROM s ORDER BY 1, 2',
  "SELECT DISTINCT ON (region) region, product FROM s WHERE product = 'apple' ORDER BY region",
  'SELECT DISTINCT ON (qty % 3) qty % 3 AS m, id FROM s ORDER BY qty % 3, id',
  'SELECT DISTINCT ON (product) id FROM s ORDER BY product, id',
  'SELECT DISTINCT ON (product) product, count(*) FROM s GROUP BY product, region ORDER BY product, count(*) DESC, region',
  'SELECT DISTINCT ON (product) product, id FROM s ORDER BY id',
  'SELECT DISTINCT ON (region) region, product FROM s ORDER BY product, region',
  'SELECT DISTINCT ON (5) region FROM s',
  'SELECT DISTINCT region FROM s ORDER BY qty',
  'SELECT DISTINCT region FROM s ORDER BY upper(region)',
  'SELECT DISTINCT upper(region) FROM s ORDER BY upper(region)',
  'SELECT DISTINCT region AS r FROM s ORDER BY region',
  'SELECT DISTINCT * FROM one ORDER BY v',
  'SELECT region, product FROM s ORDER BY 3',
  'SELECT region AS x, product AS x FROM s ORDER BY x',
  // WITH TIES
  'SELECT product FROM s ORDER BY product FETCH FIRST 2 ROWS WITH TIES',
  'SELECT day FROM s ORDER BY day NULLS FIRST OFFSET 1 FETCH FIRST 1 ROW WITH TIES',
  'SELECT region FROM s ORDER BY region DESC FETCH FIRST 0 ROWS WITH TIES',
  'SELECT region FROM s ORDER BY region FETCH FIRST NULL ROWS WITH TIES',
  'SELECT region FROM s UNION ALL SELECT region FROM s ORDER BY 1 FETCH FIRST 1 ROW WITH TIES',
  // statistics
  'SELECT stddev(qty), variance(qty), stddev_pop(qty), var_pop(qty), stddev_samp(qty), var_samp(qty) FROM s',
  'SELECT stddev(price), variance(price), stddev_pop(price), var_pop(price) FROM s',
  'SELECT stddev(w), variance(w), stddev_pop(r), var_pop(r) FROM s',
  'SELECT stddev(big), var_samp(big), stddev(small), var_pop(small) FROM s',
  'SELECT region, stddev(qty), var_samp(price) FROM s GROUP BY region',
  'SELECT stddev(v), var_pop(v), stddev_pop(v), variance(f), var_pop(f) FROM one',
  'SELECT stddev(v), var_pop(v) FROM none',
  'SELECT stddev(product) FROM s',
  // two-variable statistics
  'SELECT corr(qty, w), covar_pop(qty, w), covar_samp(qty, price), regr_count(qty, w) FROM s',
  'SELECT regr_slope(qty, id), regr_intercept(qty, id), regr_r2(qty, id), regr_avgx(qty, id), regr_avgy(qty, id) FROM s',
  'SELECT regr_sxx(qty, r), regr_syy(qty, r), regr_sxy(qty, r) FROM s',
  'SELECT region, corr(qty, id), covar_samp(id, qty), regr_r2(qty, qty) FROM s GROUP BY region',
  'SELECT corr(x, y), regr_r2(x, y), regr_slope(x, y) FROM (VALUES (1, 1), (1, 2)) t(x, y)',
  "SELECT corr('1', '2'), regr_count(1, NULL::int) FROM s",
  'SELECT corr(product, qty) FROM s',
  // ordered-set aggregates
  'SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY qty), percentile_disc(0.5) WITHIN GROUP (ORDER BY qty) FROM s',
  'SELECT percentile_cont(ARRAY[0, 0.25, NULL, 1]) WITHIN GROUP (ORDER BY qty), percentile_disc(ARRAY[[0.5, 1], [0, 0.1]]) WITHIN GROUP (ORDER BY price) FROM s',
  'SELECT region, percentile_disc(ARRAY[0.5]) WITHIN GROUP (ORDER BY day) FROM s GROUP BY region',
  'SELECT percentile_cont(ARRAY[0.5, 2]) WITHIN GROUP (ORDER BY qty) FROM s',
  'SELECT percentile_cont(0.3) WITHIN GROUP (ORDER BY w DESC), percentile_disc(0) WITHIN GROUP (ORDER BY price) FROM s',
  'SELECT region, percentile_cont(1) WITHIN GROUP (ORDER BY price), percentile_disc(0.99) WITHIN GROUP (ORDER BY day) FROM s GROUP BY region',
  'SELECT mode() WITHIN GROUP (ORDER BY product), mode() WITHIN GROUP (ORDER BY day DESC), mode() WITHIN GROUP (ORDER BY region) FROM s',
  'SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FROM none',
  'SELECT percentile_cont(2) WITHIN GROUP (ORDER BY v) FROM none',
  'SELECT percentile_disc(-0.1) WITHIN GROUP (ORDER BY v) FROM none GROUP BY v',
  'SELECT percentile_cont(NULL) WITHIN GROUP (ORDER BY qty) FROM s',
  'SELECT percentile_cont(1.5) WITHIN GROUP (ORDER BY qty) FROM s',
  'SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY product) FROM s',
  'SELECT percentile_cont(qty) WITHIN GROUP (ORDER BY qty) FROM s',
  'SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY qty) FILTER (WHERE region IS NOT NULL) FROM s',
  'SELECT sum(qty) WITHIN GROUP (ORDER BY qty) FROM s',
  'SELECT mode(qty) FROM s',
  'SELECT percentile_cont(0.5) FROM s',
  'SELECT count(*) WITHIN GROUP (ORDER BY qty) FROM s',
  'SELECT region AS product, count(*) FROM s GROUP BY product',
  'SELECT region AS r, count(*) FROM s GROUP BY ROLLUP (r)',
  'SELECT region AS reg, count(*) FROM s GROUP BY CUBE (reg)',
  // bitwise, boolean, min/max over types
  'SELECT bit_and(qty), bit_or(qty), bit_xor(qty), bit_and(big), bit_or(small) FROM s',
  'SELECT bit_and(w) FROM s',
  'SELECT min(day), max(day), min(product), max(region), min(w), max(r), min(big), max(small) FROM s',
  'SELECT min(qty > 3) FROM s',
  "SELECT min('x'::bytea) FROM s",
  'SELECT min(gen_random_uuid()) FROM s',
  'SELECT every(qty > 1), bool_and(price > 1), bool_or(region IS NULL) FROM s',
  // combinations
  'SELECT DISTINCT region FROM s GROUP BY ROLLUP (region, product)',
  'SELECT DISTINCT region FROM s GROUP BY region ORDER BY count(*)',
  'SELECT DISTINCT ON (region) region, product, sum(qty) FROM s GROUP BY ROLLUP (region, product) ORDER BY region, sum(qty) DESC NULLS LAST, product',
  'SELECT region, count(*) FROM s GROUP BY ROLLUP (region) ORDER BY grouping(region), count(*) DESC, region FETCH FIRST 2 ROWS WITH TIES',
  'SELECT DISTINCT product FROM s ORDER BY product FETCH FIRST 1 ROW WITH TIES',
  'SELECT DISTINCT ON (product) product, id FROM s ORDER BY product, id LIMIT 2 OFFSET 1',
  'SELECT region, product, count(DISTINCT qty), string_agg(id::text, \',\' ORDER BY id) FROM s GROUP BY CUBE (region, product) ORDER BY 1, 2, 3, 4',
  'SELECT stddev(x), var_pop(x), var_samp(x) FROM (VALUES (1e300::float8), (-1e300), (1)) t(x)',
  "SELECT var_pop(x), stddev(x) FROM (VALUES ('Infinity'::float8), (1)) t(x)",
  'SELECT var_pop(x), stddev_pop(x) FROM (VALUES (5.5::float8)) t(x)',
  'SELECT stddev(x), var_samp(x) FROM (VALUES (123456789012345678901234567890.123), (-0.000000001), (42)) t(x)',
  'SELECT stddev(x), variance(x) FROM (VALUES (0.001), (0.002)) t(x)',
  'SELECT stddev(x::numeric), variance(x::numeric) FROM (VALUES (100000000), (100000001), (99999999)) t(x)',
  'SELECT variance(x), var_pop(x) FROM (VALUES (7), (7), (7)) t(x)',
  "SELECT var_pop(x) FROM (VALUES (1.0), ('NaN'::numeric)) t(x)",
  'SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x DESC), percentile_disc(0.5) WITHIN GROUP (ORDER BY x DESC NULLS FIRST) FROM (VALUES (1), (NULL::int), (3), (8)) t(x)',
  'SELECT percentile_cont(0.75) WITHIN GROUP (ORDER BY x) FROM (VALUES (1.5::real), (2.5), (10)) t(x)',
  'SELECT mode() WITHIN GROUP (ORDER BY x DESC), mode() WITHIN GROUP (ORDER BY y) FROM (VALUES (1, 1.0), (2, 1.00), (1, 2.0), (2, 3.0)) t(x, y)',
  'SELECT grp, percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FROM (VALUES (1, 1), (1, 2), (2, 5)) t(grp, v) GROUP BY ROLLUP (grp)',
  'SELECT percentile_disc(v / 10.0) WITHIN GROUP (ORDER BY v) FROM (VALUES (1), (2)) t(v) GROUP BY v',
  'SELECT percentile_disc(w) WITHIN GROUP (ORDER BY v) FROM (VALUES (1, 0.5)) t(v, w)',
  // untyped arguments
  "SELECT sum('1')",
  "SELECT avg('1')",
  'SELECT sum(NULL)',
  "SELECT bit_and('1')",
  "SELECT stddev('1'), variance('2'), min('a'), max(NULL), count(NULL)",
  "SELECT mode() WITHIN GROUP (ORDER BY 'a')",
  'SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY NULL)',
  "SELECT percentile_cont('0.5') WITHIN GROUP (ORDER BY 1)",
];

const available = postgresAvailable();
async function answer(c: pg.Client, text: string) {
  try {
    const r = await c.query({ text, rowMode: 'array', types: TEXT_TYPES });
    const rows = r.rows.map((row) => JSON.stringify(row));
    return { rows: /(?<!\()ORDER BY\b/.test(text) ? rows : rows.sort(), fields: r.fields.map((f) => `${f.name}:${f.dataTypeID}`) };
  } catch (e) {
    return { error: (e as { code?: string }).code };
  }
}

describe.skipIf(!available)('grouping, DISTINCT ON, WITH TIES and aggregates match PostgreSQL 15', () => {
  const servers = differentialPair(SETUP);
  for (const q of QUERIES) {
    it(q, async () => {
      const [x, y] = await Promise.all([answer(servers.ours, q), answer(servers.reference, q)]);
      expect(x).toEqual(y);
    });
  }
});
