package com.paubox.tracking.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The contract's example payloads ({@code shared-model/contract}), read by the Java tests of every module
 * and by the snippet's tests, so the two sides cannot drift.
 */
public final class ContractFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One refused body: the field the answer must name and the status it must have. */
    public record InvalidCase(String name, String field, int status, boolean schemaRejects, JsonNode body) {
    }

    private ContractFixtures() {
    }

    public static Path directory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared-model/contract");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            if (dir.endsWith("shared-model") && Files.isDirectory(dir.resolve("contract"))) {
                return dir.resolve("contract");
            }
        }
        throw new IllegalStateException("shared-model/contract not found above " + Path.of("").toAbsolutePath());
    }

    /** The valid example bodies by file name (page_view.json, batch.json, ...). */
    public static List<Path> validBodies() {
        try (Stream<Path> files = Files.list(directory().resolve("valid"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] valid(String name) {
        return read(directory().resolve("valid").resolve(name));
    }

    public static List<InvalidCase> invalidCases() {
        try {
            JsonNode root = JSON.readTree(directory().resolve("invalid.json").toFile());
            List<InvalidCase> cases = new ArrayList<>();
            for (JsonNode c : root.get("cases")) {
                cases.add(new InvalidCase(c.get("name").asText(), c.get("field").asText(), c.get("status").asInt(),
                        c.get("schema_rejects").asBoolean(), c.get("body")));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
