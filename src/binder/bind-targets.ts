/** SELECT lists and RETURNING lists: ResTarget nodes → output expressions with their names. */
import { SqlError } from '../errors/sql-error.js';
import type { OutputColumn } from '../executor/prepared-statement.js';
import type { Node } from './ast.js';
import { bodyOf, kindOf } from './ast.js';
import type { BindOptions, } from './expr/bind-expr.js';
import { bindExpr } from './expr/bind-expr.js';
import type { BindScope, BoundExpr, ParamSlots } from './expr/bound-expr.js';
import { noteStar } from './view-capture.js';

export interface BoundTarget {
  readonly expr: BoundExpr;
  readonly column: OutputColumn;
}

function starQualifier(node: Node): string[] | null | undefined {
  if (kindOf(node) !== 'ColumnRef') return undefined;
  const fields = bodyOf<{ fields: Node[] }>(node).fields;
  const last = fields[fields.length - 1]!;
  if (kindOf(last) !== 'A_Star') return undefined;
  return fields.length === 1 ? null : fields.slice(0, -1).map((f) => (f as { String: { sval: string } }).String.sval);
}

export function bindTargets(
  targets: readonly Node[],
  scope: BindScope,
  params: ParamSlots,
  options?: BindOptions,
): BoundTarget[] {
  const out: BoundTarget[] = [];
  for (const t of targets) {
    const rt = bodyOf<{ name?: string; val: Node; location?: number }>(t);
    const qualifier = starQualifier(rt.val);
    if (qualifier !== undefined) {
      const loc = bodyOf<{ location?: number }>(rt.val).location ?? 0;
      const expanded = scope.expandStar(qualifier, loc);
      noteStar(rt.val, expanded.map((b) => ({ alias: b.entryAlias ?? '', name: b.name })));
      for (const b of expanded) {
        const collector = options?.aggregates;
        if (collector) {
          // In a grouped query each column must be grouped (or depend on a grouped key).
          const slot = collector.keySlotOfColumn(b.index);
          if (slot < 0) {
            throw new SqlError('42803', `column "${b.name}" must appear in the GROUP BY clause or be used in an aggregate function`,
              { position: loc + 1 });
          }
          out.push({
            expr: { type: b.type, eval: (row) => row[slot]!, label: b.name },
            column: { name: b.name, type: b.type, tableOid: b.tableOid ?? 0, attnum: b.attnum ?? 0 },
          });
          continue;
        }
        const index = b.index;
        out.push({
          expr: { type: b.type, eval: (row) => row[index]!, label: b.name, columnIndex: index },
          column: { name: b.name, type: b.type, tableOid: b.tableOid ?? 0, attnum: b.attnum ?? 0 },
        });
      }
      continue;
    }
    const expr = bindExpr(rt.val, scope, params, options);
    let tableOid = 0;
    let attnum = 0;
    if (expr.columnIndex !== undefined && kindOf(rt.val) === 'ColumnRef') {
      const fields = bodyOf<{ fields: Node[]; location: number }>(rt.val);
      const names = fields.fields.map((f) => (f as { String?: { sval: string } }).String?.sval ?? '*');
      const b = scope.resolveColumn(names, fields.location);
      tableOid = b.tableOid ?? 0;
      attnum = b.attnum ?? 0;
    }
    out.push({ expr, column: { name: rt.name ?? expr.label, type: expr.type, tableOid, attnum } });
  }
  return out;
}
