/**
 * One statement a BI tool sends, as its source code builds it, and how it travels: `simple` is a
 * Query message (psycopg2, Grafana's query editor through the SQL API), `extended` is
 * Parse/Bind/Execute (pgjdbc under DBeaver and Metabase, pgx under Grafana's backend).
 *
 * `{{oid:NAME}}` in the text, or an `{ oid: NAME }` parameter, stands for the OID of the named
 * relation on the server the query is sent to: SQLAlchemy embeds OIDs it read earlier in the
 * text, DBeaver binds them, and user OIDs are necessarily different on the two servers.
 */
export interface ReplayQuery {
  readonly tool: 'DBeaver' | 'Metabase' | 'Grafana' | 'Superset';
  /** What the tool is doing when it sends this. */
  readonly step: string;
  /** Where the text comes from: repository and file. */
  readonly source: string;
  readonly sql: string;
  readonly params?: readonly ReplayParam[];
  readonly protocol: 'simple' | 'extended';
  /**
   * Rows compared as a multiset: the query has no ORDER BY, or orders by something that ties
   * across rows (DBeaver's `ORDER BY a.attnum` over several tables) or by OIDs, whose order
   * necessarily differs.
   */
  readonly unordered?: boolean;
  /**
   * The column naming each row's schema, for queries that list the tables of every schema:
   * rows of kalamdb-pg's own `system` schema (system.users, system.tables, …), which PostgreSQL
   * has no counterpart for, are left out on both sides.
   */
  readonly schemaColumn?: string;
}

export type ReplayParam = string | number | { readonly oid: string };
