/** PostgreSQL's format_type(oid, typmod): the type names psql's \d and information_schema print. */
import { PgOid } from './pg-oids.js';
import { pgTypeInfo } from './type-registry.js';
import { charLength, numericPrecisionScale } from './typmod.js';
import { formatIntervalTypmod } from './interval-typmod.js';
import { enumDisplayName, enumType } from './enum-types.js';
import type { CatalogNames } from './catalog-names.js';

const PLAIN: Record<number, string> = {
  [PgOid.BOOL]: 'boolean',
  [PgOid.INT2]: 'smallint',
  [PgOid.INT4]: 'integer',
  [PgOid.INT8]: 'bigint',
  [PgOid.FLOAT4]: 'real',
  [PgOid.FLOAT8]: 'double precision',
  [PgOid.CHAR]: '"char"',
};

/** `catalog`: the session's, to qualify a user's type exactly when its search path does not find it. */
export function formatType(oid: number, typmod: number, catalog?: CatalogNames): string {
  const info = pgTypeInfo(oid);
  if (info === undefined) return '???';
  if (info.elemOid !== 0 && info.category === 'A' && info.name.startsWith('_')) {
    return `${formatType(info.elemOid, typmod, catalog)}[]`;
  }
  const userEnum = enumType(oid);
  if (userEnum !== undefined) return enumDisplayName(userEnum, catalog);
  const plain = PLAIN[oid];
  if (plain !== undefined) return plain;
  switch (oid) {
    case PgOid.BPCHAR: {
      const n = charLength(typmod);
      return n >= 0 ? `character(${n})` : 'bpchar';
    }
    case PgOid.VARCHAR: {
      const n = charLength(typmod);
      return n >= 0 ? `character varying(${n})` : 'character varying';
    }
    case PgOid.NUMERIC: {
      const ps = numericPrecisionScale(typmod);
      return ps ? `numeric(${ps.precision},${ps.scale})` : 'numeric';
    }
    case PgOid.TIMESTAMP:
      return typmod >= 0 ? `timestamp(${typmod}) without time zone` : 'timestamp without time zone';
    case PgOid.TIMESTAMPTZ:
      return typmod >= 0 ? `timestamp(${typmod}) with time zone` : 'timestamp with time zone';
    case PgOid.TIME:
      return typmod >= 0 ? `time(${typmod}) without time zone` : 'time without time zone';
    case PgOid.INTERVAL:
      return `interval${formatIntervalTypmod(typmod)}`;
    case PgOid.VECTOR:
      return typmod >= 0 ? `vector(${typmod})` : 'vector';
    default:
      return info.name;
  }
}
