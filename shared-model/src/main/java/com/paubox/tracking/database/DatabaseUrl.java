package com.paubox.tracking.database;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A libpq connection URI ({@code postgresql://user:pass@host:5432/analytics?sslmode=verify-full}, the seed's
 * {@code ANALYTICS_DATABASE_URL}) turned into the Quarkus datasource properties of both the reactive pool
 * and the JDBC pool that Flyway uses, so one variable configures both and {@code sslmode} means the same to each.
 */
public record DatabaseUrl(String host, int port, String database, String user, String password, String sslMode,
        String sslRootCert) {

    public static DatabaseUrl parse(String url) {
        String text = url.trim();
        if (text.startsWith("jdbc:")) {
            text = text.substring("jdbc:".length());
        }
        URI uri = URI.create(text);
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException("ANALYTICS_DATABASE_URL must start with postgresql://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("ANALYTICS_DATABASE_URL has no host");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        Map<String, String> query = query(uri.getRawQuery());
        return new DatabaseUrl(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432,
                path.isEmpty() ? "postgres" : decode(path),
                query.getOrDefault("user", user), query.getOrDefault("password", password),
                query.getOrDefault("sslmode", "prefer"), query.get("sslrootcert"));
    }

    /** The Quarkus properties for the default datasource. */
    public Map<String, String> toQuarkusProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        String address = host + ":" + port + "/" + database;
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(address).append("?sslmode=").append(sslMode);
        if (sslRootCert != null) {
            jdbc.append("&sslrootcert=").append(sslRootCert);
        }
        properties.put("quarkus.datasource.jdbc.url", jdbc.toString());
        properties.put("quarkus.datasource.reactive.url", "postgresql://" + address);
        properties.put("quarkus.datasource.reactive.postgresql.ssl-mode", sslMode);
        if (user != null) {
            properties.put("quarkus.datasource.username", user);
        }
        if (password != null) {
            properties.put("quarkus.datasource.password", password);
        }
        switch (sslMode) {
            // libpq semantics: these modes encrypt (when they can) without verifying the server certificate.
            case "allow", "prefer", "require" -> properties.put("quarkus.datasource.reactive.trust-all", "true");
            case "verify-ca", "verify-full" -> {
                if (sslRootCert != null) {
                    properties.put("quarkus.datasource.reactive.trust-certificate-pem", "true");
                    properties.put("quarkus.datasource.reactive.trust-certificate-pem.certs", sslRootCert);
                }
                if (sslMode.equals("verify-full")) {
                    properties.put("quarkus.datasource.reactive.hostname-verification-algorithm", "HTTPS");
                }
            }
            case "disable" -> {
            }
            default -> throw new IllegalArgumentException("unsupported sslmode: " + sslMode);
        }
        return properties;
    }

    /** The URL without its password, safe to print. */
    public String redacted() {
        return "postgresql://" + (user == null ? "" : user + "@") + host + ":" + port + "/" + database + "?sslmode=" + sslMode;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
            }
        }
        return query;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
