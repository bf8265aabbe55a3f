import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

import com.paubox.tracking.database.DatabaseUrl;

/**
 * Loads the demo data set (dev/demo-data.sql) into an EMPTY, migrated database: ~50 customers, ~2,000 users,
 * ~300,000 events over the last 30 days plus the 30 days before them. Does nothing when analytics_events holds
 * any row, so it never mixes with real data. One transaction: all or nothing.
 *
 * Run with the ingest service's classpath (its lib/main has the PostgreSQL driver and shared-model), as run-local.sh does:
 *
 *   java -cp "ingest-service/target/quarkus-app/lib/boot/*:ingest-service/target/quarkus-app/lib/main/*" \
 *     dev/DemoData.java postgresql://postgres:postgres@localhost:54329/postgres?sslmode=disable
 *
 * Prints one line: what it loaded (or why it loaded nothing). Exit status 0 in both cases, 1 on an error.
 */
public class DemoData {

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: java -cp <ingest-service classpath> dev/DemoData.java <postgresql://… URL> [demo-data.sql]");
            System.exit(2);
        }
        Path sqlFile = args.length > 1 ? Path.of(args[1]) : Path.of("dev/demo-data.sql");
        if (!Files.isRegularFile(sqlFile)) {
            System.err.println("demo data: " + sqlFile + " not found (run from the repository root or pass its path)");
            System.exit(2);
        }
        String sql = Files.readString(sqlFile);
        Map<String, String> props = DatabaseUrl.parse(args[0]).toQuarkusProperties();
        Properties connection = new Properties();
        if (props.containsKey("quarkus.datasource.username")) {
            connection.setProperty("user", props.get("quarkus.datasource.username"));
        }
        if (props.containsKey("quarkus.datasource.password")) {
            connection.setProperty("password", props.get("quarkus.datasource.password"));
        }
        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection(props.get("quarkus.datasource.jdbc.url"), connection);
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            // One loader at a time; the emptiness check and the load in the same transaction.
            s.execute("SELECT pg_advisory_xact_lock(8098163114574572291)"); // "pbtrack" + 3: demo data
            try (ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM analytics_events)")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    c.rollback();
                    System.out.println("demo data: not loaded, the database already holds events");
                    return;
                }
            }
            s.execute(sql);
            long events;
            long total;
            long customers;
            long users;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE occurred_at >= now() - interval '30 days'), count(*),"
                    + " count(DISTINCT customer_id), count(DISTINCT user_sub) FROM analytics_events")) {
                rs.next();
                events = rs.getLong(1);
                total = rs.getLong(2);
                customers = rs.getLong(3);
                users = rs.getLong(4);
            }
            c.commit();
            System.out.printf("demo data: loaded %,d events over the last 30 days (%,d with the 30 days before, for trends)"
                    + " of %,d customers and %,d users in %.1f s%n", events, total, customers, users, (System.nanoTime() - started) / 1e9);
        }
    }
}
