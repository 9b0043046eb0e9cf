/**
 * SQL-level PREPARE name [(types)] AS statement and EXECUTE name [(args)]: the same named
 * statements the extended protocol's Parse makes (one namespace, as pg_prepared_statements shows),
 * so DEALLOCATE and a protocol Bind both see them. EXECUTE's arguments are expressions coerced to
 * the statement's parameter types by assignment rules (42804 when they cannot be), and it answers
 * with the statement's own rows and command tag.
 */
import type { Node } from '../../binder/ast.js';
import { bodyOf } from '../../binder/ast.js';
import { bindExpr, coerceToType } from '../../binder/expr/bind-expr.js';
import { StatementParams } from '../../binder/param-slots.js';
import { noColumns } from '../../binder/range-scope.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import type { ParsedStatement } from '../../sql/statement.js';
import { makeEvalContext } from '../eval-context.js';
import type { PreparedStatement } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import { resolveColumnType } from '../ddl/column-builder.js';
import { utility } from './utility-statement.js';
import { typeDisplay } from '../../binder/expr/expr-types.js';
import { formatType } from '../../types/format-type.js';

type TypeNameNode = Parameters<typeof resolveColumnType>[0];

export function preparePrepare(ctx: SessionContext, body: Node, parsed: ParsedStatement): PreparedStatement {
  const s = body as { name: string; argtypes?: Node[]; query: Node };
  const types = (s.argtypes ?? []).map((t) => resolveColumnType(bodyOf<TypeNameNode>(t), ctx.catalog()).type.oid);
  const inner: ParsedStatement = { kind: 'pg', ast: s.query, text: parsed.text, offset: parsed.offset };
  return utility(ctx, async (c) => {
    c.prepareStatement(s.name, inner, types);
    return { tag: 'PREPARE' };
  });
}

const NO_COLUMNS = noColumns((names, position) => Errors.undefinedColumn(names.join('.'), position));

export function prepareExecute(ctx: SessionContext, body: Node): PreparedStatement {
  const s = body as { name: string; params?: Node[] };
  const target = ctx.preparedStatement(s.name);
  const given = s.params ?? [];
  if (given.length !== target.paramTypes.length) {
    throw new SqlError('42601', `wrong number of parameters for prepared statement "${s.name}"`,
      { detail: `Expected ${target.paramTypes.length} parameters but got ${given.length}.` });
  }
  const params = new StatementParams([]);
  const args = given.map((node, i) => {
    const type = target.paramTypes[i]!;
    const bound = bindExpr(node, NO_COLUMNS, params, { expected: type });
    try {
      return coerceToType(bound, type, 'assignment');
    } catch (e) {
      if (!(e instanceof SqlError) || e.code !== '42804') throw e;
      throw new SqlError('42804', `parameter $${i + 1} of type ${typeDisplay(bound.type)} cannot be coerced to the expected type ${formatType(type.oid, -1)}`,
        { hint: 'You will need to rewrite or cast the expression.' });
    }
  });
  return {
    columns: target.columns,
    paramTypes: [],
    // Never reused from the simple-query plan cache: a DEALLOCATE and a new PREPARE of the same
    // name may give the statement other columns without any catalog change.
    catalogVersion: -1,
    plan: target.plan,
    async execute(c, _values, stats) {
      const ectx = makeEvalContext(c, []);
      return target.execute(c, args.map((a) => a.eval([], ectx)), stats);
    },
  };
}
