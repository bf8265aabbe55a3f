package com.paubox.tracking.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void mapsTheSeedsUrlToBothPools() {
        Map<String, String> p = DatabaseUrl.parse("postgresql://analytics%40svc:s3cr%3At@db.internal:6543/analytics?sslmode=verify-full&sslrootcert=/etc/rds/ca.pem")
                .toQuarkusProperties();
        assertEquals("jdbc:postgresql://db.internal:6543/analytics?sslmode=verify-full&sslrootcert=/etc/rds/ca.pem", p.get("quarkus.datasource.jdbc.url"));
        assertEquals("postgresql://db.internal:6543/analytics", p.get("quarkus.datasource.reactive.url"));
        assertEquals("verify-full", p.get("quarkus.datasource.reactive.postgresql.ssl-mode"));
        assertEquals("HTTPS", p.get("quarkus.datasource.reactive.hostname-verification-algorithm"));
        assertEquals("/etc/rds/ca.pem", p.get("quarkus.datasource.reactive.trust-certificate-pem.certs"));
        assertEquals("analytics@svc", p.get("quarkus.datasource.username"));
        assertEquals("s3cr:t", p.get("quarkus.datasource.password"));
        assertFalse(p.containsKey("quarkus.datasource.reactive.trust-all"));
    }

    @Test
    void defaultsLikeLibpq() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://db");
        assertEquals(5432, url.port());
        assertEquals("postgres", url.database());
        assertEquals("prefer", url.sslMode());
        assertEquals("true", url.toQuarkusProperties().get("quarkus.datasource.reactive.trust-all"));
    }

    @Test
    void redactsThePassword() {
        assertEquals("postgresql://u@h:5432/d?sslmode=require", DatabaseUrl.parse("postgresql://u:pw@h/d?sslmode=require").redacted());
    }

    @Test
    void refusesWhatItCannotHonour() {
        assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse("mysql://h/d"));
        assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse("postgresql://h/d?sslmode=sometimes").toQuarkusProperties());
    }
}
