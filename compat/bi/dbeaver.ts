/**
 * DBeaver's PostgreSQL plugin (through pgjdbc, so always the extended protocol): what it sends on
 * connect and when the navigator opens a schema and a table. Texts from dbeaver/dbeaver
 * plugins/org.jkiss.dbeaver.ext.postgresql/src/org/jkiss/dbeaver/ext/postgresql/model/, with
 * `?` written as `$n`; the later start-up probes as DBeaver 25.1.5 sent them, captured on the
 * wire in datafusion-contrib/datafusion-postgres datafusion-postgres/tests/dbeaver.rs.
 */
import type { ReplayQuery } from './replay-query.js';

const MODEL = 'dbeaver/dbeaver plugins/org.jkiss.dbeaver.ext.postgresql/src/org/jkiss/dbeaver/ext/postgresql/model';
const CAPTURED = 'datafusion-contrib/datafusion-postgres datafusion-postgres/tests/dbeaver.rs (DBeaver 25.1.5 on the wire)';

/** TableCache's lookup: every relation of a schema, or (with `AND relname=?`) one of them. */
function tableLookup(byName: string): string {
  return (
    'SELECT c.oid,c.*,d.description,(select array_agg(i.inhparent) from pg_catalog.pg_inherits i where i.inhrelid = c.oid) parents\n' +
    'FROM pg_catalog.pg_class c\n' +
    'LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=c.oid AND d.objsubid=0\n' +
    `WHERE c.relnamespace=$1 AND c.relkind not in ('i','c')${byName}`
  );
}

export const DBEAVER: readonly ReplayQuery[] = [
  {
    tool: 'DBeaver', step: 'connect: default objects', protocol: 'extended',
    source: `${MODEL}/PostgreDataSource.java determineDefaultObjects`,
    sql: 'SELECT current_database(), current_schema(),session_user',
  },
  {
    tool: 'DBeaver', step: 'connect: search path', protocol: 'extended',
    source: `${MODEL}/PostgreDataSource.java determineDefaultObjects`,
    sql: 'SHOW search_path',
  },
  {
    tool: 'DBeaver', step: 'connect: active schema', protocol: 'extended',
    source: `${MODEL}/PostgreDataSource.java initializeContextState`,
    sql: 'SELECT current_schema()',
  },
  {
    tool: 'DBeaver', step: 'connect: the database', protocol: 'extended',
    source: `${MODEL}/PostgreDataSource.java DatabaseCache`,
    sql: 'SELECT db.oid,db.*\nFROM pg_catalog.pg_database db WHERE NOT datistemplate AND datallowconn\nAND db.datname=$1',
    params: ['postgres'],
  },
  {
    tool: 'DBeaver', step: 'navigator: schemas', protocol: 'extended',
    source: `${MODEL}/PostgreDatabase.java SchemaCache`,
    sql:
      "SELECT n.oid,n.*,d.description FROM pg_catalog.pg_namespace n\n" +
      "LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=n.oid AND d.objsubid=0 AND d.classoid='pg_namespace'::regclass\n" +
      ' ORDER BY nspname',
  },
  {
    tool: 'DBeaver', step: 'connect: array type of a result column', protocol: 'extended',
    source: CAPTURED,
    sql: 'SELECT n.nspname = ANY(current_schemas(true)), n.nspname, t.typname FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON t.typnamespace = n.oid WHERE t.oid = 1034',
  },
  { tool: 'DBeaver', step: 'connect: server version', protocol: 'extended', source: CAPTURED, sql: 'SELECT version()' },
  { tool: 'DBeaver', step: 'connect: pg_enum probe', protocol: 'extended', source: CAPTURED, sql: 'SELECT * FROM pg_catalog.pg_enum WHERE 1<>1 LIMIT 1' },
  { tool: 'DBeaver', step: 'connect: reltype probe', protocol: 'extended', source: CAPTURED, sql: 'SELECT reltype FROM pg_catalog.pg_class WHERE 1<>1 LIMIT 1' },
  ...['standard_conforming_strings', 'search_path'].map(
    (name): ReplayQuery => ({
      tool: 'DBeaver', step: `setting ${name}`, protocol: 'extended',
      source: `${MODEL}/PostgreDataSource.java SettingCache.prepareLookupStatement`,
      sql: 'select * from pg_catalog.pg_settings where name=$1',
      params: [name],
    }),
  ),
  {
    tool: 'DBeaver', step: 'connect: data types of pg_catalog', protocol: 'extended',
    source: `${MODEL}/PostgreDataTypeCache.java prepareObjectsStatement`,
    sql:
      'SELECT t.oid,t.*,c.relkind,format_type(nullif(t.typbasetype, 0), t.typtypmod) as base_type_name, d.description\n' +
      'FROM pg_catalog.pg_type t\n' +
      'LEFT OUTER JOIN pg_catalog.pg_type et ON et.oid=t.typelem \n' +
      'LEFT OUTER JOIN pg_catalog.pg_class c ON c.oid=t.typrelid\n' +
      'LEFT OUTER JOIN pg_catalog.pg_description d ON t.oid=d.objoid\n' +
      'WHERE t.typname IS NOT NULL\n' +
      "AND (c.relkind IS NULL OR c.relkind = 'c') AND (et.typcategory IS NULL OR et.typcategory <> 'C')\n" +
      'AND t.typnamespace=$1 ',
    params: [11],
    unordered: true,
  },
  ...['int4', 'varchar', 'authors', '_authors'].map(
    (name): ReplayQuery => ({
      tool: 'DBeaver', step: `resolve data type ${name}`, protocol: 'extended',
      source: `${MODEL}/PostgreDataTypeCache.java resolveDataType(name)`,
      sql:
        'SELECT t.oid,t.*,format_type(nullif(t.typbasetype, 0), t.typtypmod) as base_type_name FROM pg_catalog.pg_type t\n' +
        'LEFT OUTER JOIN pg_class c ON c.oid=t.typrelid\n' +
        'WHERE t.typname=$1 ',
      params: [name],
    }),
  ),
  {
    tool: 'DBeaver', step: 'navigator: tables of public', protocol: 'extended', unordered: true,
    source: `${MODEL}/PostgreSchema.java TableCache.prepareLookupStatement`,
    sql: tableLookup(''),
    params: [2200],
  },
  {
    tool: 'DBeaver', step: 'navigator: one table by name', protocol: 'extended',
    source: `${MODEL}/PostgreSchema.java TableCache.prepareLookupStatement`,
    sql: tableLookup(' AND relname=$2'),
    params: [2200, 'books'],
  },
  {
    tool: 'DBeaver', step: 'navigator: columns of public', protocol: 'extended', unordered: true,
    source: `${MODEL}/PostgreSchema.java TableCache.prepareChildrenStatement`,
    sql:
      'SELECT c.relname,a.*,pg_catalog.pg_get_expr(ad.adbin, ad.adrelid, true) as def_value,dsc.description\n' +
      'FROM pg_catalog.pg_attribute a\n' +
      'INNER JOIN pg_catalog.pg_class c ON (a.attrelid=c.oid)\n' +
      'LEFT OUTER JOIN pg_catalog.pg_attrdef ad ON (a.attrelid=ad.adrelid AND a.attnum = ad.adnum)\n' +
      'LEFT OUTER JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND a.attnum = dsc.objsubid)\n' +
      "WHERE NOT a.attisdropped AND c.relnamespace=$1 AND c.relkind not in ('i','c')  ORDER BY a.attnum",
    params: [2200],
  },
  {
    tool: 'DBeaver', step: 'table: constraints', protocol: 'extended', unordered: true,
    source: `${MODEL}/PostgreSchema.java ConstraintCache.prepareObjectsStatement`,
    sql:
      'SELECT c.oid,c.*,t.relname as tabrelname,rt.relnamespace as refnamespace\n' +
      'FROM pg_catalog.pg_constraint c\n' +
      'INNER JOIN pg_catalog.pg_class t ON t.oid=c.conrelid\n' +
      'LEFT OUTER JOIN pg_catalog.pg_class rt ON rt.oid=c.confrelid\n' +
      'WHERE c.conrelid=$1\n' +
      'ORDER BY c.oid',
    params: [{ oid: 'books' }],
  },
  {
    tool: 'DBeaver', step: 'schema: indexes', protocol: 'extended',
    source: `${MODEL}/PostgreSchema.java IndexCache.prepareObjectsStatement`,
    sql:
      'SELECT i.*,i.indkey as keys,c.relname,c.relnamespace,c.relam,tc.relname as tabrelname,dsc.description' +
      ',pg_catalog.pg_get_expr(i.indexprs, i.indrelid, true) as expr' +
      '\nFROM pg_catalog.pg_index i' +
      '\nINNER JOIN pg_catalog.pg_class c ON c.oid=i.indexrelid' +
      '\nINNER JOIN pg_catalog.pg_class tc ON tc.oid=i.indrelid' +
      '\nLEFT OUTER JOIN pg_catalog.pg_description dsc ON i.indexrelid=dsc.objoid' +
      '\nWHERE  c.relnamespace=$1 ORDER BY c.relname',
    params: [2200],
  },
  {
    tool: 'DBeaver', step: 'schema: functions', protocol: 'extended',
    source: `${MODEL}/PostgreSchema.java ProceduresCache.prepareLookupStatement`,
    sql:
      'SELECT p.oid,p.*,d.description\n' +
      'FROM pg_catalog.pg_proc p\n' +
      'LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=p.oid\n' +
      'WHERE p.pronamespace=$1\n' +
      'ORDER BY p.proname',
    params: [2200],
  },
  {
    tool: 'DBeaver', step: 'schema: collations', protocol: 'extended',
    source: `${MODEL}/PostgreSchema.java CollationCache`,
    sql: 'SELECT c.oid,c.* FROM pg_catalog.pg_collation c \nWHERE c.collnamespace=$1\nORDER BY c.oid',
    params: [2200],
  },
  {
    tool: 'DBeaver', step: 'schema: extensions', protocol: 'extended',
    source: `${MODEL}/PostgreSchema.java ExtensionCache`,
    sql: 'SELECT e.oid,e.* FROM pg_catalog.pg_extension e \nWHERE e.extnamespace=$1\nORDER BY e.oid',
    params: [11],
  },
];
