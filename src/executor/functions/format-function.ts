/**
 * format(fmt, VARIADIC "any") — PostgreSQL's text_format — and the quote_* functions.
 *
 *   format('%s|%-5s|%2$I|%L', 'a', 'b c', NULL)  →  a|b c  |"b c"|NULL
 *
 * A specifier is `%[n$][-][width|*|*n$](s|I|L)`; `%%` is a percent sign. Arguments print through
 * their type's output function; NULL prints as nothing (%s), NULL (%L), or is refused (%I).
 */
import { SqlError } from '../../errors/sql-error.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import { PgOid } from '../../types/pg-oids.js';
import type { TypeContext } from '../../types/type-context.js';
import { formatText, parseInteger } from '../../types/text-codec.js';
import { castValue } from '../../types/cast.js';
import { KalamDataType } from '../../types/kalam-type.js';
import { quoteIdentifier, quoteLiteral } from '../../util/sql-quote.js';
import { T } from '../../binder/expr/expr-types.js';
import { overload, registerFunction } from './function-registry.js';

const UNTERMINATED_HINT = { hint: 'For a single "%" use "%%".' };

function unterminated(): SqlError {
  return new SqlError('22023', 'unterminated format() type specifier', UNTERMINATED_HINT);
}

function tooFew(): SqlError {
  return new SqlError('22023', 'too few arguments for format()');
}

function argZero(): SqlError {
  return new SqlError('22023', 'format specifies argument 0, but arguments are numbered from 1');
}

interface Spec { argpos: number; widthpos: number; minus: boolean; width: number; end: number }

/** Parses `[n$][-][width|*|*n$]` from `i`, leaving `end` on the conversion character. */
function parseSpec(f: readonly string[], i: number): Spec {
  const spec: Spec = { argpos: -1, widthpos: -1, minus: false, width: 0, end: i };
  const digits = (): number | null => {
    if (!/[0-9]/.test(f[i] ?? '')) return null;
    let v = 0;
    while (/[0-9]/.test(f[i] ?? '')) {
      v = v * 10 + Number(f[i]);
      if (v > 2147483647) throw new SqlError('22003', 'number is out of range');
      i++;
    }
    if (i >= f.length) throw unterminated();
    return v;
  };
  const advance = () => { if (++i >= f.length) throw unterminated(); };
  const first = digits();
  if (first !== null) {
    if (f[i] !== '$') {
      spec.width = first;
      spec.end = i;
      return spec;
    }
    if (first === 0) throw argZero();
    spec.argpos = first;
    advance();
  }
  while (f[i] === '-') { spec.minus = true; advance(); }
  if (f[i] === '*') {
    advance();
    const pos = digits();
    if (pos !== null) {
      if (f[i] !== '$') throw new SqlError('22023', 'width argument position must be ended by "$"');
      if (pos === 0) throw argZero();
      spec.widthpos = pos;
      advance();
    } else {
      spec.widthpos = 0;
    }
  } else {
    const w = digits();
    if (w !== null) spec.width = w;
  }
  spec.end = i;
  return spec;
}

function pad(str: string, width: number, minus: boolean): string {
  if (width === 0) return str;
  let left = minus;
  if (width < 0) { left = true; width = -width; }
  const len = Array.from(str).length;
  if (len >= width) return str;
  return left ? str + ' '.repeat(width - len) : ' '.repeat(width - len) + str;
}

function widthOf(v: Value, type: ColumnType, ctx: TypeContext): number {
  if (v === null) return 0;
  if (type.oid === PgOid.INT4 || type.oid === PgOid.INT2) return v as number;
  return Number(parseInteger(typeof v === 'string' ? v : formatText(v, type, ctx), KalamDataType.INT));
}

/** format() over already evaluated arguments (args[0] is the format string). */
export function formatString(args: readonly Value[], types: readonly ColumnType[], ctx: TypeContext): string {
  const f = Array.from(args[0] as string);
  let out = '';
  let arg = 1;
  const take = (pos: number): number => {
    if (pos > 0) arg = pos;
    if (arg >= args.length) throw tooFew();
    return arg++;
  };
  for (let i = 0; i < f.length; i++) {
    if (f[i] !== '%') { out += f[i]; continue; }
    if (++i >= f.length) throw unterminated();
    if (f[i] === '%') { out += '%'; continue; }
    const spec = parseSpec(f, i);
    i = spec.end;
    const conv = f[i]!;
    if (!'sIL'.includes(conv)) {
      throw new SqlError('22023', `unrecognized format() type specifier "${conv}"`, UNTERMINATED_HINT);
    }
    let width = spec.width;
    if (spec.widthpos >= 0) {
      const k = take(spec.widthpos);
      width = widthOf(args[k]!, types[k]!, ctx);
    }
    const k = take(spec.argpos);
    const v = args[k] ?? null;
    let text: string;
    if (v === null) {
      if (conv === 'I') throw new SqlError('22004', 'null values cannot be formatted as an SQL identifier');
      text = conv === 'L' ? 'NULL' : '';
    } else {
      const raw = typeof v === 'string' ? v : formatText(v, types[k]!, ctx);
      text = conv === 'I' ? quoteIdentifier(raw) : conv === 'L' ? quoteLiteral(raw) : raw;
    }
    out += pad(text, width, spec.minus);
  }
  return out;
}

registerFunction('format', {
  params: [T.text], variadic: 'any', result: T.text, volatility: 'stable', strict: false,
  build: (types) => (args, ctx) => (args[0] === null ? null : formatString(args, types, ctx.typeCtx)),
});

registerFunction('quote_ident', overload([T.text], T.text, (a) => quoteIdentifier(a[0] as string)));

/** quote_literal(anyelement) and quote_nullable(anyelement) quote the value's text form. */
function quoter(nullable: boolean) {
  return {
    params: ['any' as const], result: T.text, volatility: 'stable' as const, strict: !nullable,
    build: (types: readonly ColumnType[]) => (args: readonly Value[], ctx: { typeCtx: TypeContext }) => {
      const v = args[0] ?? null;
      if (v === null) return nullable ? 'NULL' : null;
      // quote_literal(anyelement) is quote_literal($1::text): true quotes as 'true'.
      return quoteLiteral(typeof v === 'string' ? v : castValue(v, types[0]!, T.text, ctx.typeCtx) as string);
    },
  };
}
registerFunction('quote_literal', quoter(false));
registerFunction('quote_nullable', quoter(true));
