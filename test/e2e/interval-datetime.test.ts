/**
 * interval and the date/time function library, differentially: the same statements on kalamdb-pg
 * and a throwaway PostgreSQL 15 must give the same rows (as text), column names and type OIDs, or
 * fail with the same SQLSTATE.
 */
import { describe, expect, it } from 'vitest';
import { answer, differentialPair } from '../support/differential.js';

const SETUP = [
  'CREATE TABLE spans (id int PRIMARY KEY, d interval, at timestamp, atz timestamptz, day date)',
  `INSERT INTO spans VALUES
    (1, '1 year 2 mons 3 days 04:05:06.7', '2024-01-31 10:00', '2024-03-10 01:30+00', '2024-02-29'),
    (2, '-1 day +02:00', '2023-12-31 23:59:59.999999', '2024-11-03 05:30+00', '0044-03-15 BC'),
    (3, '30 days', 'infinity', '-infinity', 'infinity'),
    (4, '1 mon', '2024-06-15 12:00', '2024-06-15 12:00+02', '2024-06-15'),
    (5, NULL, NULL, NULL, NULL)`,
];

const QUERIES = [
  'SELECT id, d FROM spans ORDER BY d NULLS FIRST, id',
  'SELECT d, count(*) FROM spans GROUP BY d ORDER BY d',
  'SELECT DISTINCT d FROM spans WHERE d IS NOT NULL ORDER BY d',
  'SELECT sum(d), avg(d), min(d), max(d) FROM spans',
  'SELECT id, at + d, at - d, day + d, atz + d FROM spans WHERE id <> 3 ORDER BY id',
  'SELECT id, d * 1.5, d / 3, -d, justify_interval(d), justify_days(d), justify_hours(d) FROM spans ORDER BY id',
  `SELECT '1 day 2 hours'::interval, '3 4:05:06'::interval, '1-2'::interval, '@ 2 hours 3 mins ago'::interval, '1.25 weeks'::interval`,
  `SELECT 'P1Y2M3DT4H5M6.5S'::interval, 'P0001-02-03T04:05:06'::interval, 'PT-1.5S'::interval, '-P1D'::interval`,
  `SELECT '2 decades 1 millennium'::interval, '10 us'::interval, '1.5 min'::interval, '2 days 1 day'::interval`,
  `SELECT interval '1:30' hour to minute, interval '2 days 3 hours' day, interval '1 year 5 mons' year, interval(2) '1.23456 s'`,
  `SELECT '1 bogus'::interval`,
  `SELECT '2147483648 days'::interval`,
  'SELECT extract(epoch FROM d), date_part(\'epoch\', d), extract(millisecond FROM d), extract(quarter FROM d) FROM spans ORDER BY id',
  'SELECT id, extract(year FROM at), extract(isoyear FROM day), extract(julian FROM at), date_part(\'week\', day) FROM spans ORDER BY id',
  'SELECT id, extract(timezone_hour FROM atz), extract(dow FROM atz), extract(epoch FROM atz) FROM spans ORDER BY id',
  'SELECT extract(hour FROM time \'13:45:30.5\'), extract(second FROM time \'13:45:30.5\'), date_part(\'minute\', time \'13:45\')',
  'SELECT extract(doy FROM time \'10:00\')',
  'SELECT id, date_trunc(\'week\', at), date_trunc(\'quarter\', day), date_trunc(\'hour\', atz), date_trunc(\'year\', d) FROM spans ORDER BY id',
  'SELECT date_trunc(\'week\', interval \'10 days\')',
  'SELECT id, age(at, timestamp \'2000-02-29 12:00\'), age(atz, timestamptz \'2023-01-31 00:00+00\') FROM spans WHERE id <> 3 ORDER BY id',
  'SELECT id, to_char(at, \'FMDay, DDth "of" FMMonth YYYY HH12:MI:SS.US a.m.\'), to_char(day, \'IYYY-IW-ID Q CC RM J\') FROM spans ORDER BY id',
  'SELECT to_char(atz, \'YYYY-MM-DD HH24:MI:SS OF TZH:TZM\'), to_char(d, \'YYYY MM DD HH24 MI SS\') FROM spans ORDER BY id',
  `SELECT to_timestamp('15 Mar 2024 01:02:03 PM', 'DD Mon YYYY HH12:MI:SS AM'), to_date('2024-075', 'YYYY-DDD'), to_date('20240315', 'YYYYMMDD')`,
  `SELECT make_interval(weeks => 2, secs => 1.5), make_interval(1, 2), make_timestamp(2024, 2, 29, 23, 59, 59.999999)`,
  `SELECT make_interval(nope => 1)`,
  `SELECT make_time(25, 0, 0)`,
  `SELECT date_bin('1 day', timestamptz '2024-03-15 13:47:30+00', timestamptz '2000-01-01 06:00+00'), date_bin('-1 day', timestamp '2024-01-01', timestamp '2000-01-01')`,
  `SELECT date_bin('1 month', timestamp '2024-01-01', timestamp '2000-01-01')`,
  `SELECT timestamp '2024-03-10 01:30' AT TIME ZONE 'America/Los_Angeles', timestamptz '2024-03-10 10:30+00' AT TIME ZONE 'America/Los_Angeles'`,
  `SELECT (timestamp '2024-01-01', interval '1 day') OVERLAPS (timestamp '2024-01-01 12:00', timestamp '2024-01-03')`,
  `SELECT (date '2024-01-01', date '2024-01-05') OVERLAPS (date '2024-01-05', NULL)`,
  `SELECT timestamp '2024-01-01' - timestamp 'infinity'`,
  `SELECT date '2024-01-31' + interval '1 month' - interval '1 day', timestamptz '2024-03-09 12:00+00' + interval '1 day'`,
  `SELECT interval '1 day' + '1 hour', timestamp '2024-01-01' + '1 day', timestamp '2024-01-02' - '2024-01-01', time '10:00' + '30 minutes'`,
  `SELECT date '2024-01-01' + '1'`,
  `SELECT interval '2147483647 days' + interval '1 day'`,
  `SELECT interval '1 day' * 'NaN'::float8`,
  `SELECT isfinite(interval '1 day'), isfinite(timestamptz 'infinity'), isfinite(date '2024-01-01')`,
  `SELECT '1 day'::interval::time, '25:00'::interval::time, time '01:02' - interval '2 hours'`,
  `SELECT pg_typeof(age(date '2024-01-01', date '2023-01-01'))::text, pg_typeof(date_trunc('day', date '2024-01-01'))::text, pg_typeof(date_part('day', date '2024-01-01'))::text`,
  `SELECT time '10:00' + '2024-01-01'`,
  `SELECT (time '10:00', interval '2 hours') OVERLAPS (time '11:00', time '13:00'), (timestamptz '2024-01-01', interval '1 day') OVERLAPS (timestamptz '2024-01-02', interval '1 day')`,
];

for (const z of ['EST', 'PST', 'CET', 'UTC+3', 'Z', 'Europe/London', 'EST5EDT', 'est', 'GMT-2', '+5']) {
  QUERIES.push(`SELECT timestamptz '2024-07-01 12:00+00' AT TIME ZONE '${z}', timestamp '2024-07-01 12:00' AT TIME ZONE '${z}'`);
}

/** Interval inputs, each alone so that one bad form fails only its own case. */
const INPUTS = ['1 2', '2024-01-01', '1 -2', '3 4:05', '1 day 2', '-1 2:03:04', '1:2:3.5', '1.5', '5 ago',
  '1 year ago 2 days', 'P1Y-2M', '1 hour 30', '+-1 day', '1.5 months', '-1.5 years', '0.1 sec', '1 day 1 day',
  '100000000 years', '   2 hours   ', '1 mon -1 day', '12:34.5', '-00:00:01', '1 week 2', 'PT1H30M', 'P1.5D', 'P'];
QUERIES.push(...INPUTS.map((v) => `SELECT '${v}'::interval`));

const pair = differentialPair(SETUP);

describe('interval and date/time functions match PostgreSQL 15', () => {
  for (const q of QUERIES) {
    it(q, async () => {
      const [x, y] = await Promise.all([answer(pair.ours, q), answer(pair.reference, q)]);
      expect(x).toEqual(y);
    });
  }

  const VALUES = ['0', '1 year 2 mons', '-1 year -2 mons', '3 days 04:05:06.789', '-3 days -04:05:06.789', '1 year -1 day',
    '-1 day +02:00', '00:00:01', '-00:00:00.5', '1 day', '5 mons 1 sec', '-1 mon 2 days -03:00'];
  for (const style of ['postgres_verbose', 'iso_8601', 'sql_standard']) {
    it(`prints intervals in IntervalStyle ${style}`, async () => {
      const q = `SELECT ${VALUES.map((v) => `'${v}'::interval`).join(', ')}`;
      for (const c of [pair.ours, pair.reference]) await c.query(`SET IntervalStyle = ${style}`);
      try {
        const [x, y] = await Promise.all([answer(pair.ours, q), answer(pair.reference, q)]);
        expect(x).toEqual(y);
      } finally {
        for (const c of [pair.ours, pair.reference]) await c.query('RESET IntervalStyle');
      }
    });
  }

  it('takes interval parameters and answers in IntervalStyle iso_8601', async () => {
    const q = 'SELECT $1::interval + interval \'1 hour\', $1::interval';
    for (const c of [pair.ours, pair.reference]) await c.query('SET IntervalStyle = iso_8601');
    try {
      const [x, y] = await Promise.all([answer(pair.ours, q, ['1 year -2 days 03:00:00.5']), answer(pair.reference, q, ['1 year -2 days 03:00:00.5'])]);
      expect(x).toEqual(y);
    } finally {
      for (const c of [pair.ours, pair.reference]) await c.query('RESET IntervalStyle');
    }
  });
});
