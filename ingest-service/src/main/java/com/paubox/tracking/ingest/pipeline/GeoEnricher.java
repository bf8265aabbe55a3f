package com.paubox.tracking.ingest.pipeline;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.model.CityResponse;
import com.paubox.tracking.ingest.config.GeoPrecision;

/**
 * City, region and country of a client IP from a memory-mapped .mmdb file (lookups take microseconds and
 * do no I/O, so they are fine on the event loop). Reads MaxMind's GeoIP2/GeoLite2 City schema through
 * geoip2, and the flat schema of @ip-location-db (city, state1, country_code; e.g. the free DB-IP Lite
 * city file) through the low-level reader. Without a usable file, enrichment is off with one warning.
 * The IP is only looked up, never kept or logged.
 */
public final class GeoEnricher implements Closeable {

    private static final Logger LOG = Logger.getLogger(GeoEnricher.class);

    private final GeoPrecision precision;
    private final DatabaseReader geoip2;
    private final Reader flat;

    private GeoEnricher(GeoPrecision precision, DatabaseReader geoip2, Reader flat) {
        this.precision = precision;
        this.geoip2 = geoip2;
        this.flat = flat;
    }

    public static GeoEnricher disabled() {
        return new GeoEnricher(GeoPrecision.NONE, null, null);
    }

    /** Opens the database; a missing or unreadable file turns enrichment off with a warning. */
    public static GeoEnricher open(Optional<String> file, GeoPrecision precision) {
        if (precision == GeoPrecision.NONE) {
            return disabled();
        }
        if (file.isEmpty() || file.get().isBlank()) {
            LOG.warn("ANALYTICS_GEOIP_DATABASE is not set: login events get no geography");
            return disabled();
        }
        File db = new File(file.get());
        if (!db.isFile()) {
            LOG.warnf("GeoIP database %s not found: login events get no geography", db);
            return disabled();
        }
        try {
            Reader probe = new Reader(db, Reader.FileMode.MEMORY_MAPPED);
            String type = probe.getMetadata().databaseType();
            if (type != null && (type.startsWith("GeoIP2-") || type.startsWith("GeoLite2-") || type.startsWith("GeoIP-"))) {
                probe.close();
                DatabaseReader reader = new DatabaseReader.Builder(db).fileMode(Reader.FileMode.MEMORY_MAPPED).build();
                LOG.infof("GeoIP database loaded (%s, precision %s)", type, precision);
                return new GeoEnricher(precision, reader, null);
            }
            LOG.infof("GeoIP database loaded (flat schema %s, precision %s)", type, precision);
            return new GeoEnricher(precision, null, probe);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("GeoIP database %s unreadable (%s): login events get no geography", db, e.getClass().getSimpleName());
            return disabled();
        }
    }

    public boolean enabled() {
        return geoip2 != null || flat != null;
    }

    public Geo lookup(InetAddress ip) {
        if (ip == null || !enabled()) {
            return Geo.NONE;
        }
        try {
            Geo geo = geoip2 != null ? fromGeoIp2(ip) : fromFlat(ip);
            return new Geo(precision.keepsCity() ? geo.city() : null, precision.keepsRegion() ? geo.region() : null,
                    precision.keepsCountry() ? geo.country() : null);
        } catch (Exception e) {
            // An address the file does not cover, or a corrupt record: no geography, no failure.
            return Geo.NONE;
        }
    }

    private Geo fromGeoIp2(InetAddress ip) throws Exception {
        Optional<CityResponse> found = geoip2.tryCity(ip);
        if (found.isEmpty()) {
            return Geo.NONE;
        }
        CityResponse r = found.get();
        String region = null;
        if (r.subdivisions() != null && !r.subdivisions().isEmpty()) {
            // The first (largest) subdivision: the state or country part, not a county.
            region = r.leastSpecificSubdivision().isoCode();
        }
        return new Geo(blankToNull(r.city() == null ? null : r.city().name()), blankToNull(region),
                blankToNull(r.country() == null ? null : r.country().isoCode()));
    }

    @SuppressWarnings("unchecked")
    private Geo fromFlat(InetAddress ip) throws IOException {
        Map<String, Object> record = flat.get(ip, Map.class);
        if (record == null) {
            return Geo.NONE;
        }
        return new Geo(string(record.get("city")), string(record.get("state1")), string(record.get("country_code")));
    }

    private static String string(Object value) {
        return value instanceof String s ? blankToNull(s) : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public void close() throws IOException {
        for (Closeable c : List.<Closeable>of(geoip2 != null ? geoip2 : () -> { }, flat != null ? flat : () -> { })) {
            c.close();
        }
    }
}
