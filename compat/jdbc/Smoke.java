// A pgjdbc session a typical application runs: prepared statements past the server-prepare
// threshold (binary transfer), OID-0 parameters, batches, transactions, errors. Prints every
// result so two servers can be compared line by line.
import java.math.BigDecimal;
import java.sql.*;
import java.util.UUID;

public class Smoke {
  public static void main(String[] args) throws Exception {
    String url = args[0];
    try (Connection c = DriverManager.getConnection(url, args[1], args[2])) {
      System.out.println("connected: " + c.getMetaData().getDatabaseProductName());
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE jt (id int PRIMARY KEY, name varchar(20), amount numeric(10,2), at timestamptz, day date, flag boolean, u uuid, big bigint, f float8)");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO jt VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 1; i <= 8; i++) {
          ps.setInt(1, i);
          ps.setString(2, "name " + i);
          ps.setBigDecimal(3, new BigDecimal(i + ".25"));
          ps.setTimestamp(4, Timestamp.valueOf("2024-01-0" + i + " 10:11:12.5"));
          ps.setDate(5, Date.valueOf("2024-02-0" + i));
          ps.setBoolean(6, i % 2 == 0);
          ps.setObject(7, UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1" + i));
          ps.setLong(8, 10000000000L * i);
          ps.setDouble(9, i / 3.0);
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        System.out.println("batch: " + counts.length);
      }
      // Same statement many times: pgjdbc switches to a named server statement and binary results.
      try (PreparedStatement ps = c.prepareStatement("SELECT id, name, amount, at, day, flag, u, big, f FROM jt WHERE id = ?")) {
        for (int round = 0; round < 7; round++) {
          ps.setInt(1, round % 8 + 1);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              System.out.println(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getBigDecimal(3) + "|" + rs.getTimestamp(4) + "|" + rs.getDate(5)
                + "|" + rs.getBoolean(6) + "|" + rs.getObject(7) + "|" + rs.getLong(8) + "|" + rs.getDouble(9));
            }
          }
        }
      }
      // String parameters with setObject and no type (OID 0 in pgjdbc's eyes for unspecified).
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM jt WHERE day > ?::date AND name LIKE ?")) {
        ps.setString(1, "2024-02-03");
        ps.setString(2, "name%");
        try (ResultSet rs = ps.executeQuery()) { rs.next(); System.out.println("count: " + rs.getLong(1)); }
      }
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE jt SET amount = amount * 2 WHERE id <= 2");
        c.rollback();
        s.executeUpdate("DELETE FROM jt WHERE id = 8");
        c.commit();
        try {
          s.executeUpdate("INSERT INTO jt (id) VALUES (1)");
        } catch (SQLException e) {
          System.out.println("error: " + e.getSQLState());
          c.rollback();
        }
        try (ResultSet rs = s.executeQuery("SELECT id, amount FROM jt ORDER BY id")) {
          while (rs.next()) System.out.println(rs.getInt(1) + " " + rs.getBigDecimal(2));
        }
      }
      c.setAutoCommit(true);
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1.5e10, 9223372036854775807::bigint, 'x'::text, NULL::int")) {
        rs.next();
        System.out.println(rs.getBigDecimal(1) + " " + rs.getLong(2) + " " + rs.getString(3) + " " + rs.getObject(4));
      }
    }
  }
}
