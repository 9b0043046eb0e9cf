/**
 * An expression's text as EXPLAIN prints it, from the parse tree: PostgreSQL's ruleutils
 * spelling for the common forms — every operator parenthesised (`(grp = 3)`,
 * `((a = 1) AND (b > 2))`), subqueries as `(SubPlan)`.
 */
import { nodeKind as body } from '../../binder/expr/binder-context.js';
import { literal } from '../../binder/deparse-default.js';

type Node = Record<string, unknown>;

function names(list: unknown): string[] {
  return ((list as Node[] | undefined) ?? []).map((n) => ((n as { String?: { sval: string } }).String?.sval ?? '*'));
}

function list(items: unknown): string {
  if (items && !Array.isArray(items)) {
    const inner = (items as { List?: { items?: Node[] } }).List?.items;
    return inner ? list(inner) : deparse(items as Node);
  }
  return ((items as Node[] | undefined) ?? []).map(deparse).join(', ');
}

const A_EXPR_WORDS: Record<string, (op: string, l: string, r: string, b: Record<string, unknown>) => string> = {
  AEXPR_OP: (op, l, r) => (l ? `(${l} ${op} ${r})` : `(${op} ${r})`),
  AEXPR_OP_ANY: (op, l, r) => `(${l} ${op} ANY (${r}))`,
  AEXPR_OP_ALL: (op, l, r) => `(${l} ${op} ALL (${r}))`,
  AEXPR_DISTINCT: (_o, l, r) => `(${l} IS DISTINCT FROM ${r})`,
  AEXPR_NOT_DISTINCT: (_o, l, r) => `(${l} IS NOT DISTINCT FROM ${r})`,
  AEXPR_NULLIF: (_o, l, r) => `NULLIF(${l}, ${r})`,
  AEXPR_IN: (op, l, _r, b) => `(${l} ${op === '=' ? 'IN' : 'NOT IN'} (${list(b.rexpr)}))`,
  AEXPR_LIKE: (op, l, r) => `(${l} ${op} ${r})`,
  AEXPR_ILIKE: (op, l, r) => `(${l} ${op} ${r})`,
  AEXPR_SIMILAR: (op, l, r) => `(${l} ${op} ${r})`,
  AEXPR_BETWEEN: (_o, l, _r, b) => `(${l} BETWEEN ${list(b.rexpr).replace(', ', ' AND ')})`,
  AEXPR_NOT_BETWEEN: (_o, l, _r, b) => `(${l} NOT BETWEEN ${list(b.rexpr).replace(', ', ' AND ')})`,
};

const BOOL_TESTS: Record<string, string> = {
  IS_TRUE: 'IS TRUE', IS_NOT_TRUE: 'IS NOT TRUE', IS_FALSE: 'IS FALSE',
  IS_NOT_FALSE: 'IS NOT FALSE', IS_UNKNOWN: 'IS UNKNOWN', IS_NOT_UNKNOWN: 'IS NOT UNKNOWN',
};

export function deparse(node: Node): string {
  const [kind, b] = body(node);
  switch (kind) {
    case 'ColumnRef':
      return names(b.fields).join('.');
    case 'A_Const':
      return literal(b);
    case 'ParamRef':
      return `$${b.number as number}`;
    case 'A_Expr': {
      const op = names(b.name).join('.');
      const l = b.lexpr ? deparse(b.lexpr as Node) : '';
      const r = b.rexpr && !Array.isArray(b.rexpr) ? deparse(b.rexpr as Node) : '';
      const f = A_EXPR_WORDS[b.kind as string];
      return f ? f(op, l, r, b) : `(${l} ${op} ${r})`;
    }
    case 'BoolExpr': {
      const args = (b.args as Node[]).map(deparse);
      if (b.boolop === 'NOT_EXPR') return `(NOT ${args[0]})`;
      return `(${args.join(b.boolop === 'AND_EXPR' ? ' AND ' : ' OR ')})`;
    }
    case 'NullTest':
      return `(${deparse(b.arg as Node)} ${b.nulltesttype === 'IS_NULL' ? 'IS NULL' : 'IS NOT NULL'})`;
    case 'BooleanTest':
      return `(${deparse(b.arg as Node)} ${BOOL_TESTS[b.booltesttype as string] ?? ''})`;
    case 'FuncCall': {
      const fn = names(b.funcname).filter((n) => n !== 'pg_catalog').join('.');
      return `${fn}(${b.agg_star ? '*' : `${b.agg_distinct ? 'DISTINCT ' : ''}${list(b.args)}`})`;
    }
    case 'TypeCast': {
      const tn = b.typeName as { names: Node[] };
      return `(${deparse(b.arg as Node)})::${names(tn.names).filter((n) => n !== 'pg_catalog').join('.')}`;
    }
    case 'SubLink':
      return b.subLinkType === 'EXISTS_SUBLINK' ? '(SubPlan)' : b.testexpr ? `(${deparse(b.testexpr as Node)} = ANY (SubPlan))` : '(SubPlan)';
    case 'CaseExpr': {
      const arg = b.arg ? ` ${deparse(b.arg as Node)}` : '';
      const whens = ((b.args as Node[] | undefined) ?? []).map((w) => {
        const wb = body(w)[1];
        return ` WHEN ${deparse(wb.expr as Node)} THEN ${deparse(wb.result as Node)}`;
      }).join('');
      const dflt = b.defresult ? ` ELSE ${deparse(b.defresult as Node)}` : '';
      return `CASE${arg}${whens}${dflt} END`;
    }
    case 'CoalesceExpr':
      return `COALESCE(${list(b.args)})`;
    case 'A_ArrayExpr':
      return `ARRAY[${list(b.elements)}]`;
    case 'RowExpr':
      return `ROW(${list(b.args)})`;
    case 'SQLValueFunction':
      return String(b.op).replace(/^SVFOP_/, '').replace(/_N$/, '');
    case 'CollateClause':
      return deparse(b.arg as Node);
    case 'A_Indirection':
      return `${deparse(b.arg as Node)}[…]`;
    default:
      return kind;
  }
}

/** A sort or group key: a bare column as is, anything else in parentheses (PostgreSQL's habit). */
export function deparseKey(node: Node): string {
  const text = deparse(node);
  const [kind] = body(node);
  return kind === 'ColumnRef' || kind === 'A_Const' || kind === 'ParamRef' ? text : `(${text})`;
}
