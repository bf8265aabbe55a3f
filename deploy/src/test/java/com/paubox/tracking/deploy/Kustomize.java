package com.paubox.tracking.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Renders kustomizations with {@code kubectl kustomize}; a missing kubectl is an error, never a skip. */
final class Kustomize {

    static final YAMLMapper YAML = new YAMLMapper();

    private static final Map<Path, List<ObjectNode>> CACHE = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The deploy module's directory (surefire passes it; falls back to the working directory). */
    static Path deployDir() {
        String dir = System.getProperty("deploy.dir");
        Path p = dir != null ? Path.of(dir) : Path.of("").toAbsolutePath();
        if (!Files.isDirectory(p.resolve("overlays")) && Files.isDirectory(p.resolve("deploy/overlays"))) {
            p = p.resolve("deploy");
        }
        return p.toAbsolutePath().normalize();
    }

    /** Every directory under deploy/overlays that holds a kustomization. */
    static List<String> overlays() {
        Path root = deployDir().resolve("overlays");
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + root, e);
        }
    }

    static List<ObjectNode> renderOverlay(String overlay) {
        return render(deployDir().resolve("overlays").resolve(overlay));
    }

    static List<ObjectNode> render(Path kustomization) {
        return CACHE.computeIfAbsent(kustomization.toAbsolutePath().normalize(), Kustomize::run);
    }

    /**
     * KUBECTL if set; else kubectl on the PATH; else the copy deploy/install-kubectl.sh caches; else
     * plain "kubectl", which then fails with an explanation.
     */
    static String kubectl() {
        String k = System.getenv("KUBECTL");
        if (k != null && !k.isBlank()) {
            return k;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl"))) {
                    return "kubectl";
                }
            }
        }
        String home = System.getenv("KUBECTL_HOME");
        Path cached = home != null && !home.isBlank() ? Path.of(home, "kubectl")
                : Path.of(System.getProperty("user.home"), ".cache", "paubox-tracking", "kubectl", "kubectl");
        return Files.isExecutable(cached) ? cached.toString() : "kubectl";
    }

    private static List<ObjectNode> run(Path dir) {
        String yaml = exec(List.of(kubectl(), "kustomize", dir.toString()));
        return parse(yaml);
    }

    static String exec(List<String> command) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new AssertionError("kubectl is required to render the manifests but could not be run ("
                    + command.get(0) + "): " + e.getMessage()
                    + ". Install kubectl >= 1.27 (it bundles kustomize v5): bash deploy/install-kubectl.sh,"
                    + " or point KUBECTL at one.", e);
        }
        try {
            p.getOutputStream().close();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errPump = new Thread(() -> copy(p.getErrorStream(), err));
            errPump.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            errPump.join(5_000);
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed with exit code " + p.exitValue()
                        + ":\n" + err.toString(StandardCharsets.UTF_8)
                        + "\n(a kubectl older than 1.27 embeds a kustomize too old for deploy/: run deploy/install-kubectl.sh)");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("reading the output of " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the exit code tells what matters
        }
    }

    /** Parses a multi-document YAML stream into objects; every document must be a mapping. */
    static List<ObjectNode> parse(String yaml) {
        List<ObjectNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                if (!doc.isObject()) {
                    throw new AssertionError("a rendered YAML document is not a mapping: " + doc);
                }
                objects.add((ObjectNode) doc);
            }
        } catch (IOException e) {
            throw new AssertionError("rendered output is not valid YAML: " + e.getMessage(), e);
        }
        return objects;
    }
}
