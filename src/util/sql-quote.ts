/**
 * Quoting identifiers and literals the way PostgreSQL's quote_identifier and quote_literal do:
 * an identifier stays bare only if it is lower-case letters, digits and underscores, starts with
 * a letter or underscore, and is not a keyword that needs quoting (every category but unreserved);
 * a literal with a backslash gets the E'' form.
 */

/** PostgreSQL 15's reserved, column-name and type/function-name keywords (pg_get_keywords()). */
const QUOTED_KEYWORDS = new Set([
  'all analyse analyze and any array as asc asymmetric authorization between bigint binary bit',
  'boolean both case cast char character check coalesce collate collation column concurrently',
  'constraint create cross current_catalog current_date current_role current_schema current_time',
  'current_timestamp current_user dec decimal default deferrable desc distinct do else end except',
  'exists extract false fetch float for foreign freeze from full grant greatest group grouping',
  'having ilike in initially inner inout int integer intersect interval into is isnull join',
  'lateral leading least left like limit localtime localtimestamp national natural nchar none',
  'normalize not notnull null nullif numeric offset on only or order out outer overlaps overlay',
  'placing position precision primary real references returning right row select session_user',
  'setof similar smallint some substring symmetric table tablesample then time timestamp to',
  'trailing treat trim true union unique user using values varchar variadic verbose when where',
  'window with xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi',
  'xmlroot xmlserialize xmltable',
].join(' ').split(' '));

export function quoteIdentifier(name: string): string {
  if (/^[a-z_][a-z0-9_]*$/.test(name) && !QUOTED_KEYWORDS.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(text: string): string {
  const body = text.replace(/'/g, "''");
  return text.includes('\\') ? `E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
}
