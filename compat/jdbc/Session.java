// What pgjdbc does under an application's feet: server-prepared statements from the 5th execution
// with binary parameters and results for every common type, cursors (setFetchSize inside a
// transaction: Execute with a row limit, PortalSuspended), batches, generated keys (pgjdbc appends
// RETURNING), savepoints, read-only transactions, CallableStatement, java.time, arrays, query
// timeouts (CancelRequest), JDBC escapes, several results, warnings. Prints every result so two
// servers can be compared line by line.
import java.math.BigDecimal;
import java.sql.*;
import java.time.*;
import java.util.Arrays;
import java.util.Properties;

public class Session {
  interface Step { void run() throws Exception; }

  /** One step; a failure prints its SQLSTATE and message, so the later steps are still compared. */
  static void step(String title, Step s) {
    System.out.println("== " + title);
    try { s.run(); } catch (SQLException e) { System.out.println("error " + e.getSQLState() + " " + e.getMessage()); } catch (Exception e) { System.out.println("exception " + e); }
  }

  static void printRow(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    StringBuilder row = new StringBuilder();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      Object v = rs.getObject(i);
      row.append(v instanceof byte[] ? Arrays.toString((byte[]) v) : String.valueOf(v)).append('|');
    }
    System.out.println(row);
  }

  static void printAll(ResultSet rs) throws SQLException {
    while (rs.next()) printRow(rs);
    rs.close();
  }

  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.setProperty("user", args[1]);
    props.setProperty("password", args[2]);
    props.setProperty("prepareThreshold", "5");
    // Binary for every type below, not only pgjdbc's defaults (numeric, text and bool are off by default).
    props.setProperty("binaryTransferEnable", "INT4,INT8,TEXT,VARCHAR,TIMESTAMPTZ,NUMERIC,BOOL,FLOAT8,BYTEA,DATE");
    try (Connection c = DriverManager.getConnection(args[0], props)) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE js (id serial PRIMARY KEY, i int, b bigint, t text, at timestamptz, n numeric(12,3), f boolean, d float8, raw bytea, day date)");
      }

      // 1. One INSERT and one SELECT run 8 times: from the 5th run pgjdbc uses a named server statement and binary.
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO js (i, b, t, at, n, f, d, raw, day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int k = 1; k <= 8; k++) {
          ins.setInt(1, k * 11);
          ins.setLong(2, 1L << (30 + k));
          ins.setString(3, "row " + k + (k % 3 == 0 ? " ünïcode" : ""));
          ins.setTimestamp(4, Timestamp.valueOf("2024-03-0" + k + " 12:34:56.789"));
          ins.setBigDecimal(5, new BigDecimal(k % 2 == 0 ? "-" + k + ".125" : k + "00.5"));
          ins.setBoolean(6, k % 2 == 0);
          ins.setDouble(7, k / 7.0);
          ins.setBytes(8, new byte[] { (byte) k, 0, (byte) 255, 10 });
          ins.setDate(9, Date.valueOf("2023-1" + (k % 3) + "-2" + k));
          System.out.println("insert " + k + ": " + ins.executeUpdate());
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT id, i, b, t, at, n, f, d, raw, day FROM js WHERE id >= ? AND f = ? ORDER BY id")) {
        for (int round = 0; round < 8; round++) {
          ps.setInt(1, round);
          ps.setBoolean(2, round % 2 == 0);
          try (ResultSet rs = ps.executeQuery()) {
            System.out.println("round " + round);
            while (rs.next()) {
              System.out.println(rs.getInt(1) + "|" + rs.getInt(2) + "|" + rs.getLong(3) + "|" + rs.getString(4) + "|" + rs.getTimestamp(5)
                + "|" + rs.getBigDecimal(6) + "|" + rs.getBoolean(7) + "|" + rs.getDouble(8) + "|" + Arrays.toString(rs.getBytes(9))
                + "|" + rs.getDate(10) + "|" + rs.getString(5) + "|" + rs.getString(6));
            }
          }
        }
        ResultSetMetaData md = ps.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          System.out.println("column " + md.getColumnName(i) + " " + md.getColumnTypeName(i) + " " + md.getColumnType(i) + " "
            + md.getPrecision(i) + " " + md.getScale(i) + " " + md.isNullable(i) + " " + md.isAutoIncrement(i) + " " + md.getTableName(i));
        }
      }
      // Parameters of every type, sent binary once server-prepared, echoed back.
      try (PreparedStatement ps = c.prepareStatement("SELECT ?::int4, ?::int8, ?::text, ?::timestamptz, ?::numeric, ?::bool, ?::float8, ?::bytea, ?::date")) {
        for (int round = 0; round < 7; round++) {
          ps.setInt(1, -round);
          ps.setLong(2, Long.MIN_VALUE + round);
          ps.setString(3, "p" + round);
          ps.setTimestamp(4, Timestamp.valueOf("1999-12-31 23:59:5" + round));
          ps.setBigDecimal(5, new BigDecimal("12345678901234567890.0" + round));
          ps.setBoolean(6, round % 2 == 1);
          ps.setDouble(7, round * 1.5e-300);
          ps.setBytes(8, new byte[] { (byte) round });
          ps.setDate(9, Date.valueOf("1970-01-0" + (round + 1)));
          try (ResultSet rs = ps.executeQuery()) { printAll(rs); }
        }
      }

      // 2. setFetchSize inside a transaction: a cursor read 3 rows at a time.
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("SELECT g, g * g FROM generate_series(1, 10) g ORDER BY g")) {
        ps.setFetchSize(3);
        try (ResultSet rs = ps.executeQuery()) {
          int n = 0;
          while (rs.next()) { printRow(rs); n++; }
          System.out.println("fetched " + n + " with fetch size " + rs.getFetchSize());
        }
      }
      try (Statement s = c.createStatement()) {
        s.setFetchSize(2);
        try (ResultSet rs = s.executeQuery("SELECT id, t FROM js ORDER BY id")) { printAll(rs); }
      }
      c.commit();

      // 3. Batches: a Statement batch of mixed statements, a PreparedStatement batch.
      try (Statement s = c.createStatement()) {
        s.addBatch("UPDATE js SET f = NOT f WHERE id <= 2");
        s.addBatch("DELETE FROM js WHERE id = 8");
        s.addBatch("INSERT INTO js (i) VALUES (100), (101)");
        System.out.println("statement batch: " + Arrays.toString(s.executeBatch()));
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE js SET i = i + ? WHERE id = ?")) {
        for (int k = 1; k <= 6; k++) { ps.setInt(1, k); ps.setInt(2, k); ps.addBatch(); }
        System.out.println("prepared batch: " + Arrays.toString(ps.executeBatch()));
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO js (id, i) VALUES (?, ?)")) {
        ps.setInt(1, 1); ps.setInt(2, 0); ps.addBatch();
        ps.setInt(1, 500); ps.setInt(2, 0); ps.addBatch();
        ps.executeBatch();
      } catch (BatchUpdateException e) {
        System.out.println("batch error: " + e.getSQLState() + " counts " + Arrays.toString(e.getUpdateCounts()));
        c.rollback();
      }
      c.commit();

      // 4. Generated keys: pgjdbc appends RETURNING * (or the named columns).
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO js (i, t) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
        ps.setInt(1, 7); ps.setString(2, "gen");
        System.out.println("generated insert: " + ps.executeUpdate());
        try (ResultSet rs = ps.getGeneratedKeys()) { printAll(rs); }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO js (i) VALUES (?)", new String[] { "id", "i" })) {
        for (int k = 0; k < 3; k++) { ps.setInt(1, 200 + k); ps.addBatch(); }
        System.out.println("generated batch: " + Arrays.toString(ps.executeBatch()));
        try (ResultSet rs = ps.getGeneratedKeys()) { printAll(rs); }
      }
      try (Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE js SET t = 'upd' WHERE i >= 200", new String[] { "id" });
        try (ResultSet rs = s.getGeneratedKeys()) { printAll(rs); }
      }
      c.commit();

      // 5. Savepoints: named and unnamed, rolled back to, released; an error inside one.
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO js (i) VALUES (300)");
        Savepoint one = c.setSavepoint("one");
        s.executeUpdate("INSERT INTO js (i) VALUES (301)");
        Savepoint two = c.setSavepoint();
        s.executeUpdate("INSERT INTO js (i) VALUES (302)");
        c.rollback(two);
        s.executeUpdate("INSERT INTO js (i) VALUES (303)");
        c.releaseSavepoint(one);
        Savepoint three = c.setSavepoint("three");
        try {
          s.executeUpdate("INSERT INTO js (id) VALUES (1)");
        } catch (SQLException e) {
          System.out.println("in savepoint: " + e.getSQLState());
          c.rollback(three);
        }
        s.executeUpdate("INSERT INTO js (i) VALUES (304)");
        c.commit();
        try (ResultSet rs = s.executeQuery("SELECT i FROM js WHERE i >= 300 ORDER BY i")) { printAll(rs); }
        s.executeUpdate("INSERT INTO js (i) VALUES (305)");
        c.rollback();
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM js WHERE i = 305")) { printAll(rs); }
      }
      c.setAutoCommit(true);
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, i, t, f FROM js ORDER BY id")) { printAll(rs); }
    }
    // 6. What else applications and tools do through pgjdbc, each statement server-prepared at once.
    try (Connection c = DriverManager.getConnection(args[0] + "?prepareThreshold=1", args[1], args[2])) {
      step("schema", () -> System.out.println(c.getSchema() + " " + c.getCatalog() + " " + c.isValid(2) + " " + c.getTransactionIsolation() + " " + c.isReadOnly()));
      step("java.time", () -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::date, ?::timestamp, ?::timestamptz, ?::time")) {
          for (int i = 0; i < 3; i++) {
            ps.setObject(1, LocalDate.of(2024, 2, 29));
            ps.setObject(2, LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123456000));
            ps.setObject(3, OffsetDateTime.of(2024, 2, 29, 13, 14, 15, 0, ZoneOffset.ofHours(2)));
            ps.setObject(4, LocalTime.of(23, 59, 58));
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              System.out.println(rs.getObject(1, LocalDate.class) + " " + rs.getObject(2, LocalDateTime.class) + " " + rs.getObject(3, OffsetDateTime.class) + " " + rs.getObject(4, LocalTime.class));
            }
          }
        }
      });
      step("arrays", () -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::int[], ?::text[], array_length(?::int[], 1)")) {
          for (int i = 0; i < 3; i++) {
            Array a = c.createArrayOf("int4", new Integer[] {1, null, 3});
            ps.setArray(1, a);
            ps.setArray(2, c.createArrayOf("text", new String[] {"a b", "\"q\"", null}));
            ps.setArray(3, a);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              System.out.println(Arrays.toString((Object[]) rs.getArray(1).getArray()) + " " + Arrays.toString((Object[]) rs.getArray(2).getArray()) + " " + rs.getInt(3) + " " + rs.getString(1));
            }
          }
        }
      });
      step("read-only transaction", () -> {
        c.setAutoCommit(false);

        c.setReadOnly(true);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW transaction_isolation")) { rs.next(); System.out.println(rs.getString(1)); }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW transaction_read_only")) { rs.next(); System.out.println(rs.getString(1)); }
        try (Statement s = c.createStatement()) { s.execute("CREATE TABLE ro (a int)"); } catch (SQLException e) { System.out.println("ro: " + e.getSQLState()); }
        c.rollback();
        c.setReadOnly(false);

        c.setAutoCommit(true);
      });
      step("query timeout", () -> {
        try (Statement s = c.createStatement()) {
          s.setQueryTimeout(1);
          s.executeQuery("SELECT pg_sleep(3)");
        }
      });
      step("callable", () -> {
        try (CallableStatement cs = c.prepareCall("{? = call upper(?)}")) {
          cs.registerOutParameter(1, Types.VARCHAR);
          cs.setString(2, "abc");
          cs.execute();
          System.out.println(cs.getString(1));
        }
      });
      step("escapes", () -> {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT {fn ucase('x')}, {d '2024-01-02'}, {fn concat('a','b')}, {fn now()} IS NOT NULL")) {
          rs.next(); System.out.println(rs.getString(1) + rs.getString(2) + rs.getString(3) + rs.getString(4));
        }
      });
      step("multi result", () -> {
        try (Statement s = c.createStatement()) {
          boolean r = s.execute("SELECT 1; SELECT 'two'; CREATE TABLE IF NOT EXISTS js_multi (a int)");
          do {
            if (r) { try (ResultSet rs = s.getResultSet()) { rs.next(); System.out.println(rs.getString(1)); } }
            else System.out.println("count " + s.getUpdateCount());
            r = s.getMoreResults();
          } while (r || s.getUpdateCount() != -1);
        }
      });
      step("warnings", () -> {
        try (Statement s = c.createStatement()) {
          s.execute("DROP TABLE IF EXISTS nosuch_t");
          SQLWarning w = s.getWarnings();
          System.out.println(w == null ? "none" : w.getSQLState() + " " + w.getMessage());
        }
      });
      step("numeric edge", () -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::numeric, 'NaN'::numeric, 1e-20::numeric, 12345678901234567890123.45::numeric")) {
          for (int i = 0; i < 2; i++) {
            ps.setBigDecimal(1, new BigDecimal("-0.000001"));
            try (ResultSet rs = ps.executeQuery()) { rs.next(); System.out.println(rs.getString(1) + " " + rs.getString(2) + " " + rs.getBigDecimal(3) + " " + rs.getBigDecimal(4)); }
          }
        }
      });
      step("uuid/json", () -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::uuid, ?::jsonb, '{\"a\": [1, 2]}'::json")) {
          for (int i = 0; i < 2; i++) {
            ps.setObject(1, java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
            ps.setString(2, "{\"b\":1,\"a\":2}");
            try (ResultSet rs = ps.executeQuery()) { rs.next(); System.out.println(rs.getObject(1) + " " + rs.getString(2) + " " + rs.getString(3)); }
          }
        }
      });
    }
    // 7. Settings applications turn on: batches rewritten into one multi-row INSERT, untyped string
    // parameters (stringtype=unspecified), updatable result sets.
    try (Connection c = DriverManager.getConnection(args[0] + "?reWriteBatchedInserts=true&stringtype=unspecified", args[1], args[2])) {
      step("setup", () -> { try (Statement s = c.createStatement()) {

        s.execute("CREATE TABLE js_rw (id bigserial PRIMARY KEY, tags text[], m text, doc jsonb, amount numeric, at timestamp)"); } });
      step("rewritten batch", () -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO js_rw (tags, m, doc, amount, at) VALUES (?, ?, ?, ?, ?)")) {
          for (int i = 0; i < 10; i++) {
            ps.setArray(1, c.createArrayOf("text", new String[] {"t" + i, "u"}));
            ps.setString(2, i % 2 == 0 ? "ok" : "happy");
            ps.setString(3, "{\"i\": " + i + "}");
            ps.setString(4, "1." + i);
            ps.setString(5, "2024-01-01 00:00:0" + i);
            ps.addBatch();
          }
          System.out.println(Arrays.toString(ps.executeBatch()));
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM js_rw ORDER BY id")) { printAll(rs); }
      });
      step("updatable", () -> {
        try (Statement s = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE);
             ResultSet rs = s.executeQuery("SELECT id, amount FROM js_rw WHERE id <= 3 ORDER BY id")) {
          while (rs.next()) { rs.updateBigDecimal(2, new java.math.BigDecimal("9.99")); rs.updateRow(); }
          rs.moveToInsertRow(); rs.updateBigDecimal(2, new java.math.BigDecimal("7")); rs.insertRow();
          rs.absolute(1); rs.deleteRow();
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, amount FROM js_rw ORDER BY id")) { printAll(rs); }
      });
      step("columns", () -> { try (ResultSet rs = c.getMetaData().getColumns(null, "public", "js_rw", "%")) { printAll(rs); } });
      step("untyped string parameter", () -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM js_rw WHERE m = ?")) { ps.setString(1, "ok"); try (ResultSet rs = ps.executeQuery()) { printAll(rs); } }
      });
      step("rsmd", () -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM js_rw")) {
          ResultSetMetaData md = ps.getMetaData();
          for (int i = 1; i <= md.getColumnCount(); i++) System.out.println(md.getColumnName(i) + " " + md.getColumnTypeName(i) + " " + md.getColumnType(i) + " " + md.getColumnClassName(i) + " " + md.getSchemaName(i) + " " + md.getColumnDisplaySize(i));
        }
      });
    }
  }
}
