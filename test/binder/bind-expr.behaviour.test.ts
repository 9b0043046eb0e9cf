/**
 * Binding behaviour beyond single values: parameter inference, assignment coercion, constant
 * folding and volatility, session functions, grouped expressions. Expected values marked
 * "captured" come from PostgreSQL 15.18 (port 55436 during development).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { bindExpr, coerceToType } from '../../src/binder/expr/bind-expr.js';
import { AggregateCollector, containsAggregate } from '../../src/binder/expr/aggregate-collector.js';
import { AggregateAccumulator } from '../../src/executor/aggregates/aggregate-accumulator.js';
import { T } from '../../src/binder/expr/expr-types.js';
import { SqlError } from '../../src/errors/sql-error.js';
import { resolveTypeName } from '../../src/types/declared-type.js';
import type { Value } from '../../src/types/kalam-type.js';
import { formatText } from '../../src/types/text-codec.js';
import { DEFAULT_TYPE_CONTEXT } from '../../src/types/type-context.js';
import { bind, evalContext, loadParser, parseTarget, ROW, run, STATEMENT_TIME, TestParams, TestScope, typeName } from './expr-harness.js';

beforeAll(loadParser);

function sqlError(fn: () => unknown): SqlError {
  try { fn(); } catch (e) { if (e instanceof SqlError) return e; throw e; }
  throw new Error('expected a SqlError');
}

describe('parameters', () => {
  test('types come from the other operand, LIKE, function arguments; text otherwise (captured: {text,text,numeric}, {text,"double precision"}, {integer})', () => {
    const p = new TestParams();
    bind('$1 + i', {}, p);
    expect(typeName(p.get(0)!)).toBe('integer');
    const q = new TestParams();
    bindExpr(parseTarget("$2 like 'x' and $3 = 1.5"), new TestScope(), q);
    bind('$1', {}, q);
    expect(q.types.map((t) => typeName(t!))).toEqual(['text', 'text', 'numeric']);
    const r = new TestParams();
    bind('length($1) + abs($2)', {}, r);
    expect(r.types.map((t) => typeName(t!))).toEqual(['text', 'double precision']);
  });

  test('declared types are used and values read from the context', () => {
    const p = new TestParams([T.int8]);
    const e = bind('$1 * 2', {}, p);
    expect(typeName(e.type)).toBe('bigint');
    expect(e.eval(ROW, evalContext([21n]))).toBe(42n);
    expect(e.constant).toBe(false);
  });

  test('first inference wins (PostgreSQL then fails the second use the same way)', () => {
    const p = new TestParams();
    const err = sqlError(() => bind('$1 = i or $1 = s', {}, p));
    expect(typeName(p.get(0)!)).toBe('integer');
    expect([err.code, err.message]).toEqual(['42883', 'operator does not exist: integer = text']);
  });

  test('expected type resolves an untyped value (INSERT … VALUES ($1))', () => {
    const p = new TestParams();
    const e = bindExpr(parseTarget('$1'), new TestScope(), p, { expected: T.date });
    expect(typeName(e.type)).toBe('date');
    expect(typeName(p.get(0)!)).toBe('date');
    const lit = bindExpr(parseTarget("'2024-02-03'"), new TestScope(), p, { expected: T.date });
    expect(lit.eval(ROW, evalContext())).toBe(19756);
  });
});

describe('assignment coercion (captured from INSERT into int / varchar(3) / numeric(4,2) columns)', () => {
  const varchar3 = resolveTypeName(['varchar'], [3], false).type;
  const numeric42 = resolveTypeName(['numeric'], [4, 2], false).type;

  test('timestamptz into integer is 42804 with the column named', () => {
    const err = sqlError(() => coerceToType(bind('now()'), T.int4, 'assignment', { column: 'x', position: 34 }));
    expect([err.code, err.message, err.hint, err.position]).toEqual(['42804',
      'column "x" is of type integer but expression is of type timestamp with time zone',
      'You will need to rewrite or cast the expression.', 34]);
  });

  test('assignment casts round and check length (2.6 → 3, 12 → \'12\', 1.005 → 1.01)', () => {
    const ctx = evalContext();
    expect(coerceToType(bind('2.6'), T.int4, 'assignment').eval(ROW, ctx)).toBe(3);
    expect(coerceToType(bind('12'), varchar3, 'assignment').eval(ROW, ctx)).toBe('12');
    expect(coerceToType(bind('1.005'), numeric42, 'assignment').eval(ROW, ctx)).toBe('1.01');
    expect(coerceToType(bind("'ab   '"), varchar3, 'assignment').eval(ROW, ctx)).toBe('ab ');
  });

  test('too long and overflow', () => {
    const long = sqlError(() => coerceToType(bind("'abcd'"), varchar3, 'assignment').eval(ROW, evalContext()));
    expect([long.code, long.message]).toEqual(['22001', 'value too long for type character varying(3)']);
    const overflow = sqlError(() => coerceToType(bind('123.456'), numeric42, 'assignment').eval(ROW, evalContext()));
    expect([overflow.code, overflow.message]).toEqual(['22003', 'numeric field overflow']);
    const parse = sqlError(() => coerceToType(bind("'x'"), T.int4, 'assignment'));
    expect([parse.code, parse.message]).toEqual(['22P02', 'invalid input syntax for type integer: "x"']);
  });

  test('WHERE needs a boolean (captured)', () => {
    const err = sqlError(() => coerceToType(bind('1'), T.bool, 'implicit', { argumentOf: 'WHERE' }));
    expect([err.code, err.message]).toEqual(['42804', 'argument of WHERE must be type boolean, not type integer']);
  });
});

describe('folding and volatility', () => {
  test('constant sub-expressions fold; column references do not', () => {
    expect(bind('1 + 2 * 3').constant).toBe(true);
    expect(bind("lower('X') || 'y'").constant).toBe(true);
    expect(bind('i + 1').constant).toBe(false);
    expect(bind('i').columnIndex).toBe(0);
  });

  test('stable and volatile functions are never folded', () => {
    for (const f of ['now()', 'random()', 'snowflake_id()', 'uuid_v7()', 'gen_random_uuid()', 'ulid()', 'current_user', 'clock_timestamp()']) {
      expect(bind(f).constant, f).toBe(false);
    }
    const e = bind('snowflake_id()');
    const a = e.eval(ROW, evalContext()) as bigint;
    const b = e.eval(ROW, evalContext()) as bigint;
    expect(typeName(e.type)).toBe('bigint');
    expect(b > a).toBe(true);
    const u = bind('uuid_v7()');
    expect(u.eval(ROW, evalContext())).not.toBe(u.eval(ROW, evalContext()));
    expect(typeName(u.type)).toBe('uuid');
    expect(typeName(bind('ulid()').type)).toBe('text');
  });

  test('a failing constant in an arm that never runs does not fail the statement', () => {
    expect(run('case when i > 0 then 1 else 1/0 end').text).toBe('1');
    expect(run('case when false then 1/0 else 2 end').text).toBe('2');
  });
});

describe('session functions', () => {
  test('now() and CURRENT_TIMESTAMP are the statement time; names and labels as PostgreSQL', () => {
    expect(bind('now()').eval(ROW, evalContext())).toBe(STATEMENT_TIME);
    expect(run('current_timestamp').label).toBe('current_timestamp');
    expect(run('current_date').text).toBe('2024-01-31');
    expect(run('localtimestamp').text).toBe('2024-01-31 10:20:30');
    expect(run('current_timestamp(0)').text).toBe('2024-01-31 10:20:30+00');
    expect([run('current_user').text, run('user').label, run('session_user').text]).toEqual(['alice', 'user', 'postgres']);
    expect([run('current_database()').text, run('current_schema').text, run('current_catalog').text]).toEqual(['appdb', 'public', 'appdb']);
    expect(run('version()').text).toMatch(/^PostgreSQL 15\.0 \(kalamdb-pg/);
  });

  test('sequences go through the context', () => {
    const e = bind("nextval('s')");
    const ctx = evalContext();
    expect([e.eval(ROW, ctx), e.eval(ROW, ctx)]).toEqual([1n, 2n]);
    expect(bind("currval('s')").eval(ROW, ctx)).toBe(2n);
    expect(bind("setval('s', 10)").eval(ROW, ctx)).toBe(10n);
  });

  test('to_char of a number is not supported yet', () => {
    expect(sqlError(() => run("to_char(1, '9')")).code).toBe('0A000');
  });
});

describe('pgvector operators (pgvector is not installed on the reference server: values computed by hand)', () => {
  test('distances', () => {
    expect(run("e <-> '[1,2,5]'").value).toBe(2);
    expect(typeName(bind("e <-> '[1,2,5]'").type)).toBe('double precision');
    expect(run("e <#> '[1,1,1]'").value).toBe(-6);
    expect(run("inner_product(e, '[1,1,1]')").value).toBe(6);
    expect(run("e <=> '[2,4,6]'").value).toBeCloseTo(0, 12);
    expect(run("cosine_distance(e, '[-1,-2,-3]')").value).toBeCloseTo(2, 12);
    expect(run("l2_distance(e, '[1,2,3]')").value).toBe(0);
    expect(run('vector_dims(e)').value).toBe(3);
  });

  test('dimension mismatch is 22000', () => {
    const err = sqlError(() => run("e <-> '[1,2]'"));
    expect([err.code, err.message]).toEqual(['22000', 'different vector dimensions 3 and 2']);
  });
});

describe('grouped expressions', () => {
  // (x, n) rows as in the captured query; column 0 = x int4, column 1 = n numeric.
  const names = ['x', 'n', 'g'];
  const types = [T.int4, T.numeric, T.text];
  const rows: Value[][] = [[1, '1.0', 'a'], [2, '1.00', 'a'], [2, '2.5', 'b'], [null, null, 'b']];
  const scope = new TestScope(names, types);

  function aggregate(collector: AggregateCollector, input: Value[][]): Value[][] {
    const ctx = evalContext();
    const groups = new Map<string, { keys: Value[]; accs: AggregateAccumulator[] }>();
    for (const row of input) {
      const keys = collector.keys.map((k) => k.eval(row, ctx));
      const id = JSON.stringify(keys);
      let g = groups.get(id);
      if (!g) { g = { keys, accs: collector.calls.map((c) => new AggregateAccumulator(c)) }; groups.set(id, g); }
      for (const a of g.accs) a.add(row, ctx);
    }
    if (groups.size === 0 && collector.keyCount === 0) {
      groups.set('', { keys: [], accs: collector.calls.map((c) => new AggregateAccumulator(c)) });
    }
    return [...groups.values()].map((g) => [...g.keys, ...g.accs.map((a) => a.result())]);
  }

  test('aggregates over the captured rows', () => {
    // Captured: 4|3|2|5|bigint|1.6666666666666667|5|numeric|1.6666666666666667|5|1|2|4|2,2,1|t|f|1.5000000000000000|4.50|2
    const sqls = ['count(*)', 'count(x)', 'count(distinct x)', 'sum(x)', 'avg(x)', 'sum(x::int8)', 'avg(x::float8)',
      'sum(x::float4)', 'min(x)', 'max(x)', 'sum(x) filter (where x > 1)', "string_agg(x::text, ',' order by x desc)",
      'bool_and(x > 0)', 'bool_or(x > 2)', 'avg(n)', 'sum(n)', 'count(distinct n)'];
    const collector = new AggregateCollector(scope, new TestParams());
    const exprs = sqls.map((s) => bindExpr(parseTarget(s), scope, new TestParams(), { aggregates: collector }));
    const [out] = aggregate(collector, rows);
    const texts = exprs.map((e) => { const v = e.eval(out!, evalContext()); return v === null ? null : formatText(v, e.type, DEFAULT_TYPE_CONTEXT); });
    expect(texts).toEqual(['4', '3', '2', '5', '1.6666666666666667', '5', '1.6666666666666667', '5', '1', '2', '4', '2,2,1', 't', 'f',
      '1.5000000000000000', '4.50', '2']);
    expect(exprs.map((e) => typeName(e.type)).slice(0, 6)).toEqual(['bigint', 'bigint', 'bigint', 'bigint', 'numeric', 'numeric']);
    expect(exprs.map((e) => e.label).slice(0, 3)).toEqual(['count', 'count', 'count']);
  });

  test('no rows: count 0, the rest NULL (captured)', () => {
    const collector = new AggregateCollector(scope, new TestParams());
    const exprs = ['sum(x)', 'avg(x)', 'count(x)', 'max(x)', "string_agg(g, ',')"]
      .map((s) => bindExpr(parseTarget(s), scope, new TestParams(), { aggregates: collector }));
    const [out] = aggregate(collector, []);
    expect(exprs.map((e) => e.eval(out!, evalContext()))).toEqual([null, null, 0n, null, null]);
  });

  test('GROUP BY keys come first in the output row; expressions over keys rebind to them', () => {
    const groupBy = [parseTarget('g')];
    const collector = new AggregateCollector(scope, new TestParams(), groupBy);
    const upperG = bindExpr(parseTarget("upper(g) || ':' || count(*)"), scope, new TestParams(), { aggregates: collector });
    const out = aggregate(collector, rows);
    expect(out.map((r) => upperG.eval(r, evalContext()))).toEqual(['A:2', 'B:2']);
    expect(collector.width).toBe(2);
  });

  test('ungrouped column is 42803 (captured message)', () => {
    const collector = new AggregateCollector(scope, new TestParams(), [parseTarget('g')]);
    const err = sqlError(() => bindExpr(parseTarget('x'), scope, new TestParams(), { aggregates: collector }));
    expect([err.code, err.message]).toEqual(['42803', 'column "x" must appear in the GROUP BY clause or be used in an aggregate function']);
  });

  test('aggregates without a collector, nested aggregates', () => {
    const err = sqlError(() => bind('sum(1) > 0'));
    expect([err.code, err.message, err.position]).toEqual(['42803', 'aggregate functions are not allowed in WHERE', 8]);
    const collector = new AggregateCollector(scope, new TestParams());
    const nested = sqlError(() => bindExpr(parseTarget('sum(count(*))'), scope, new TestParams(), { aggregates: collector }));
    expect(nested.message).toBe('aggregate function calls cannot be nested');
  });

  test('containsAggregate', () => {
    expect(containsAggregate(parseTarget('1 + sum(x)'))).toBe(true);
    expect(containsAggregate(parseTarget('lower(g)'))).toBe(false);
    expect(containsAggregate(parseTarget('(select count(*))'))).toBe(false);
  });
});
