// What DBeaver, Metabase and other JDBC tools ask first: DatabaseMetaData over a schema with a
// serial primary key, a unique column, a foreign key with ON DELETE CASCADE, a CHECK, indexes and
// a view. Prints every row of every result set, so two servers can be compared line by line.
import java.sql.*;

public class Metadata {
  interface Query { ResultSet run() throws SQLException; }

  /** One section; a failing call prints its SQLSTATE so the other sections are still compared. */
  static void section(String title, Query q) {
    try {
      print(title, q.run());
    } catch (SQLException e) {
      System.out.println("== " + title);
      System.out.println("error " + e.getSQLState());
    }
  }

  static void print(String title, ResultSet rs, String... skip) throws SQLException {
    System.out.println("== " + title);
    ResultSetMetaData md = rs.getMetaData();
    StringBuilder head = new StringBuilder();
    for (int i = 1; i <= md.getColumnCount(); i++) head.append(md.getColumnLabel(i)).append('|');
    System.out.println(head);
    int n = 0;
    while (rs.next()) {
      StringBuilder row = new StringBuilder();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        String label = md.getColumnLabel(i);
        boolean skipped = false;
        for (String s : skip) if (s.equalsIgnoreCase(label)) skipped = true;
        row.append(skipped ? "<skipped>" : String.valueOf(rs.getString(i))).append('|');
      }
      System.out.println(row);
      n++;
    }
    System.out.println("(" + n + " rows)");
    rs.close();
  }

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA meta");
        s.execute("CREATE TABLE meta.authors (id serial PRIMARY KEY, email varchar(100) UNIQUE NOT NULL, name text DEFAULT 'anon')");
        s.execute("CREATE TABLE meta.books (id bigserial PRIMARY KEY, author_id int REFERENCES meta.authors(id) ON DELETE CASCADE, "
          + "title varchar(200) NOT NULL, price numeric(10,2) CHECK (price >= 0), created timestamptz DEFAULT now())");
        s.execute("CREATE INDEX books_title_idx ON meta.books (title)");
        s.execute("CREATE VIEW meta.cheap AS SELECT id, title FROM meta.books WHERE price < 10");
        s.execute("COMMENT ON TABLE meta.books IS 'All the books'");
      }
      DatabaseMetaData md = c.getMetaData();
      System.out.println("product: " + md.getDatabaseProductName() + " " + md.getDatabaseMajorVersion());
      section("getSchemas", () -> md.getSchemas(null, "meta%"));
      section("getCatalogs", () -> md.getCatalogs());
      section("getTableTypes", () -> md.getTableTypes());
      section("getTables", () -> md.getTables(null, "meta", "%", null));
      section("getColumns", () -> md.getColumns(null, "meta", "%", "%"));
      section("getPrimaryKeys", () -> md.getPrimaryKeys(null, "meta", "books"));
      section("getImportedKeys", () -> md.getImportedKeys(null, "meta", "books"));
      section("getExportedKeys", () -> md.getExportedKeys(null, "meta", "authors"));
      section("getIndexInfo", () -> md.getIndexInfo(null, "meta", "books", false, false));
      section("getIndexInfo unique", () -> md.getIndexInfo(null, "meta", "authors", true, false));
      section("getFunctions", () -> md.getFunctions(null, "meta", "%"));
      section("getProcedures", () -> md.getProcedures(null, "meta", "%"));
      section("getTables TABLE, VIEW", () -> md.getTables(null, "meta", "%", new String[] {"TABLE", "VIEW"}));
      section("getCrossReference", () -> md.getCrossReference(null, "meta", "authors", null, "meta", "books"));
      section("getBestRowIdentifier", () -> md.getBestRowIdentifier(null, "meta", "books", DatabaseMetaData.bestRowSession, true));
      section("getVersionColumns", () -> md.getVersionColumns(null, "meta", "books"));
      section("getTablePrivileges", () -> md.getTablePrivileges(null, "meta", "books"));
      section("getColumnPrivileges", () -> md.getColumnPrivileges(null, "meta", "books", "%"));
      section("getUDTs", () -> md.getUDTs(null, "meta", "%", null));
      section("getSuperTables", () -> md.getSuperTables(null, "meta", "%"));
      section("getPseudoColumns", () -> md.getPseudoColumns(null, "meta", "%", "%"));
      section("getClientInfoProperties", () -> md.getClientInfoProperties());
      // PostgreSQL lists every type it has (tsvector, box, …); compare the ones applications declare.
      System.out.println("== getTypeInfo (common types)");
      java.util.Set<String> common = new java.util.HashSet<>(java.util.Arrays.asList(
        "bool", "int2", "int4", "int8", "float4", "float8", "numeric", "text", "varchar", "bpchar", "date",
        "timestamp", "timestamptz", "time", "uuid", "json", "jsonb", "bytea", "interval", "_int4", "_text"));
      try (ResultSet rs = md.getTypeInfo()) {
        ResultSetMetaData m = rs.getMetaData();
        while (rs.next()) {
          if (!common.contains(rs.getString("TYPE_NAME"))) continue;
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= m.getColumnCount(); i++) row.append(rs.getString(i)).append('|');
          System.out.println(row);
        }
      }
    }
  }
}
