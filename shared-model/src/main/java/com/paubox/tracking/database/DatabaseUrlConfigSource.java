package com.paubox.tracking.database;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Derives the datasource properties from {@code ANALYTICS_DATABASE_URL} (or the system property
 * {@code paubox.embedded-database-url}, which the embedded default sets; deliberately outside the
 * {@code analytics.*} namespace the services map with {@code @ConfigMapping}). Its ordinal sits below environment
 * variables (300), so an explicit {@code QUARKUS_DATASOURCE_*} override still wins, and above
 * {@code application.properties} (250).
 */
public class DatabaseUrlConfigSource implements ConfigSource {

    public static final String ENV = "ANALYTICS_DATABASE_URL";
    public static final String SYSTEM_PROPERTY = "paubox.embedded-database-url";

    @Override
    public Set<String> getPropertyNames() {
        return properties().keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties().get(propertyName);
    }

    @Override
    public String getName() {
        return "analytics-database-url";
    }

    @Override
    public int getOrdinal() {
        return 275;
    }

    /** The configured URL, or null when none is set. */
    public static String configuredUrl() {
        String url = System.getProperty(SYSTEM_PROPERTY);
        if (url == null || url.isBlank()) {
            url = System.getenv(ENV);
        }
        return url == null || url.isBlank() ? null : url;
    }

    private static Map<String, String> properties() {
        String url = configuredUrl();
        return url == null ? Map.of() : DatabaseUrl.parse(url).toQuarkusProperties();
    }
}
