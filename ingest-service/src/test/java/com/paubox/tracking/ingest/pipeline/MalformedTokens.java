package com.paubox.tracking.ingest.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Malformed identity tokens for the fuzz tests: fixed cases (truncated, shuffled and extra segments, bad base64,
 * headers and payloads of the wrong JSON type, a 2,500-char kid, 1,500-deep nesting) and random mutations of a valid
 * token (random bytes, truncation, changed characters, inserted dots, swapped segments, base64 of the whole).
 */
public final class MalformedTokens {

    private MalformedTokens() {
    }

    public static List<String> fixedCases(String valid, String kid) {
        String[] p = valid.split("\\.");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String deep = "[".repeat(1500) + "]".repeat(1500);
        List<String> cases = new ArrayList<>(List.of(".", "..", "...", "a.b.c", "a.b", p[0], p[0] + "." + p[1], p[0] + ".." + p[2],
                "." + p[1] + "." + p[2], p[0] + "." + p[1] + "." + p[2] + ".", p[1] + "." + p[0] + "." + p[2],
                p[0] + "." + p[1] + "." + p[2] + "." + p[2] + "." + p[2], "eyJ!!!.eyJ###." + p[2], "%%%." + p[1] + "." + p[2],
                p[0] + "=." + p[1] + "." + p[2], " " + valid, valid + " ", valid.replace('.', ' '), "Bearer " + valid, "\u0000" + valid,
                "é." + p[1] + "." + p[2]));
        for (String header : List.of("null", "[]", "1", "\"ES256\"", "{}", "{\"alg\":null}", "{\"alg\":1,\"kid\":{}}",
                "{\"alg\":\"ES256\",\"kid\":[\"" + kid + "\"]}", "{\"alg\":\"ES256\",\"kid\":\"" + kid + "\",\"crit\":[\"exp\"]}",
                                "{\"alg\":\"ES256\",\"kid\":\"" + "k".repeat(2500) + "\"}", deep, "{\"alg\":\"ES256\"", "{\"alg\":\"ES256\",\"alg\":\"none\"}",
                "{\"alg\":\"RSA-OAEP\",\"enc\":\"A128GCM\"}")) {
            cases.add(b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + p[1] + "." + p[2]);
        }
        for (String payload : List.of("null", "[]", "\"x\"", "{\"sub\":1}", "{\"sub\":null}", "{\"aud\":1}", "{\"exp\":\"soon\"}",
                "{\"sub\":\"a\",\"customer_id\":1.5}", "{\"sub\":\"a\",\"customer_id\":99999999999999999999999}", deep, "not json")) {
            cases.add(p[0] + "." + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + p[2]);
        }
        return cases;
    }

    public static String mutate(String valid, Random random) {
        char[] c = valid.toCharArray();
        switch (random.nextInt(6)) {
            case 0 -> {
                byte[] bytes = new byte[1 + random.nextInt(400)];
                random.nextBytes(bytes);
                return new String(bytes, StandardCharsets.ISO_8859_1);
            }
            case 1 -> {
                return valid.substring(0, random.nextInt(valid.length()));
            }
            case 2 -> {
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    c[random.nextInt(c.length)] = (char) (32 + random.nextInt(95));
                }
                return new String(c);
            }
            case 3 -> {
                int at = random.nextInt(c.length);
                return valid.substring(0, at) + "." + valid.substring(at);
            }
            case 4 -> {
                String[] p = valid.split("\\.");
                return p[random.nextInt(3)] + "." + p[random.nextInt(3)] + "." + p[random.nextInt(3)];
            }
            default -> {
                return Base64.getUrlEncoder().withoutPadding().encodeToString(valid.getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
