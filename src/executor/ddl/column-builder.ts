/**
 * ColumnDef nodes → ColumnDefinitions: type resolution, constraints, defaults, and the sequences
 * that serial and identity columns own (real sequences, PostgreSQL semantics).
 */
import type { ColumnDefault, ColumnDefinition, SequenceDefinition } from '../../catalog/table-definition.js';
import type { SchemaStore } from '../../catalog/schema-store.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import { bodyOf, intConstValue, kindOf, stringList, type Node } from '../../binder/ast.js';
import { defaultExprText } from './default-text.js';
import { checkStorableType, rejectPseudoType, resolveTypeName } from '../../types/declared-type.js';
import type { ColumnType } from '../../types/kalam-type.js';
import type { CatalogNames } from '../../types/catalog-names.js';
import { KalamDataType } from '../../types/kalam-type.js';
import type { ConstraintNode, ConstraintSpec } from './table-constraints.js';
import { formatType } from '../../types/format-type.js';

export interface BuiltColumn {
  readonly column: ColumnDefinition;
  readonly sequence?: SequenceDefinition;
  /** PRIMARY KEY written on the column itself. */
  readonly inlinePrimaryKey: boolean;
  /** PRIMARY KEY, UNIQUE, CHECK and REFERENCES clauses of the column, for table-constraints.ts. */
  readonly constraints: ConstraintSpec[];
}

interface TypeNameNode {
  names: Node[];
  typmods?: Node[];
  arrayBounds?: unknown[];
  location?: number;
}

export function resolveColumnType(tn: TypeNameNode, catalog?: CatalogNames): { type: ColumnType; serial?: 'smallserial' | 'serial' | 'bigserial' } {
  const typmods = (tn.typmods ?? []).map((m) => {
    try {
      return intConstValue(m);
    } catch {
      throw Errors.syntax('type modifiers must be simple constants or identifiers');
    }
  });
  return resolveTypeName(stringList(tn.names), typmods, (tn.arrayBounds?.length ?? 0) > 0, catalog);
}

/** The range of values a serial or identity sequence of each integer type may reach. */
export const SEQ_LIMITS: Record<number, [bigint, bigint]> = {
  [KalamDataType.SMALLINT]: [1n, 32767n],
  [KalamDataType.INT]: [1n, 2147483647n],
  [KalamDataType.BIGINT]: [1n, 9223372036854775807n],
};

/** The sequence options an identity column may carry: GENERATED … AS IDENTITY (START 10 MAXVALUE 99). */
interface IdentityOptions {
  start?: bigint;
  increment?: bigint;
  min?: bigint;
  max?: bigint;
}

function sequenceOptions(options: Node[] | undefined): IdentityOptions {
  const out: IdentityOptions = {};
  for (const o of options ?? []) {
    const d = o.DefElem as { defname: string; arg?: Node };
    const arg = d.arg ? bodyOf<{ ival?: number; fval?: string }>(d.arg) : undefined;
    const v = arg ? BigInt(arg.ival ?? arg.fval ?? 0) : undefined;
    if (d.defname === 'start') out.start = v;
    else if (d.defname === 'increment') out.increment = v;
    else if (d.defname === 'minvalue' && v !== undefined) out.min = v;
    else if (d.defname === 'maxvalue' && v !== undefined) out.max = v;
  }
  return out;
}

export function buildColumn(
  schema: SchemaStore,
  namespace: string,
  table: string,
  node: Node,
  ordinal: number,
  /** Where the column's type name is looked up when it is not built in (the session's enums). */
  catalog?: CatalogNames,
): BuiltColumn {
  const def = node as {
    colname: string;
    typeName: TypeNameNode;
    constraints?: Node[];
    is_not_null?: boolean;
    collClause?: unknown;
  };
  const { type, serial } = resolveColumnType(def.typeName, catalog);
  rejectPseudoType(def.colname, type);
  checkStorableType(type);
  let nullable = !def.is_not_null;
  let inlinePrimaryKey = false;
  let dflt: ColumnDefault = { kind: 'none' };
  let identity: 'ALWAYS' | 'BY DEFAULT' | undefined;
  let seqOpts: IdentityOptions = {};
  const constraints: ConstraintSpec[] = [];
  for (const c of def.constraints ?? []) {
    const con = c.Constraint as { contype: string; raw_expr?: Node; generated_when?: string; options?: Node[] };
    switch (con.contype) {
      case 'CONSTR_NOTNULL':
        nullable = false;
        break;
      case 'CONSTR_NULL':
        nullable = true;
        break;
      case 'CONSTR_PRIMARY':
        inlinePrimaryKey = true;
        nullable = false;
        constraints.push({ node: con as ConstraintNode, column: def.colname });
        break;
      case 'CONSTR_UNIQUE':
      case 'CONSTR_CHECK':
      case 'CONSTR_FOREIGN':
        constraints.push({ node: con as ConstraintNode, column: def.colname });
        break;
      // Written after the clause they qualify: the grammar leaves them as separate items.
      case 'CONSTR_ATTR_DEFERRABLE':
      case 'CONSTR_ATTR_DEFERRED': {
        const last = constraints[constraints.length - 1];
        if (last) {
          const deferred = con.contype === 'CONSTR_ATTR_DEFERRED' || !!last.node.initdeferred;
          constraints[constraints.length - 1] = { ...last, node: { ...last.node, deferrable: true, initdeferred: deferred } };
        }
        break;
      }
      case 'CONSTR_ATTR_NOT_DEFERRABLE':
      case 'CONSTR_ATTR_IMMEDIATE':
        break;
      case 'CONSTR_DEFAULT':
        dflt = { kind: 'expression', ast: con.raw_expr!, text: defaultExprText(con.raw_expr!, type) };
        break;
      case 'CONSTR_IDENTITY':
        identity = con.generated_when === 'a' ? 'ALWAYS' : 'BY DEFAULT';
        seqOpts = sequenceOptions(con.options);
        nullable = false;
        break;
      default:
        throw Errors.featureNotSupported(
          `${con.contype.replace('CONSTR_', '').replace('_', ' ')} constraints are not supported yet`,
          'Only PRIMARY KEY, UNIQUE, CHECK, REFERENCES, NOT NULL and DEFAULT constraints are supported.',
        );
    }
  }
  let sequence: SequenceDefinition | undefined;
  if (serial || identity) {
    if (serial && identity) throw Errors.syntax(`both default and identity specified for column "${def.colname}"`);
    if (dflt.kind !== 'none') {
      throw Errors.syntax(`multiple default values specified for column "${def.colname}" of table "${table}"`);
    }
    const limits = SEQ_LIMITS[type.kalam];
    if (!limits) throw new SqlError('22023', 'identity column type must be smallint, integer, or bigint'); // sequence.c's code
    const increment = seqOpts.increment ?? 1n;
    for (const [word, v] of [['MAXVALUE', seqOpts.max], ['MINVALUE', seqOpts.min]] as const) {
      if (v !== undefined && (v > limits[1] || v < -limits[1] - 1n)) {
        throw new SqlError('22023', `${word} (${v}) is out of range for sequence data type ${formatType(type.oid, -1)}`);
      }
    }
    const seqName = uniqueSequenceName(schema, namespace, `${table}_${def.colname}_seq`);
    sequence = {
      id: schema.allocateTableId(),
      oid: schema.allocateOid(),
      namespace,
      name: seqName,
      start: seqOpts.start ?? (increment > 0n ? seqOpts.min ?? limits[0] : seqOpts.max ?? -1n),
      increment,
      min: seqOpts.min ?? (increment > 0n ? limits[0] : -limits[1] - 1n),
      max: seqOpts.max ?? (increment > 0n ? limits[1] : -1n),
      ownedBy: `${namespace}.${table}.${def.colname}`,
    };
    dflt = { kind: 'sequence', sequence: namespace === 'public' ? seqName : `${namespace}.${seqName}` };
    nullable = false;
  }
  return {
    column: { name: def.colname, ordinal, type, nullable, primaryKey: inlinePrimaryKey, default: dflt, identity },
    sequence,
    inlinePrimaryKey,
    constraints,
  };
}

function uniqueSequenceName(schema: SchemaStore, namespace: string, base: string): string {
  let name = base.slice(0, 63);
  for (let i = 1; schema.sequence(namespace, name) || schema.relationExists(namespace, name); i++) name = `${base.slice(0, 60)}${i}`;
  return name;
}

export function isColumnDef(n: Node): boolean {
  return kindOf(n) === 'ColumnDef';
}
