/**
 * Text for a default expression as information_schema.column_default and DESCRIBE show it:
 * PostgreSQL's pg_get_expr spelling for the forms defaults take (literals, calls, casts).
 */
import { nodeKind as body } from './expr/binder-context.js';

type Node = Record<string, unknown>;

function names(list: unknown): string[] {
  return ((list as Node[] | undefined) ?? []).map((n) => ((n as { String?: { sval: string } }).String?.sval ?? ''));
}

/** An A_Const as SQL text (also what EXPLAIN prints for one: planner/explain/deparse-expr.ts). */
export function literal(c: Record<string, unknown>): string {
  if ('isnull' in c) return 'NULL';
  if ('ival' in c) return String((c.ival as { ival?: number }).ival ?? 0);
  if ('fval' in c) return (c.fval as { fval: string }).fval;
  if ('boolval' in c) return (c.boolval as { boolval?: boolean }).boolval ? 'true' : 'false';
  if ('sval' in c) return `'${((c.sval as { sval?: string }).sval ?? '').replace(/'/g, "''")}'`;
  if ('bsval' in c) return `B'${(c.bsval as { bsval: string }).bsval.slice(1)}'`;
  return '?';
}

const SQL_VALUE_FUNCTIONS: Record<string, string> = {
  SVFOP_CURRENT_DATE: 'CURRENT_DATE',
  SVFOP_CURRENT_TIME: 'CURRENT_TIME',
  SVFOP_CURRENT_TIME_N: 'CURRENT_TIME',
  SVFOP_CURRENT_TIMESTAMP: 'CURRENT_TIMESTAMP',
  SVFOP_CURRENT_TIMESTAMP_N: 'CURRENT_TIMESTAMP',
  SVFOP_LOCALTIME: 'LOCALTIME',
  SVFOP_LOCALTIME_N: 'LOCALTIME',
  SVFOP_LOCALTIMESTAMP: 'LOCALTIMESTAMP',
  SVFOP_LOCALTIMESTAMP_N: 'LOCALTIMESTAMP',
  SVFOP_CURRENT_ROLE: 'CURRENT_ROLE',
  SVFOP_CURRENT_USER: 'CURRENT_USER',
  SVFOP_USER: 'CURRENT_USER',
  SVFOP_SESSION_USER: 'SESSION_USER',
  SVFOP_CURRENT_CATALOG: 'current_database()',
  SVFOP_CURRENT_SCHEMA: 'current_schema()',
};

export function deparseExpr(node: Node): string {
  const [kind, b] = body(node);
  switch (kind) {
    case 'A_Const':
      return literal(b);
    case 'FuncCall': {
      const fn = names(b.funcname).filter((n) => n !== 'pg_catalog').join('.');
      const args = ((b.args as Node[] | undefined) ?? []).map(deparseExpr);
      return `${fn}(${b.agg_star ? '*' : args.join(', ')})`;
    }
    case 'TypeCast': {
      const tn = b.typeName as { names: Node[]; typmods?: Node[]; arrayBounds?: unknown[] };
      const type = names(tn.names).filter((n) => n !== 'pg_catalog').join('.');
      const mods = tn.typmods ? `(${tn.typmods.map(deparseExpr).join(',')})` : '';
      const array = '[]'.repeat(tn.arrayBounds?.length ?? 0);
      return `${deparseExpr(b.arg as Node)}::${type}${mods}${array}`;
    }
    case 'A_ArrayExpr':
      return `ARRAY[${((b.elements as Node[] | undefined) ?? []).map(deparseExpr).join(', ')}]`;
    case 'SQLValueFunction':
      return SQL_VALUE_FUNCTIONS[b.op as string] ?? String(b.op);
    case 'A_Expr': {
      const op = names(b.name).join('');
      const l = b.lexpr ? deparseExpr(b.lexpr as Node) : '';
      return b.lexpr ? `(${l} ${op} ${deparseExpr(b.rexpr as Node)})` : `(${op}${deparseExpr(b.rexpr as Node)})`;
    }
    case 'ColumnRef':
      return names(b.fields).join('.');
    default:
      return kind;
  }
}
