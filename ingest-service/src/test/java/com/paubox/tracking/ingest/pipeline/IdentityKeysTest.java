package com.paubox.tracking.ingest.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJwkGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/** Loading ANALYTICS_IDENTITY_KEYS: file or URL, which keys count, failures, and the rate cap on asked-for reloads. */
class IdentityKeysTest {

    static final EllipticCurveJsonWebKey A = TestIdentity.generate("a");
    static final EllipticCurveJsonWebKey B = TestIdentity.generate("b");

    @TempDir
    Path dir;

    @Test
    void readsAJwksFromAnHttpUrlAndKeepsItsKeysWhenTheUrlFails() throws Exception {
        AtomicReference<String> body = new AtomicReference<>(new JsonWebKeySet(A, B).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        AtomicInteger status = new AtomicInteger(200);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
            IdentityKeys keys = new IdentityKeys(Optional.of(url), Runnable::run, Duration.ofHours(1));
            assertTrue(keys.reload());
            assertEquals(2, keys.size());
            assertNotNull(keys.key("a"));
            assertFalse(keys.reload(), "unchanged");
            long version = keys.version();

            status.set(503);
            assertFalse(keys.reload());
            assertEquals(2, keys.size(), "a failed read keeps the loaded keys");
            status.set(200);
            body.set("not a jwks");
            assertFalse(keys.reload());
            assertEquals(2, keys.size());

            body.set(new JsonWebKeySet(B).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
            assertTrue(keys.reload());
            assertNull(keys.key("a"), "a removed key is gone after a successful read");
            assertNotNull(keys.key("b"));
            assertTrue(keys.version() > version);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void onlyP256SigningKeysWithAKidCount() throws Exception {
        EllipticCurveJsonWebKey noKid = TestIdentity.generate(null);
        EllipticCurveJsonWebKey encryption = TestIdentity.generate("enc");
        encryption.setUse("enc");
        JsonWebKey rsa = RsaJwkGenerator.generateJwk(2048);
        rsa.setKeyId("rsa");
        EllipticCurveJsonWebKey p384 = org.jose4j.jwk.EcJwkGenerator.generateJwk(org.jose4j.keys.EllipticCurves.P384);
        p384.setKeyId("p384");
        Path file = dir.resolve("mixed.json");
        Files.writeString(file, new JsonWebKeySet(A, noKid, encryption, rsa, p384).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        IdentityKeys keys = new IdentityKeys(Optional.of(file.toString()), Runnable::run, Duration.ofHours(1));
        keys.reload();
        assertEquals(1, keys.size());
        assertNotNull(keys.key("a"));
    }

    @Test
    void aMissingFileLeavesNoKeysAndIsNotAnError() {
        IdentityKeys keys = new IdentityKeys(Optional.of(dir.resolve("absent.json").toString()), Runnable::run, Duration.ofHours(1));
        assertFalse(keys.reload());
        assertEquals(0, keys.size());
        IdentityKeys unset = new IdentityKeys(Optional.empty(), Runnable::run, Duration.ofHours(1));
        assertFalse(unset.configured());
        assertFalse(unset.reload());
    }

    @Test
    void reloadsAskedForByUnknownKidsAreRateCapped() {
        Path file = dir.resolve("jwks.json");
        TestIdentity.publish(file, List.of(A));
        AtomicInteger ran = new AtomicInteger();
        IdentityKeys keys = new IdentityKeys(Optional.of(file.toString()), task -> {
            ran.incrementAndGet();
            task.run();
        }, Duration.ofHours(1));
        for (int i = 0; i < 100; i++) {
            keys.requestReload();
        }
        assertEquals(1, ran.get(), "one reload per interval, however many unknown kids arrive");
        assertNotNull(keys.key("a"));
    }
}
