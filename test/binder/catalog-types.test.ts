/**
 * regclass, regnamespace and regrole read and print names through the statement's CatalogLookup
 * (a stub here, standing in for the session's): never folded at bind time, a clear error where
 * there is no catalog, and the bare OID printed where an OID names nothing.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { CatalogLookup } from '../../src/binder/expr/catalog-lookup.js';
import type { EvalContext } from '../../src/binder/expr/bound-expr.js';
import { SqlError } from '../../src/errors/sql-error.js';
import { KalamDataType } from '../../src/types/kalam-type.js';
import { PgOid } from '../../src/types/pg-oids.js';
import { formatText, parseText } from '../../src/types/text-codec.js';
import { DEFAULT_TYPE_CONTEXT } from '../../src/types/type-context.js';
import { bind, evalContext, loadParser, ROW } from './expr-harness.js';

beforeAll(loadParser);

const RELATIONS = new Map<string, number>([['pg_class', 1259], ['public.t', 16392], ['My T', 16400]]);
const NAMES = new Map<number, string>([[1259, 'pg_class'], [16392, 't'], [16400, '"My T"']]);

function unsupported(): never {
  throw new Error('not used by these tests');
}

const stub: CatalogLookup = {
  relationOid(text) {
    const key = text.startsWith('"') ? text.slice(1, -1) : text.replace(/^pg_catalog\./, '');
    const oid = RELATIONS.get(key) ?? RELATIONS.get(`public.${key}`);
    if (oid === undefined) throw new SqlError('42P01', `relation "${text}" does not exist`);
    return oid;
  },
  relationName: (oid) => NAMES.get(oid) ?? null,
  namespaceOid: (name) => ({ pg_catalog: 11, public: 2200 } as Record<string, number>)[name],
  namespaceName: (oid) => ({ 11: 'pg_catalog', 2200: 'public', 16500: 'My Schema' } as Record<number, string>)[oid],
  roleOid: (name) => (name === 'postgres' ? 10 : undefined),
  roleName: (oid) => (oid === 10 ? 'postgres' : undefined),
  userTypeOid: () => undefined,
  sequenceLastValue: unsupported,
  relationVisible: unsupported,
  searchPath: unsupported,
  model: unsupported,
};

const withCatalog = (): EvalContext => ({ ...evalContext(), catalog: stub });
const outputCtx = { ...DEFAULT_TYPE_CONTEXT, catalog: stub };

/** Binds, evaluates with the stub catalog and prints with it, as the session would. */
function show(sql: string): string | null {
  const e = bind(sql);
  const v = e.eval(ROW, withCatalog());
  return v === null ? null : formatText(v, e.type, outputCtx);
}

describe('regclass', () => {
  test.each([
    ["'pg_class'::regclass", 'pg_class'], ["'pg_catalog.pg_class'::regclass", 'pg_class'], ["'public.t'::regclass", 't'],
    [`'"My T"'::regclass`, '"My T"'], ["'pg_class'::regclass::oid", '1259'], ["1259::regclass", 'pg_class'],
    ["'pg_class'::regclass::text", 'pg_class'], ["16392::oid::regclass::text", 't'], ['99999::regclass', '99999'],
    ["'pg_class'::regclass = 1259", 't'], ["'-'::regclass", '-'], ["'{pg_class,t}'::regclass[]", '{pg_class,t}'],
    ["'pg_class'::text::regclass", 'pg_class'], ["'x' || 1259::regclass", 'xpg_class'],
  ])('%s → %s', (sql, expected) => {
    expect(show(sql)).toBe(expected);
  });

  test('a name is never read at bind time', () => {
    expect(bind("'pg_class'::regclass").constant).toBe(false);
    expect(bind("'pg_class'::text::regclass").constant).toBe(false);
    expect(bind('1259::regclass').constant).toBe(true);
  });

  test('an unknown name is 42P01, from the catalog', () => {
    expect(() => show("'nosuch'::regclass")).toThrow(expect.objectContaining({ code: '42P01' }));
  });

  test('without a catalog a name is a clear error and an OID prints as its number', () => {
    expect(() => bind("'pg_class'::regclass").eval(ROW, evalContext())).toThrow(expect.objectContaining({ code: '0A000' }));
    const e = bind('1259::regclass');
    expect(formatText(e.eval(ROW, evalContext())!, e.type, DEFAULT_TYPE_CONTEXT)).toBe('1259');
  });
});

describe('regnamespace and regrole', () => {
  test.each([
    ["'public'::regnamespace", 'public'], ["'public'::regnamespace::oid", '2200'], ['11::regnamespace', 'pg_catalog'],
    ['16500::regnamespace', '"My Schema"'], ['99::regnamespace', '99'],
    ["'postgres'::regrole", 'postgres'], ["'postgres'::regrole::oid", '10'], ['10::regrole', 'postgres'], ['0::regrole', '-'],
  ])('%s → %s', (sql, expected) => {
    expect(show(sql)).toBe(expected);
  });

  test('unknown names: 3F000 for schemas, 42704 for roles', () => {
    expect(() => show("'nosuch'::regnamespace")).toThrow(expect.objectContaining({ code: '3F000' }));
    expect(() => show("'nosuch'::regrole")).toThrow(expect.objectContaining({ code: '42704' }));
  });

  test('the text codec reads names through TypeContext.catalog', () => {
    expect(parseText('public', { kalam: KalamDataType.INT, oid: PgOid.REGNAMESPACE, typmod: -1 }, outputCtx)).toBe(2200);
  });
});
