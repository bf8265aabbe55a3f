package com.paubox.tracking.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** Lookups over one rendered overlay. */
record Manifests(String overlay, List<ObjectNode> objects) {

    static Manifests of(String overlay) {
        return new Manifests(overlay, Kustomize.renderOverlay(overlay));
    }

    List<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    Optional<ObjectNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(name(o))).findFirst();
    }

    ObjectNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " named " + name));
    }

    static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    static String id(JsonNode o) {
        return o.path("kind").asText() + "/" + name(o);
    }

    /** A workload with the pod template it runs. */
    record Workload(ObjectNode object, JsonNode podTemplate) {
        String id() {
            return Manifests.id(object);
        }

        String kind() {
            return object.path("kind").asText();
        }

        JsonNode podSpec() {
            return podTemplate.path("spec");
        }

        Map<String, String> podLabels() {
            return strings(podTemplate.path("metadata").path("labels"));
        }

        List<JsonNode> containers() {
            return list(podSpec().path("containers"));
        }

        List<JsonNode> allContainers() {
            List<JsonNode> all = new ArrayList<>(list(podSpec().path("initContainers")));
            all.addAll(containers());
            return all;
        }

        boolean longRunning() {
            return kind().equals("Deployment") || kind().equals("StatefulSet") || kind().equals("DaemonSet");
        }
    }

    List<Workload> workloads() {
        List<Workload> w = new ArrayList<>();
        for (ObjectNode o : objects) {
            switch (o.path("kind").asText()) {
                case "Deployment", "StatefulSet", "DaemonSet", "Job" -> w.add(new Workload(o, o.path("spec").path("template")));
                case "CronJob" -> w.add(new Workload(o, o.path("spec").path("jobTemplate").path("spec").path("template")));
                case "Pod" -> w.add(new Workload(o, o));
                default -> {
                }
            }
        }
        return w;
    }

    Workload workload(String kind, String name) {
        return workloads().stream().filter(w -> w.kind().equals(kind) && name(w.object()).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " named " + name));
    }

    /** Value of an environment variable as the container sees it; "secret:NAME/KEY" when it comes from a Secret. */
    Map<String, String> effectiveEnv(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : list(container.path("envFrom"))) {
            String prefix = from.path("prefix").asText("");
            if (from.has("configMapRef")) {
                String cm = from.path("configMapRef").path("name").asText();
                ObjectNode map = get("ConfigMap", cm);
                strings(map.path("data")).forEach((k, v) -> env.put(prefix + k, v));
            }
        }
        for (JsonNode e : list(container.path("env"))) {
            String name = e.path("name").asText();
            if (e.has("valueFrom")) {
                JsonNode vf = e.path("valueFrom");
                if (vf.has("secretKeyRef")) {
                    env.put(name, "secret:" + vf.path("secretKeyRef").path("name").asText() + "/"
                            + vf.path("secretKeyRef").path("key").asText());
                } else if (vf.has("configMapKeyRef")) {
                    JsonNode ref = vf.path("configMapKeyRef");
                    env.put(name, strings(get("ConfigMap", ref.path("name").asText()).path("data")).get(ref.path("key").asText()));
                } else {
                    env.put(name, "valueFrom:" + vf);
                }
            } else {
                env.put(name, e.path("value").asText(""));
            }
        }
        return env;
    }

    static List<JsonNode> list(JsonNode n) {
        if (n == null || !n.isArray()) {
            return List.of();
        }
        return StreamSupport.stream(n.spliterator(), false).toList();
    }

    static Map<String, String> strings(JsonNode n) {
        Map<String, String> m = new LinkedHashMap<>();
        if (n != null && n.isObject()) {
            n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        }
        return m;
    }

    /** Kubernetes label selector semantics (matchLabels AND matchExpressions); an empty selector matches all. */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        if (selector == null || selector.isMissingNode() || selector.isNull()) {
            return false;
        }
        for (var e : strings(selector.path("matchLabels")).entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode expr : list(selector.path("matchExpressions"))) {
            String key = expr.path("key").asText();
            List<String> values = list(expr.path("values")).stream().map(JsonNode::asText).toList();
            boolean ok = switch (expr.path("operator").asText()) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> throw new AssertionError("unknown selector operator in " + expr);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
