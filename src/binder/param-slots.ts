/** Types of $1..$n for one statement: declared by the client (Parse), else inferred while binding. */
import { Errors } from '../errors/sql-error.js';
import type { ColumnType } from '../types/kalam-type.js';
import { typeOfOid, columnType } from '../types/type-registry.js';
import { KalamDataType } from '../types/kalam-type.js';
import type { ParamSlots } from './expr/bound-expr.js';

export class StatementParams implements ParamSlots {
  private readonly types: (ColumnType | undefined)[] = [];

  constructor(declaredOids: readonly number[]) {
    declaredOids.forEach((oid, i) => {
      if (oid !== 0) this.types[i] = typeOfOid(oid);
    });
  }

  get(index: number): ColumnType | undefined {
    return this.types[index];
  }

  infer(index: number, type: ColumnType): void {
    if (this.types[index] === undefined) this.types[index] = type;
  }

  /** Every parameter's final type; unresolved ones become text, as PostgreSQL does for `SELECT $1`. */
  resolve(count: number): ColumnType[] {
    const n = Math.max(count, this.types.length);
    const out: ColumnType[] = [];
    for (let i = 0; i < n; i++) out.push(this.types[i] ?? columnType(KalamDataType.TEXT));
    return out;
  }

  static tooMany(n: number): never {
    throw Errors.protocolViolation(`bind message supplies ${n} parameters, but prepared statement requires fewer`);
  }
}
