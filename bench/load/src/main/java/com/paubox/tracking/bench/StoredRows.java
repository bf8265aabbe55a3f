package com.paubox.tracking.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/**
 * Rows as the ingest service stores them (scrubbed, templated, enriched login events), for writing
 * straight into analytics_events: the same mix as {@link Beacons}, minus what the service drops.
 */
final class StoredRows {

    static final String[] COLUMNS = { "event_id", "occurred_at", "received_at", "type", "anon_id", "session_id",
        "session_count", "user_sub", "customer_id", "surface", "page_path", "duration_ms", "visible_ms", "label", "element",
        "href_path", "error_code", "geo_city", "geo_region", "geo_country", "browser", "os", "device_type", "properties" };

    /** SQL type of each column, for casts and arrays. */
    static final String[] TYPES = { "uuid", "timestamptz", "timestamptz", "text", "uuid", "uuid", "int4", "text", "int8",
        "text", "text", "int4", "int4", "text", "text", "text", "text", "text", "text", "text", "text", "text", "text", "jsonb" };

    private StoredRows() {
    }

    /** {@code n} rows, all texts (null = SQL NULL), occurred within the last hour. */
    static String[][] generate(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String[][] rows = new String[n][];
        for (int i = 0; i < n; i++) {
            int visitor = rnd.nextInt(Beacons.VISITORS);
            int session = rnd.nextInt(8);
            String type = Beacons.type(rnd.nextInt(100));
            String surface = Beacons.SURFACES[visitor % Beacons.SURFACES.length];
            boolean signedIn = visitor % 10 < 6 && !surface.equals("marketing");
            Instant occurred = base.minusMillis(rnd.nextInt(3_600_000));
            String[] r = new String[COLUMNS.length];
            r[0] = Beacons.uuid(rnd.nextLong(), rnd.nextLong());
            r[1] = occurred.toString();
            r[2] = occurred.plusMillis(150).toString();
            r[3] = type;
            r[4] = Beacons.uuid(Beacons.mix(visitor), Beacons.mix(visitor + 0x9E3779B97F4A7C15L));
            r[5] = Beacons.uuid(Beacons.mix(visitor * 31L + session), Beacons.mix(visitor * 131L + session + 7));
            r[6] = Integer.toString(session + 1);
            r[7] = signedIn ? "auth0|" + Long.toHexString(Beacons.mix(visitor) | Long.MIN_VALUE) : null;
            r[8] = signedIn ? Long.toString(1 + (visitor * 7919L) % Beacons.CUSTOMERS) : null;
            r[9] = surface;
            double u = rnd.nextDouble();
            r[10] = type.startsWith("login_") ? "/login" : Beacons.STORED_PATHS[(int) (u * u * Beacons.STORED_PATHS.length)];
            switch (type) {
                case "click" -> {
                    r[13] = Beacons.LABELS[rnd.nextInt(Beacons.LABELS.length)];
                    r[14] = Beacons.ELEMENTS[rnd.nextInt(Beacons.ELEMENTS.length)];
                    r[15] = rnd.nextBoolean() ? Beacons.HREFS[rnd.nextInt(Beacons.HREFS.length)].replace("48213", ":id") : null;
                }
                case "time_on_page" -> {
                    int duration = rnd.nextInt(600_000);
                    r[11] = Integer.toString(duration);
                    r[12] = Integer.toString(rnd.nextInt(duration + 1));
                }
                case "login_failure", "login_success" -> {
                    if (type.equals("login_failure")) {
                        r[16] = Beacons.ERRORS[rnd.nextInt(Beacons.ERRORS.length)];
                    }
                    r[17] = "London";
                    r[18] = "ENG";
                    r[19] = "GB";
                    r[20] = "Chrome";
                    r[21] = "Windows";
                    r[22] = "desktop";
                }
                case "page_view" -> {
                    if (rnd.nextInt(10) == 0) {
                        r[23] = "{\"plan\":\"encrypted_email\",\"referrer_kind\":\"newsletter\",\"experiment\":{\"variant\":\"b\",\"cohort\":"
                                + rnd.nextInt(20) + "},\"dark_mode\":true}";
                    }
                }
                default -> {
                }
            }
            rows[i] = r;
        }
        return rows;
    }
}
