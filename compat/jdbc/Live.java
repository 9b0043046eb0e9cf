// pgjdbc as a LISTEN/NOTIFY client and a live-query subscriber: PGConnection.getNotifications(timeout)
// on one connection while others write. Mode "notify" (args: url user password notify) runs plain
// LISTEN/NOTIFY and prints what arrives with process ids named, so two servers can be compared line
// by line; mode "live" SUBSCRIBEs to a table (kalamdb-pg only) and prints the result set and each
// change. Every wait ends on a sentinel notification sent last: commit order puts everything before it.
import java.sql.*;
import java.util.*;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

public class Live {
  static final Map<Integer, String> NAMES = new HashMap<>();

  static Connection open(String[] args, String name) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", args[1]);
    props.setProperty("password", args[2]);
    Connection c = DriverManager.getConnection(args[0], props);
    NAMES.put(c.unwrap(PGConnection.class).getBackendPID(), name);
    return c;
  }

  static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) { s.execute(sql); }
  }

  /** Notifications until one whose payload is `last` arrives (10 s at most), as "from|channel|payload". */
  static List<String> until(Connection c, String last) throws SQLException {
    List<String> got = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      PGNotification[] ns = c.unwrap(PGConnection.class).getNotifications(500);
      if (ns == null) continue;
      for (PGNotification n : ns) {
        got.add(NAMES.getOrDefault(n.getPID(), "unknown pid") + "|" + n.getName() + "|" + n.getParameter());
        if (n.getParameter().equals(last)) return got;
      }
    }
    got.add("timed out waiting for " + last);
    return got;
  }

  static void print(String title, List<String> lines) {
    System.out.println("== " + title);
    for (String l : lines) System.out.println(l);
  }

  public static void main(String[] args) throws Exception {
    if (args[3].equals("notify")) notifyMode(args); else liveMode(args);
  }

  static void notifyMode(String[] args) throws Exception {
    try (Connection l = open(args, "listener"); Connection a = open(args, "A"); Connection b = open(args, "B")) {
      exec(l, "LISTEN chat");
      exec(a, "NOTIFY chat, 'plain'");
      exec(a, "NOTIFY chat");
      try (PreparedStatement p = a.prepareStatement("SELECT pg_notify(?, ?)")) {
        for (String payload : new String[] {"ü ✓ 日本語 🎉 (beyond the BMP)", "Ωmega \"quoted\" 'single'", ""}) {
          p.setString(1, "chat");
          p.setString(2, payload);
          p.executeQuery().close();
        }
      }
      exec(a, "NOTIFY chat, 'end 1'");
      print("payloads", until(l, "end 1"));

      a.setAutoCommit(false);
      exec(a, "NOTIFY chat, 'rolled back'");
      a.rollback();
      exec(a, "NOTIFY chat, 'twice'");
      exec(a, "NOTIFY chat, 'once'");
      exec(a, "NOTIFY chat, 'twice'");
      a.commit();
      // Commit order: A notified first but commits after B.
      exec(a, "NOTIFY chat, 'A: notified first, committed second'");
      b.setAutoCommit(false);
      exec(b, "NOTIFY chat, 'B: notified second, committed first'");
      b.commit();
      a.commit();
      a.setAutoCommit(true);
      exec(l, "NOTIFY chat, 'own'");
      exec(a, "NOTIFY chat, 'end 2'");
      print("transactions", until(l, "end 2"));

      l.setAutoCommit(false);
      exec(l, "SELECT 1");
      exec(a, "NOTIFY chat, 'while the listener is in a transaction'");
      PGNotification[] during = l.unwrap(PGConnection.class).getNotifications(300);
      System.out.println("== inside the listener's transaction: " + (during == null ? 0 : during.length) + " arrived");
      l.commit();
      l.setAutoCommit(true);
      exec(a, "NOTIFY chat, 'end 3'");
      print("after its commit", until(l, "end 3"));

      exec(l, "UNLISTEN *");
      exec(l, "LISTEN other");
      exec(a, "NOTIFY chat, 'after UNLISTEN *'");
      exec(a, "NOTIFY other, 'end 4'");
      print("after UNLISTEN *", until(l, "end 4"));
    }
  }

  static void liveMode(String[] args) throws Exception {
    try (Connection w = open(args, "writer")) {
      exec(w, "CREATE NAMESPACE IF NOT EXISTS shop");
      exec(w, "CREATE SHARED TABLE shop.items (id int PRIMARY KEY, name text, qty int)");
      exec(w, "INSERT INTO shop.items VALUES (1, 'pen', 5), (2, 'ink', 50), (3, 'pad', 30), (4, 'cap', 40)");
      try (Connection s = open(args, "subscriber")) {
        String id = null;
        System.out.println("== SUBSCRIBE result set");
        try (Statement st = s.createStatement(); ResultSet rs = st.executeQuery("SUBSCRIBE TO shop.items WHERE qty > 10 OPTIONS (last_rows = 2, batch_size = 1)")) {
          ResultSetMetaData md = rs.getMetaData();
          System.out.println(md.getColumnLabel(1) + " " + md.getColumnTypeName(1) + " | " + md.getColumnLabel(2) + " " + md.getColumnTypeName(2));
          while (rs.next()) {
            id = rs.getString("live_query_id");
            System.out.println(id.replaceAll("^lq_[0-9a-z]+$", "lq_…") + " | " + rs.getString("rows"));
          }
        }
        w.setAutoCommit(false);
        exec(w, "INSERT INTO shop.items VALUES (5, 'rolled back', 99)");
        w.rollback();
        exec(w, "INSERT INTO shop.items VALUES (6, 'book ü', 20)");
        exec(w, "UPDATE shop.items SET qty = 45 WHERE id = 2");
        w.commit();
        exec(w, "UPDATE shop.items SET qty = 0 WHERE id = 3");
        exec(w, "DELETE FROM shop.items WHERE id = 4");
        w.commit();
        exec(w, "UPDATE shop.items SET qty = 0 WHERE id = 2");
        exec(w, "INSERT INTO shop.items VALUES (7, 'not a match', 1)");
        w.rollback();
        w.setAutoCommit(true);
        exec(w, "INSERT INTO shop.items VALUES (8, 'end', 100)");
        List<String> got = new ArrayList<>();
        for (String n : until(s, "{\"op\":\"insert\",\"row\":{\"id\":8,\"name\":\"end\",\"qty\":100}}")) got.add(n.replace(id, "lq_…"));
        print("changes", got);

        exec(s, "UNLISTEN " + id);
        try (Statement st = s.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM system.live_queries")) {
          rs.next();
          System.out.println("== live queries after UNLISTEN: " + rs.getLong(1));
        }
      }
    }
  }
}
