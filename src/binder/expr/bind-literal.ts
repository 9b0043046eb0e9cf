/**
 * A_Const → constant. Numbers take the narrowest of int4, int8, numeric; strings and NULL stay
 * `unknown` until their context gives them a type (`col = '5'` parses '5' as col's type once, at
 * bind time). libpg-query drops zero-valued fields: `0` arrives as `{ival:{}}`, `false` as
 * `{boolval:{}}`.
 */
import { SqlError } from '../../errors/sql-error.js';
import { KalamDataType, type ColumnType, type Value } from '../../types/kalam-type.js';
import { numericNormalize } from '../../types/numeric.js';
import { PgOid } from '../../types/pg-oids.js';
import { applyTypmod, parseText } from '../../types/text-codec.js';
import { arrayElementType, isArrayType } from '../../types/array-type.js';
import type { TypeContext } from '../../types/type-context.js';
import { catalogTypeContext, namesCatalogObjects } from './catalog-type-context.js';
import { type Bound, constant } from './compile.js';
import { T } from './expr-types.js';

export type ConstLiteral =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'float'; readonly text: string }
  | { readonly kind: 'string'; readonly text: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'bitstring'; readonly text: string }
  | { readonly kind: 'null' };

/** The literal inside an A_Const body. */
export function readConst(c: Record<string, unknown>): ConstLiteral {
  if (c.isnull === true) return { kind: 'null' };
  const field = (k: string): Record<string, unknown> | undefined => c[k] as Record<string, unknown> | undefined;
  const ival = field('ival');
  if (ival !== undefined) return { kind: 'int', value: (ival.ival as number | undefined) ?? 0 };
  const fval = field('fval');
  if (fval !== undefined) return { kind: 'float', text: (fval.fval as string | undefined) ?? '0' };
  const sval = field('sval');
  if (sval !== undefined) return { kind: 'string', text: (sval.sval as string | undefined) ?? '' };
  const boolval = field('boolval');
  if (boolval !== undefined) return { kind: 'bool', value: boolval.boolval === true };
  const bsval = field('bsval');
  if (bsval !== undefined) return { kind: 'bitstring', text: (bsval.bsval as string | undefined) ?? '' };
  return { kind: 'null' };
}

const INT4_MIN = -2147483648;
const INT4_MAX = 2147483647;
const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;
const INTEGER_TEXT = /^[+-]?\d+$/;

export function bindConst(c: Record<string, unknown>, position: number, typeCtx: TypeContext): Bound {
  const lit = readConst(c);
  switch (lit.kind) {
    case 'int':
      return constant(lit.value, T.int4, '?column?', position);
    case 'float': {
      // "2147483648" arrives as fval: the lexer only knows it does not fit int4.
      if (INTEGER_TEXT.test(lit.text)) {
        const n = BigInt(lit.text);
        if (n >= INT4_MIN && n <= INT4_MAX) return constant(Number(n), T.int4, '?column?', position);
        if (n >= INT8_MIN && n <= INT8_MAX) return constant(n, T.int8, '?column?', position);
      }
      return constant(numericNormalize(lit.text), T.numeric, '?column?', position);
    }
    case 'bool':
      return constant(lit.value, T.bool, 'bool', position);
    case 'string':
      return unknownLiteral(lit.text, position, typeCtx);
    case 'null':
      return unknownLiteral(null, position, typeCtx);
    case 'bitstring':
      throw new SqlError('0A000', 'bit string literals are not supported', { position });
  }
}

/**
 * Types whose text input can depend on the session (TimeZone; 'now', 'today'): parsed at bind time
 * only to report bad input with its position, and again per statement context.
 */
function sessionDependent(type: ColumnType, text: string): boolean {
  if (isArrayType(type)) return sessionDependent(arrayElementType(type), text);
  if (type.kalam === KalamDataType.DATETIME) return true;
  const dateish = type.kalam === KalamDataType.TIMESTAMP || type.kalam === KalamDataType.DATE
    || type.kalam === KalamDataType.TIME;
  return dateish && RELATIVE_TIME.test(text);
}

const RELATIVE_TIME = /now|today|tomorrow|yesterday/i;

/** An untyped literal ('x' or NULL): text if nothing asks otherwise. */
export function unknownLiteral(text: string | null, position: number, typeCtx: TypeContext): Bound {
  return {
    type: T.unknown,
    eval: () => text,
    label: '?column?',
    constant: true,
    position,
    unknownText: text,
    retype: (target) => typedLiteral(text, target, position, typeCtx, '?column?'),
  };
}

/** The literal parsed by the target type's input function (errors carry the literal's position). */
export function typedLiteral(
  text: string | null, target: ColumnType, position: number, typeCtx: TypeContext, label: string, explicit = false,
): Bound {
  if (text === null) return constant(null, target, label, position);
  // interval's typmod also steers input (INTERVAL '3' DAY is 3 days): it goes to the input function.
  const base = target.typmod >= 0 && target.oid !== PgOid.INTERVAL ? { ...target, typmod: -1 } : target;
  // Bad input is reported at the literal; a typmod failure (numeric overflow) has no position.
  const parse = (t: string, c: TypeContext): Value => {
    let v: Value;
    try {
      v = parseText(t, base, c);
    } catch (e) {
      if (e instanceof SqlError && e.position === undefined) e.position = position;
      throw e;
    }
    return base === target ? v : applyTypmod(v, target, explicit);
  };
  // 'pg_class'::regclass needs the catalog, which binding has not: it is read when the statement runs.
  const named = namesCatalogObjects(target) && !/^(\d+|-)$/.test(text);
  const value = named ? null : parse(text, typeCtx);
  if (!named && !sessionDependent(target, text)) return constant(value, target, label, position);
  let lastCtx: TypeContext | null = named ? null : typeCtx;
  let lastValue = value;
  return {
    type: target, label, constant: false, position,
    eval: (_row, ctx) => {
      const tc = named ? catalogTypeContext(ctx) : ctx.typeCtx;
      if (tc !== lastCtx) {
        lastValue = parse(text, tc);
        lastCtx = tc;
      }
      return lastValue;
    },
  };
}
