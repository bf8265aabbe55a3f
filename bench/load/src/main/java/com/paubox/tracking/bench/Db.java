package com.paubox.tracking.bench;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** JDBC from the libpq URI the services take (postgresql://user:pass@host:port/db?sslmode=disable). */
final class Db {

    private Db() {
    }

    static String jdbcUrl(String libpq) {
        if (libpq.startsWith("jdbc:")) {
            return libpq;
        }
        URI uri = URI.create(libpq);
        String user = "postgres";
        String password = "";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery() + "&";
        return "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + db + "?" + query + "user=" + user + "&password=" + password
                + "&ApplicationName=paubox-bench";
    }

    static Connection connect(String libpq) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(libpq));
    }

    static long count(String libpq) throws SQLException {
        try (Connection c = connect(libpq)) {
            return count(c);
        }
    }

    static long count(Connection c) throws SQLException {
        return longQuery(c, "SELECT count(*) FROM analytics_events");
    }

    static long longQuery(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String stringQuery(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
