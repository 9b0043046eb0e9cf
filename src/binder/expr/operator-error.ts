/** PostgreSQL's reports for operators and functions that do not resolve. */
import { SqlError } from '../../errors/sql-error.js';
import type { ColumnType } from '../../types/kalam-type.js';
import { typeDisplay } from './expr-types.js';

export function noOperator(op: string, left: ColumnType | null, right: ColumnType, position?: number): SqlError {
  if (left === null) {
    return new SqlError('42883', `operator does not exist: ${op} ${typeDisplay(right)}`, {
      position, hint: 'No operator matches the given name and argument type. You might need to add an explicit type cast.',
    });
  }
  return new SqlError('42883', `operator does not exist: ${typeDisplay(left)} ${op} ${typeDisplay(right)}`, {
    position, hint: 'No operator matches the given name and argument types. You might need to add explicit type casts.',
  });
}

export function ambiguousOperator(op: string, left: ColumnType, right: ColumnType, position?: number): SqlError {
  return new SqlError('42725', `operator is not unique: ${typeDisplay(left)} ${op} ${typeDisplay(right)}`, {
    position, hint: 'Could not choose a best candidate operator. You might need to add explicit type casts.',
  });
}

export function noFunction(name: string, args: readonly ColumnType[], position?: number): SqlError {
  return new SqlError('42883', `function ${name}(${args.map(typeDisplay).join(', ')}) does not exist`, {
    position, hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
  });
}
