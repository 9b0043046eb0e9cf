/**
 * A CHECK expression as pg_get_constraintdef prints it: PostgreSQL deparses the *analysed*
 * expression, so the implicit casts the parser added show up, and every operator gets parens:
 *
 *   CHECK (score >= 0)          score numeric   →  CHECK ((score >= (0)::numeric))
 *   CHECK (i BETWEEN 1 AND 10)                  →  CHECK (((i >= 1) AND (i <= 10)))
 *   CHECK (t IN ('a', 'b'))     t text          →  CHECK ((t = ANY (ARRAY['a'::text, 'b'::text])))
 *   CHECK (v <> 'x')            v varchar(10)   →  CHECK (((v)::text <> 'x'::text))
 *
 * The types come from binding each operand against the table; forms not covered fall back to
 * the default-expression deparser.
 */
import { bodyOf, kindOf, stringList, type Node } from './ast.js';
import type { BindScope } from './expr/bound-expr.js';
import { bindExpr } from './expr/bind-expr.js';
import { StatementParams } from './param-slots.js';
import { deparseExpr, literal } from './deparse-default.js';
import { formatType } from '../types/format-type.js';
import { PgOid } from '../types/pg-oids.js';
import { quoteIdentifier } from '../util/sql-quote.js';

const INTEGER_OIDS = new Set<number>([PgOid.INT2, PgOid.INT4, PgOid.INT8]);
/** Numeric type precedence for the implicit promotions PostgreSQL picks between operands. */
const RANK: Record<number, number> = { [PgOid.INT2]: 1, [PgOid.INT4]: 2, [PgOid.INT8]: 3, [PgOid.NUMERIC]: 4, [PgOid.FLOAT4]: 5, [PgOid.FLOAT8]: 6 };

interface Part {
  readonly text: string;
  /** Type OID of the operand; 0 for an untyped literal. */
  readonly oid: number;
  /** The A_Const it came from, when it is a literal. */
  readonly literal?: Record<string, unknown>;
}

const LIKE_OPS: Record<string, string> = { AEXPR_LIKE: '~~', AEXPR_ILIKE: '~~*' };

export function deparseCheck(ast: Node, scope: BindScope): string {
  const d = new CheckDeparser(scope);
  const p = d.part(ast);
  return `CHECK (${p.literal ? d.cast(p, PgOid.BOOL) : p.text})`;
}

class CheckDeparser {
  constructor(private readonly scope: BindScope) {}

  private typeOf(n: Node): number {
    try {
      return bindExpr(n, this.scope, new StatementParams([])).type.oid;
    } catch {
      return 0;
    }
  }

  part(n: Node): Part {
    const kind = kindOf(n);
    const b = bodyOf<Record<string, unknown>>(n);
    switch (kind) {
      case 'A_Const':
        return { text: literal(b), oid: 0, literal: b };
      case 'ColumnRef':
        // A CHECK sees one table, so PostgreSQL prints its columns unqualified: "orders"."qty" → qty.
        return { text: quoteIdentifier(stringList(b.fields).at(-1)!), oid: this.typeOf(n) };
      case 'BoolExpr': {
        const args = (b.args as Node[]).map((a) => this.asBool(this.part(a)));
        if (b.boolop === 'NOT_EXPR') return { text: `(NOT ${args[0]})`, oid: PgOid.BOOL };
        return { text: `(${args.join(b.boolop === 'AND_EXPR' ? ' AND ' : ' OR ')})`, oid: PgOid.BOOL };
      }
      case 'NullTest': {
        const arg = this.part(b.arg as Node);
        return { text: `(${arg.text} ${b.nulltesttype === 'IS_NULL' ? 'IS NULL' : 'IS NOT NULL'})`, oid: PgOid.BOOL };
      }
      case 'A_Expr':
        return this.aExpr(n, b);
      case 'FuncCall': {
        const fn = stringList(b.funcname).filter((x) => x !== 'pg_catalog').join('.');
        const args = ((b.args as Node[] | undefined) ?? []).map((a) => {
          const p = this.part(a);
          if (p.literal && 'sval' in p.literal) return `${p.text}::text`;
          return p.oid === PgOid.VARCHAR ? `(${p.text})::text` : p.text;
        });
        return { text: `${fn}(${b.agg_star ? '*' : args.join(', ')})`, oid: this.typeOf(n) };
      }
      case 'TypeCast': {
        const oid = this.typeOf(n);
        const inner = this.part(b.arg as Node);
        if (inner.literal && 'sval' in inner.literal) return { text: `${inner.text}::${formatType(oid, -1)}`, oid };
        return { text: `(${inner.text})::${formatType(oid, -1)}`, oid };
      }
      default:
        return { text: deparseExpr(n), oid: this.typeOf(n) };
    }
  }

  private asBool(p: Part): string {
    return p.literal ? this.cast(p, PgOid.BOOL) : p.text;
  }

  private aExpr(n: Node, b: Record<string, unknown>): Part {
    const kind = b.kind as string;
    const op = stringList(b.name).join('');
    if (kind === 'AEXPR_BETWEEN' || kind === 'AEXPR_NOT_BETWEEN') {
      const x = this.part(b.lexpr as Node);
      const [lo, hi] = ((b.rexpr as { List: { items: Node[] } }).List.items).map((i) => this.part(i));
      const not = kind === 'AEXPR_NOT_BETWEEN';
      const [l, h] = [this.binary(x, not ? '<' : '>=', lo!), this.binary(x, not ? '>' : '<=', hi!)];
      return { text: `(${l} ${not ? 'OR' : 'AND'} ${h})`, oid: PgOid.BOOL };
    }
    if (kind === 'AEXPR_IN') {
      const x = this.part(b.lexpr as Node);
      const items = ((b.rexpr as { List: { items: Node[] } }).List.items).map((i) => this.part(i));
      const target = this.commonType([x, ...items]);
      const elems = items.map((i) => this.cast(i, target)).join(', ');
      const eq = op === '=' ? '= ANY' : '<> ALL';
      return { text: `(${this.cast(x, target)} ${eq} (ARRAY[${elems}]))`, oid: PgOid.BOOL };
    }
    if (kind === 'AEXPR_OP' && b.lexpr === undefined) {
      const r = this.part(b.rexpr as Node);
      return { text: `(${op}${r.text})`, oid: this.typeOf(n) };
    }
    const l = this.part(b.lexpr as Node);
    const r = this.part(b.rexpr as Node);
    const shown = kind === 'AEXPR_OP' ? op : (LIKE_OPS[kind] ?? op);
    const text = kind === 'AEXPR_OP' ? this.binary(l, op, r) : `(${this.cast(l, PgOid.TEXT)} ${op.startsWith('!') ? '!' : ''}${shown} ${this.cast(r, PgOid.TEXT)})`;
    return { text, oid: this.typeOf(n) };
  }

  private binary(l: Part, op: string, r: Part): string {
    const target = this.commonType([l, r]);
    return `(${this.cast(l, target)} ${op} ${this.cast(r, target)})`;
  }

  /** The type both operands are brought to: the higher-ranked number type, text over varchar. */
  private commonType(parts: readonly Part[]): number {
    let best = 0;
    for (const p of parts) {
      const oid = p.literal ? literalOid(p.literal) : p.oid;
      if (oid === 0) continue;
      if (best === 0) best = oid;
      else if (RANK[oid] !== undefined && RANK[best] !== undefined && RANK[oid]! > RANK[best]!) best = oid;
      else if (best === PgOid.VARCHAR && oid === PgOid.TEXT) best = PgOid.TEXT;
    }
    // An integer literal beside a wider integer column keeps its own type (int84 operators).
    if (INTEGER_OIDS.has(best) && parts.every((p) => p.literal || INTEGER_OIDS.has(p.oid))) return 0;
    return best === PgOid.VARCHAR ? PgOid.TEXT : best;
  }

  /** `p` as an operand of type `target` (0: as it is). */
  cast(p: Part, target: number): string {
    const name = (oid: number) => formatType(oid, -1);
    if (p.literal) {
      const c = p.literal;
      if ('isnull' in c) return 'NULL';
      if ('sval' in c) return `${p.text}::${name(target === 0 ? PgOid.TEXT : target)}`;
      if ('boolval' in c) return p.text;
      const own = literalOid(c);
      const negative = p.text.startsWith('-');
      // PostgreSQL keeps negative constants as quoted literals of their type: '-1'::integer.
      const bare = negative ? `'${p.text}'::${name(own)}` : p.text;
      if (target === 0 || target === own || (own === PgOid.INT4 && INTEGER_OIDS.has(target))) {
        return negative ? bare : p.text;
      }
      return negative ? `(${bare})::${name(target)}` : `(${p.text})::${name(target)}`;
    }
    if (target === 0 || p.oid === target || p.oid === 0) return p.text;
    if (p.oid === PgOid.VARCHAR && target === PgOid.TEXT) return `(${p.text})::text`;
    if (RANK[p.oid] !== undefined && RANK[target] !== undefined && RANK[target]! > RANK[p.oid]!) {
      return `(${p.text})::${name(target)}`;
    }
    return p.text;
  }
}

function literalOid(c: Record<string, unknown>): number {
  if ('ival' in c) return PgOid.INT4;
  if ('fval' in c) return /^-?\d+$/.test((c.fval as { fval: string }).fval) ? PgOid.INT8 : PgOid.NUMERIC;
  if ('boolval' in c) return PgOid.BOOL;
  return 0;
}
