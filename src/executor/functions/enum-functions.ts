/**
 * enum_first, enum_last and enum_range (PostgreSQL's enum support functions): the argument's
 * value is ignored except as a bound of enum_range(a, b); its type names the enum.
 *
 *   enum_range(NULL::mood)             → {sad,ok,happy}
 *   enum_range('ok'::mood, NULL)       → {ok,happy}
 *   enum_first(NULL::mood)             → sad
 */
import { Errors, SqlError } from '../../errors/sql-error.js';
import { enumIn, enumType, type EnumTypeInfo } from '../../types/enum-types.js';
import { PgOid } from '../../types/pg-oids.js';
import { formatType } from '../../types/format-type.js';
import { KalamDataType, type ColumnType } from '../../types/kalam-type.js';
import { PgArray } from '../../types/pg-array.js';
import { registerFunction, type FunctionImpl } from './function-registry.js';

/**
 * The enum the arguments are of (anyenum): one enum type, the other arguments of it or untyped
 * (`enum_range(NULL, 'ok'::mood)`, which reach here as text); else 42883 as for any unmatched call.
 */
function enumOf(name: string, types: readonly ColumnType[]): number {
  const oid = types.find((t) => enumType(t.oid) !== undefined)?.oid ?? 0;
  if (oid === 0 || types.some((t) => t.oid !== oid && t.oid !== PgOid.TEXT)) {
    throw Errors.undefinedFunction(`function ${name}(${types.map((t) => formatType(t.oid, -1)).join(', ')}) does not exist`,
      undefined, 'No function matches the given name and argument types. You might need to add explicit type casts.');
  }
  return oid;
}

/** The labels now (ALTER TYPE … ADD VALUE may have added some since the call was bound). */
function labelsOf(oid: number): readonly string[] {
  return (enumType(oid) as EnumTypeInfo).labels.map((l) => l.label);
}

function endLabel(name: string, last: boolean) {
  return {
    params: ['any'] as const, volatility: 'stable' as const, strict: false,
    result: (types: readonly ColumnType[]) => types[0]!,
    build: (types: readonly ColumnType[]): FunctionImpl => {
      const oid = enumOf(name, types);
      return () => {
        const labels = labelsOf(oid);
        if (labels.length === 0) throw new SqlError('55000', `enum ${formatType(oid, -1)} contains no values`);
        return labels[last ? labels.length - 1 : 0]!;
      };
    },
  };
}

registerFunction('enum_first', endLabel('enum_first', false));
registerFunction('enum_last', endLabel('enum_last', true));

function rangeResult(types: readonly ColumnType[]): ColumnType {
  const info = types.map((t) => enumType(t.oid)).find((e) => e !== undefined);
  return { kalam: KalamDataType.ARRAY, oid: info?.arrayOid ?? 0, typmod: -1 };
}

registerFunction('enum_range', {
  params: ['any'], volatility: 'stable', strict: false, result: rangeResult,
  build: (types) => {
    const oid = enumOf('enum_range', types);
    return () => PgArray.of(KalamDataType.TEXT, labelsOf(oid));
  },
}, {
  params: ['any', 'any'], volatility: 'stable', strict: false, result: rangeResult,
  build: (types) => {
    const oid = enumOf('enum_range', types);
    return (args) => {
      const labels = labelsOf(oid);
      const from = args[0] === null ? 0 : labels.indexOf(enumIn(args[0] as string, oid));
      const to = args[1] === null ? labels.length - 1 : labels.indexOf(enumIn(args[1] as string, oid));
      return PgArray.of(KalamDataType.TEXT, from <= to ? labels.slice(from, to + 1) : []);
    };
  },
});
