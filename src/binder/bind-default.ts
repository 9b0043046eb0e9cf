/** Column defaults bound as expressions over no row, coerced to the column's type. */
import type { ColumnDefinition } from '../catalog/table-definition.js';
import { Errors } from '../errors/sql-error.js';
import type { ColumnType } from '../types/kalam-type.js';
import type { BoundExpr } from './expr/bound-expr.js';
import { noColumns } from './range-scope.js';
import { bindExpr, coerceToType } from './expr/bind-expr.js';
import { StatementParams } from './param-slots.js';
import type { Node } from './ast.js';
import { formatType } from '../types/declared-type.js';

/** Defaults may not reference columns (PostgreSQL: 0A000 cannot use column reference in DEFAULT expression). */
const NO_COLUMNS = noColumns((_n, position) =>
  Object.assign(Errors.featureNotSupported('cannot use column reference in DEFAULT expression'), { position }),
);

export function bindDefaultExpr(ast: Node, type: ColumnType, columnName: string): BoundExpr {
  const params = new StatementParams([]);
  const bound = bindExpr(ast, NO_COLUMNS, params, { expected: type });
  if (params.resolve(0).length > 0) throw Errors.featureNotSupported('cannot use parameters in DEFAULT expression');
  try {
    return coerceToType(bound, type, 'assignment');
  } catch (e) {
    if (e instanceof Error && 'code' in e && (e as { code: string }).code === '42804') {
      throw Errors.datatypeMismatch(
        `column "${columnName}" is of type ${typeLabel(type)} but default expression is of type ${typeLabel(bound.type)}`,
        undefined,
        'You will need to rewrite or cast the expression.',
      );
    }
    throw e;
  }
}

function typeLabel(t: ColumnType): string {
  return formatType(t.oid, -1);
}

/** Per-table-version cache of bound defaults: index i → expression or null (no default). */
const cache = new WeakMap<readonly ColumnDefinition[], (BoundExpr | null)[]>();

export function boundDefaults(columns: readonly ColumnDefinition[]): (BoundExpr | null)[] {
  let d = cache.get(columns);
  if (!d) {
    d = columns.map((c) => {
      if (c.default.kind === 'expression') return bindDefaultExpr(c.default.ast, c.type, c.name);
      if (c.default.kind === 'sequence') {
        const call = {
          FuncCall: {
            funcname: [{ String: { sval: 'nextval' } }],
            args: [{ A_Const: { sval: { sval: c.default.sequence } } }],
            location: -1,
          },
        };
        return bindDefaultExpr(call, c.type, c.name);
      }
      return null;
    });
    cache.set(columns, d);
  }
  return d;
}
