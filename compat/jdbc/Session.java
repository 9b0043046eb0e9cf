// What pgjdbc does under an application's feet: server-prepared statements from the 5th execution
// with binary parameters and results for every common type, cursors (setFetchSize inside a
// transaction: Execute with a row limit, PortalSuspended), batches, generated keys (pgjdbc appends
// RETURNING), savepoints. Prints every result so two servers can be compared line by line.
import java.math.BigDecimal;
import java.sql.*;
import java.util.Arrays;
import java.util.Properties;

public class Session {
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
  }
}
