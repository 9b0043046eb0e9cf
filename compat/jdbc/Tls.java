// pgjdbc over TLS: connects with the URL given (its ssl parameters decide how the certificate is
// checked) and prints what the server says of the connection, or the SQLSTATE and message of a
// refused login.
import java.sql.*;

public class Tls {
  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]);
         Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
        r.next();
        System.out.println("pg_stat_ssl: " + r.getBoolean(1) + " " + r.getString(2));
      }
      try (ResultSet r = s.executeQuery("SHOW ssl")) {
        r.next();
        System.out.println("ssl: " + r.getString(1));
      }
    } catch (SQLException e) {
      System.out.println("refused: " + e.getSQLState() + " " + e.getMessage());
    }
  }
}
