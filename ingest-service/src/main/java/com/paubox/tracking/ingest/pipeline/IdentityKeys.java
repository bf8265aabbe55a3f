package com.paubox.tracking.ingest.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * The host application's public keys (ANALYTICS_IDENTITY_KEYS: a JWKS file or http(s) URL), by {@code kid}. Reading
 * is blocking I/O, so {@link #reload()} runs at startup, on the scheduler's worker thread and on a worker the
 * verifier asks for; the event loop only looks up the map in memory. A set that cannot be read leaves the current
 * keys in place (a glitch must not anonymise every beacon); a set read successfully replaces them, so a removed key
 * stops verifying at the next reload.
 */
public final class IdentityKeys {

    private static final Logger LOG = Logger.getLogger(IdentityKeys.class);
    /** A JWKS is a few KB; anything far larger is not one. */
    private static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

    private final Optional<String> source;
    private final Executor worker;
    private final Duration minReloadGap;
    private final AtomicLong lastRequested = new AtomicLong(Long.MIN_VALUE / 2);
    private volatile Map<String, PublicKey> keys = Map.of();
    private volatile long version;
    private HttpClient http;

    /**
     * @param worker runs a reload asked for by {@link #requestReload()} (never the event loop)
     * @param minReloadGap at most one such reload per this interval, so tokens with made-up kids cannot make the
     *        service fetch the key set at will
     */
    public IdentityKeys(Optional<String> source, Executor worker, Duration minReloadGap) {
        this.source = source.filter(s -> !s.isBlank());
        this.worker = worker;
        this.minReloadGap = minReloadGap;
    }

    /** The P-256 public key with this kid, or null. Non-blocking. */
    public PublicKey key(String kid) {
        return kid == null ? null : keys.get(kid);
    }

    public int size() {
        return keys.size();
    }

    /** Changes whenever the set of keys changes; verified assertions remember it, so a removed key's are dropped. */
    public long version() {
        return version;
    }

    public boolean configured() {
        return source.isPresent();
    }

    /** Reads the key set again (blocking). Returns whether the keys changed. */
    public synchronized boolean reload() {
        if (source.isEmpty()) {
            return false;
        }
        Map<String, PublicKey> read;
        try {
            read = parse(fetch(source.get()));
        } catch (IOException | JoseException | RuntimeException e) {
            LOG.warnf("identity keys not reloaded from %s (%s: %s); keeping the %d loaded", source.get(),
                    e.getClass().getSimpleName(), e.getMessage(), keys.size());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (read.equals(keys)) {
            return false;
        }
        keys = Map.copyOf(read);
        version++;
        LOG.infof("identity keys loaded from %s: kids %s", source.get(), read.keySet());
        return true;
    }

    /** An assertion named a kid we do not know: maybe the key set rotated. Reloads on a worker, rate-capped. */
    public void requestReload() {
        if (source.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        long last = lastRequested.get();
        if (now - last >= minReloadGap.toNanos() && lastRequested.compareAndSet(last, now)) {
            worker.execute(this::reload);
        }
    }

    private String fetch(String where) throws IOException, InterruptedException {
        if (where.startsWith("https://") || where.startsWith("http://")) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(where)).timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/json").GET().build();
            HttpResponse<InputStream> response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode());
                }
                return limited(body);
            }
        }
        try (InputStream body = Files.newInputStream(Path.of(where))) {
            return limited(body);
        }
    }

    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    private static String limited(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
        if (bytes.length > MAX_DOCUMENT_BYTES) {
            throw new IOException("larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The signing keys of a JWKS: EC P-256 keys with a kid, for signatures. A set holding a private key is refused
     * whole: the ingest service must hold public keys only (docs/security.md), and such a file is a leak to fix.
     */
    static Map<String, PublicKey> parse(String json) throws JoseException {
        Map<String, PublicKey> read = new TreeMap<>();
        for (JsonWebKey jwk : new JsonWebKeySet(json).getJsonWebKeys()) {
            if (jwk instanceof EllipticCurveJsonWebKey ec && ec.getEcPrivateKey() != null) {
                throw new JoseException("the key set holds a private key (kid " + jwk.getKeyId() + "); give the ingest service public keys only");
            }
            if (jwk instanceof EllipticCurveJsonWebKey ec && EllipticCurves.P_256.equals(ec.getCurveName()) && jwk.getKeyId() != null
                    && (jwk.getUse() == null || "sig".equals(jwk.getUse()))) {
                read.put(jwk.getKeyId(), ec.getECPublicKey());
            }
        }
        return read;
    }
}
