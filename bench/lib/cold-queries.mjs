// The cold suite's queries: the same SQL on both servers, in the shape analytic-measure.mjs and
// compareAnswers() take (kalamdb, postgres, tolerance).
import { COLD_TABLE, TS_FILTER } from './cold-dataset.mjs';

const same = (sql) => ({ kalamdb: sql, postgres: sql });
const tsRange = `ts >= '${TS_FILTER.from}' AND ts < '${TS_FILTER.to}'`;

/**
 * The four the issue names, plus the 1 % filter returning its rows: the aggregate form measures
 * the scan and the predicate alone; the row form adds building and sending 1 % of the table
 * (100,000 rows at 10M), which is what an application reading a time window pays.
 */
export function coldQueries() {
  return [
    { id: 'count', name: 'count(*)', ...same(`SELECT count(*) FROM ${COLD_TABLE}`), tolerance: 0 },
    { id: 'sum-avg', name: 'sum(val), avg(val)', ...same(`SELECT sum(val), avg(val) FROM ${COLD_TABLE}`), tolerance: 1e-9 },
    {
      id: 'group-by', name: 'GROUP BY grp, 3 aggregates (100 groups)',
      ...same(`SELECT grp, count(*), sum(val), max(val) FROM ${COLD_TABLE} GROUP BY grp`), tolerance: 1e-9,
    },
    {
      id: 'ts-filter', name: 'filter on ts (1 %), count and sum',
      ...same(`SELECT count(*), sum(val) FROM ${COLD_TABLE} WHERE ${tsRange}`), tolerance: 1e-9,
    },
    {
      id: 'ts-rows', name: 'filter on ts (1 %), the rows',
      ...same(`SELECT id, val FROM ${COLD_TABLE} WHERE ${tsRange}`), tolerance: 0,
    },
  ];
}
