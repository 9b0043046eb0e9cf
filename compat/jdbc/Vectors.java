// pgvector's way of reaching vector columns from JDBC without its Java helper: PGobject with type
// "vector", as a parameter and as what getObject returns; also the array casts through setArray.
// Prints one line per result for the test to compare.
import java.sql.*;
import org.postgresql.util.PGobject;

public class Vectors {
  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE jv_items (id int PRIMARY KEY, embedding vector(3))");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO jv_items VALUES (?, ?)")) {
        String[] values = {"[1,1,1]", "[2,2,2]", "[1,1,2]"};
        for (int i = 0; i < values.length; i++) {
          PGobject o = new PGobject();
          o.setType("vector");
          o.setValue(values[i]);
          ps.setInt(1, i + 1);
          ps.setObject(2, o);
          ps.executeUpdate();
        }
        ps.setInt(1, 4);
        ps.setArray(2, c.createArrayOf("float4", new Float[] {0.5f, 0.25f, 3f}));
        ps.executeUpdate();
      }
      PGobject q = new PGobject();
      q.setType("vector");
      q.setValue("[1,1,1]");
      try (PreparedStatement ps = c.prepareStatement("SELECT id, embedding, embedding <-> ? AS d FROM jv_items ORDER BY embedding <-> ? LIMIT 3")) {
        ps.setObject(1, q);
        ps.setObject(2, q);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Object e = rs.getObject(2);
            String type = e instanceof PGobject ? ((PGobject) e).getType() : e.getClass().getName();
            System.out.println(rs.getInt(1) + "|" + type + "|" + rs.getString(2) + "|" + rs.getDouble(3));
          }
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT embedding::real[] FROM jv_items WHERE id = 4")) {
        rs.next();
        Float[] a = (Float[]) rs.getArray(1).getArray();
        System.out.println("real[]|" + a[0] + "," + a[1] + "," + a[2]);
      }
      try {
        PGobject bad = new PGobject();
        bad.setType("vector");
        bad.setValue("[1,2]");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO jv_items VALUES (9, ?)")) {
          ps.setObject(1, bad);
          ps.executeUpdate();
        }
      } catch (SQLException e) {
        System.out.println("error|" + e.getSQLState() + "|" + e.getMessage().split("\n")[0]);
      }
      st.execute("DROP TABLE jv_items");
    }
  }
}
