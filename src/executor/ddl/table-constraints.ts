/**
 * Constraint clauses → the ConstraintDefinitions and IndexDefinitions a table records
 * (table-definition.ts), with PostgreSQL's names, checks and errors. Used by CREATE TABLE (column
 * and table constraints), ALTER TABLE … ADD CONSTRAINT and CREATE INDEX.
 *
 * PostgreSQL's order, which decides the numbered names: CHECKs first, then the primary key and
 * UNIQUE indexes, then FOREIGN KEYs — each group in the order written.
 */
import { requirePrivilege, tableObject } from '../privileges/privilege-check.js';
import type {
  ColumnDefinition, ConstraintDefinition, IndexDefinition, ReferentialAction, TableDefinition, VectorIndexOptions,
} from '../../catalog/table-definition.js';
import { chooseName, columnsPart } from '../../catalog/constraint-names.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import { bodyOf, stringList, type Node } from '../../binder/ast.js';
import { bindCheckExpr, checkColumnNames, checkScope } from '../../binder/bind-check.js';
import { deparseCheck } from '../../binder/deparse-check.js';
import { resolveUserTable, type RangeVarNode } from '../../binder/resolve-relation.js';
import { KalamDataType } from '../../types/kalam-type.js';
import { formatType } from '../../types/format-type.js';
import type { SessionContext } from '../session-context.js';

export interface ConstraintNode {
  contype: string;
  conname?: string;
  keys?: Node[];
  raw_expr?: Node;
  pktable?: RangeVarNode;
  pk_attrs?: Node[];
  fk_attrs?: Node[];
  fk_matchtype?: string;
  fk_upd_action?: string;
  fk_del_action?: string;
  deferrable?: boolean;
  initdeferred?: boolean;
  skip_validation?: boolean;
  location?: number;
}

/** One constraint clause; `column` when written on a column (its implied key). */
export interface ConstraintSpec {
  readonly node: ConstraintNode;
  readonly column?: string;
}

/** What a table looks like while its constraints are built (a new table has no rows yet). */
export type TableShape = Pick<TableDefinition, 'namespace' | 'name' | 'oid' | 'tableType' | 'columns' | 'primaryKey' | 'indexes' | 'constraints'>;

export interface BuiltObjects {
  readonly constraints: ConstraintDefinition[];
  readonly indexes: IndexDefinition[];
}

/** Types without an order-preserving key encoding cannot be keys (keycode.ts). */
export function assertKeyable(col: ColumnDefinition, what: string): void {
  const t = col.type;
  if (t.oid === 16389 || t.kalam === KalamDataType.JSON || t.oid === 1186 || t.kalam === KalamDataType.ARRAY) {
    const shown = t.kalam === KalamDataType.JSON ? 'json' : formatType(t.oid, -1);
    throw Errors.featureNotSupported(`${what} cannot be of type ${shown}`);
  }
}

const ACTIONS = new Set(['a', 'r', 'c', 'n', 'd']);

export class ConstraintBuilder {
  readonly constraints: ConstraintDefinition[];
  readonly indexes: IndexDefinition[];
  /** Names chosen by this statement, not yet in the schema store. */
  private readonly newRelations = new Set<string>();
  private readonly newConstraints = new Set<string>();

  constructor(private readonly ctx: SessionContext, private readonly table: TableShape) {
    this.constraints = [...(table.constraints ?? [])];
    this.indexes = [...(table.indexes ?? [])];
  }

  get built(): BuiltObjects {
    return { constraints: this.constraints, indexes: this.indexes };
  }

  /** Every clause, in PostgreSQL's order. */
  addAll(specs: readonly ConstraintSpec[]): this {
    for (const s of specs) if (s.node.contype === 'CONSTR_CHECK') this.addCheck(s);
    for (const s of specs) if (s.node.contype === 'CONSTR_PRIMARY' || s.node.contype === 'CONSTR_UNIQUE') this.addKey(s);
    for (const s of specs) if (s.node.contype === 'CONSTR_FOREIGN') this.addForeignKey(s);
    for (const s of specs) {
      if (!['CONSTR_CHECK', 'CONSTR_PRIMARY', 'CONSTR_UNIQUE', 'CONSTR_FOREIGN'].includes(s.node.contype)) {
        throw Errors.featureNotSupported(`${s.node.contype.replace('CONSTR_', '')} constraints are not supported yet`);
      }
    }
    return this;
  }

  private relationTaken = (name: string): boolean =>
    this.newRelations.has(name) || this.ctx.db.schema.relationExists(this.table.namespace, name) || name === this.table.name;

  private constraintTaken = (name: string): boolean =>
    this.newConstraints.has(name) || this.constraints.some((c) => c.name === name) || this.ctx.db.schema.constraintExists(this.table.namespace, name);

  private column(name: string, message: (n: string) => SqlError): ColumnDefinition {
    const c = this.table.columns.find((x) => x.name === name);
    if (!c) throw message(name);
    return c;
  }

  private claimConstraintName(explicit: string | undefined, choose: () => string): string {
    if (explicit !== undefined) {
      if (this.constraints.some((c) => c.name === explicit) || this.newConstraints.has(explicit)) {
        throw Errors.duplicateObject(`constraint "${explicit}" for relation "${this.table.name}" already exists`);
      }
      this.newConstraints.add(explicit);
      return explicit;
    }
    const name = choose();
    this.newConstraints.add(name);
    return name;
  }

  private common(node: ConstraintNode): Pick<ConstraintDefinition, 'deferrable' | 'initiallyDeferred' | 'validated'> {
    return { deferrable: !!node.deferrable, initiallyDeferred: !!node.initdeferred, validated: true };
  }

  addCheck(spec: ConstraintSpec): ConstraintDefinition {
    const { node } = spec;
    const ast = node.raw_expr!;
    bindCheckExpr(ast, this.table);
    const names = checkColumnNames(ast);
    const cols = names.map((n) => this.table.columns.find((c) => c.name === n)).filter((c): c is ColumnDefinition => !!c);
    const name2 = spec.column ?? (cols.length === 1 ? cols[0]!.name : null);
    const name = this.claimConstraintName(node.conname, () => chooseName(this.table.name, name2, 'check', this.constraintTaken));
    const def: ConstraintDefinition = {
      oid: this.ctx.db.schema.allocateOid(),
      name,
      kind: 'c',
      columns: cols.map((c) => c.ordinal),
      check: { ast, text: deparseCheck(ast, checkScope(this.table)) },
      ...this.common(node),
    };
    this.constraints.push(def);
    return def;
  }

  /** PRIMARY KEY (its ordinals are already the table's) or UNIQUE: a constraint and its index. */
  addKey(spec: ConstraintSpec): { constraint: ConstraintDefinition; index: IndexDefinition } {
    const { node } = spec;
    const primary = node.contype === 'CONSTR_PRIMARY';
    if (node.deferrable) throw Errors.featureNotSupported('DEFERRABLE unique and primary key constraints are not supported yet');
    const names = spec.column !== undefined ? [spec.column] : stringList(node.keys);
    const cols = names.map((n) => this.column(n, (x) => new SqlError('42703', `column "${x}" named in key does not exist`)));
    cols.forEach((c, i) => {
      if (cols.indexOf(c) !== i) {
        throw Errors.duplicateColumn(`column "${c.name}" appears twice in ${primary ? 'primary key' : 'unique'} constraint`);
      }
      assertKeyable(c, primary ? 'a primary key' : 'a unique constraint');
    });
    const label = primary ? 'pkey' : 'key';
    const name = node.conname ?? chooseName(this.table.name, primary ? null : columnsPart(names), label, (n) => this.relationTaken(n) || this.constraintTaken(n));
    if (node.conname !== undefined && this.relationTaken(name)) throw Errors.duplicateTable(name);
    this.claimConstraintName(node.conname, () => name);
    this.newRelations.add(name);
    const index: IndexDefinition = {
      oid: this.ctx.db.schema.allocateOid(),
      name,
      columns: cols.map((c) => c.ordinal),
      descending: cols.map(() => false),
      nullsFirst: cols.map(() => false),
      unique: true,
      primary,
      storageId: primary ? 0 : this.ctx.db.schema.allocateTableId(),
    };
    const constraint: ConstraintDefinition = {
      oid: this.ctx.db.schema.allocateOid(),
      name,
      kind: primary ? 'p' : 'u',
      columns: index.columns,
      indexOid: index.oid,
      ...this.common(node),
    };
    this.indexes.push(index);
    this.constraints.push(constraint);
    return { constraint, index };
  }

  /** CREATE INDEX: an index of its own (no constraint). */
  addIndex(name: string | undefined, keys: readonly { column: string; descending: boolean; nullsFirst: boolean }[], unique: boolean): IndexDefinition {
    const cols = keys.map((k) => this.column(k.column, (x) => Errors.undefinedColumn(x)));
    cols.forEach((c) => assertKeyable(c, 'an index key'));
    const chosen = name ?? chooseName(this.table.name, columnsPart(keys.map((k) => k.column)), 'idx', this.relationTaken);
    this.newRelations.add(chosen);
    const index: IndexDefinition = {
      oid: this.ctx.db.schema.allocateOid(),
      name: chosen,
      columns: cols.map((c) => c.ordinal),
      descending: keys.map((k) => k.descending),
      nullsFirst: keys.map((k) => k.nullsFirst),
      unique,
      primary: false,
      storageId: this.ctx.db.schema.allocateTableId(),
    };
    this.indexes.push(index);
    return index;
  }

  /** CREATE INDEX … USING hnsw: a vector index on one column (src/vector), no entries of its own. */
  addVectorIndex(name: string | undefined, column: string, vector: VectorIndexOptions): IndexDefinition {
    const col = this.column(column, (x) => Errors.undefinedColumn(x));
    const chosen = name ?? chooseName(this.table.name, columnsPart([column]), 'idx', this.relationTaken);
    this.newRelations.add(chosen);
    const index: IndexDefinition = {
      oid: this.ctx.db.schema.allocateOid(),
      name: chosen,
      columns: [col.ordinal],
      descending: [false],
      nullsFirst: [false],
      unique: false,
      primary: false,
      // Never written: b-tree code that clears an index's key range finds this one empty.
      storageId: this.ctx.db.schema.allocateTableId(),
      method: 'hnsw',
      vector,
    };
    this.indexes.push(index);
    return index;
  }

  addForeignKey(spec: ConstraintSpec): ConstraintDefinition {
    const { node } = spec;
    if (node.deferrable && node.initdeferred) {
      throw Errors.featureNotSupported('DEFERRABLE INITIALLY DEFERRED foreign keys are not supported yet',
        'Declare the constraint NOT DEFERRABLE or DEFERRABLE INITIALLY IMMEDIATE.');
    }
    if (node.fk_matchtype === 'p') throw Errors.featureNotSupported('MATCH PARTIAL not yet implemented');
    const pk = node.pktable!;
    const self = pk.relname === this.table.name && (pk.schemaname ?? this.table.namespace) === this.table.namespace;
    const parent: TableShape = self
      ? { ...this.table, indexes: this.indexes, constraints: this.constraints }
      : resolveUserTable(this.ctx, pk, undefined, () => new SqlError('42809', `referenced relation "${pk.relname}" is not a table`));
    // REFERENCES on the referenced table (PostgreSQL asks it of both; the new table is its owner's).
    if (!self) requirePrivilege(this.ctx, tableObject(parent as TableDefinition), 'x');
    // A STREAM row disappears when its TTL passes, with no ON DELETE action: the reference would dangle.
    if (parent.tableType === 'STREAM') {
      throw Errors.featureNotSupported(`a foreign key cannot reference STREAM table "${parent.name}": its rows expire`);
    }
    const childNames = spec.column !== undefined ? [spec.column] : stringList(node.fk_attrs);
    const missing = (x: string) => new SqlError('42703', `column "${x}" referenced in foreign key constraint does not exist`);
    const childCols = childNames.map((n) => this.column(n, missing));
    let parentOrdinals: number[];
    let indexOid: number;
    const parentIndexes = parent.indexes ?? [];
    if (!node.pk_attrs?.length) {
      const pkIndex = parentIndexes.find((i) => i.primary);
      if (parent.primaryKey.length === 0 || !pkIndex) {
        throw new SqlError('42830', `there is no primary key for referenced table "${parent.name}"`);
      }
      parentOrdinals = [...parent.primaryKey];
      indexOid = pkIndex.oid;
    } else {
      parentOrdinals = stringList(node.pk_attrs).map((n) => {
        const c = parent.columns.find((x) => x.name === n);
        if (!c) throw missing(n);
        return c.ordinal;
      });
      const match = parentIndexes.find((i) => i.unique && i.columns.length === parentOrdinals.length && i.columns.every((o) => parentOrdinals.includes(o)));
      if (!match || new Set(parentOrdinals).size !== parentOrdinals.length) {
        throw new SqlError('42830', `there is no unique constraint matching given keys for referenced table "${parent.name}"`);
      }
      indexOid = match.oid;
    }
    if (parentOrdinals.length !== childCols.length) {
      throw new SqlError('42830', 'number of referencing and referenced columns for foreign key disagree');
    }
    const name = this.claimConstraintName(node.conname, () => chooseName(this.table.name, columnsPart(childNames), 'fkey', this.constraintTaken));
    childCols.forEach((c, i) => {
      const p = parent.columns.find((x) => x.ordinal === parentOrdinals[i])!;
      if (!compatibleKeyTypes(c.type.kalam, p.type.kalam)) {
        throw new SqlError('42804', `foreign key constraint "${name}" cannot be implemented`, {
          detail: `Key columns "${c.name}" and "${p.name}" are of incompatible types: ${formatType(c.type.oid, -1)} and ${formatType(p.type.oid, -1)}.`,
        });
      }
    });
    const action = (a: string | undefined): ReferentialAction => (a && ACTIONS.has(a) ? (a as ReferentialAction) : 'a');
    const def: ConstraintDefinition = {
      oid: this.ctx.db.schema.allocateOid(),
      name,
      kind: 'f',
      columns: childCols.map((c) => c.ordinal),
      indexOid,
      references: {
        tableOid: parent.oid,
        columns: parentOrdinals,
        onUpdate: action(node.fk_upd_action),
        onDelete: action(node.fk_del_action),
        match: node.fk_matchtype === 'f' ? 'f' : 's',
      },
      ...this.common(node),
    };
    this.constraints.push(def);
    return def;
  }
}

const INTEGERS = new Set([KalamDataType.SMALLINT, KalamDataType.INT, KalamDataType.BIGINT]);

/** Same key type, or integers of different widths (their values convert exactly). */
export function compatibleKeyTypes(a: KalamDataType, b: KalamDataType): boolean {
  return a === b || (INTEGERS.has(a) && INTEGERS.has(b));
}

/** Constraint bodies from a list of Constraint nodes (column or table level). */
export function constraintSpecs(nodes: readonly Node[] | undefined, column?: string): ConstraintSpec[] {
  return (nodes ?? []).map((n) => ({ node: bodyOf<ConstraintNode>(n), column }));
}
