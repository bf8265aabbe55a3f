package com.paubox.tracking.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks that a rendered object is a valid Kubernetes object of a kind this deployment uses: known
 * apiVersion/kind, binds to its typed model without type coercion, and leaves no field unknown to
 * the model (a misspelt {@code readinesProbe} or a field at the wrong level is an error here, not a
 * silently ignored key at apply time).
 */
final class KubernetesSchema {

    /** kind -> (apiVersion, model). Objects of any other kind fail the test until added here. */
    static final Map<String, Map.Entry<String, Class<? extends HasMetadata>>> KINDS = Map.ofEntries(
            Map.entry("Namespace", Map.entry("v1", Namespace.class)),
            Map.entry("ServiceAccount", Map.entry("v1", ServiceAccount.class)),
            Map.entry("ConfigMap", Map.entry("v1", ConfigMap.class)),
            Map.entry("Service", Map.entry("v1", Service.class)),
            Map.entry("PersistentVolumeClaim", Map.entry("v1", PersistentVolumeClaim.class)),
            Map.entry("Deployment", Map.entry("apps/v1", Deployment.class)),
            Map.entry("Job", Map.entry("batch/v1", Job.class)),
            Map.entry("CronJob", Map.entry("batch/v1", CronJob.class)),
            Map.entry("HorizontalPodAutoscaler", Map.entry("autoscaling/v2", HorizontalPodAutoscaler.class)),
            Map.entry("PodDisruptionBudget", Map.entry("policy/v1", PodDisruptionBudget.class)),
            Map.entry("NetworkPolicy", Map.entry("networking.k8s.io/v1", NetworkPolicy.class)),
            Map.entry("Ingress", Map.entry("networking.k8s.io/v1", Ingress.class)));

    static final Set<String> CLUSTER_SCOPED = Set.of("Namespace");

    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private static final ObjectMapper STRICT = strictMapper();

    private KubernetesSchema() {
    }

    private static ObjectMapper strictMapper() {
        JsonMapper m = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // unknowns land in additionalProperties, checked below
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        // The API server does not turn "8081" into 8081 or "true" into true, nor numbers into strings.
        for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        m.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return m;
    }

    /** Problems with one object; empty when it is valid. */
    static List<String> problems(JsonNode object) {
        List<String> problems = new ArrayList<>();
        String kind = object.path("kind").asText("");
        String apiVersion = object.path("apiVersion").asText("");
        String name = object.path("metadata").path("name").asText("");
        String id = kind + "/" + name;
        var known = KINDS.get(kind);
        if (known == null) {
            problems.add(id + ": kind '" + kind + "' is not one this deployment uses (extend KubernetesSchema.KINDS)");
            return problems;
        }
        if (!known.getKey().equals(apiVersion)) {
            problems.add(id + ": apiVersion '" + apiVersion + "', expected '" + known.getKey() + "'");
        }
        Pattern namePattern = Set.of("Namespace", "Service").contains(kind) ? DNS_LABEL : DNS_SUBDOMAIN;
        if (!namePattern.matcher(name).matches()) {
            problems.add(id + ": metadata.name is not a valid name");
        }
        if (!CLUSTER_SCOPED.contains(kind) && object.path("metadata").path("namespace").asText("").isBlank()) {
            problems.add(id + ": metadata.namespace is not set");
        }
        for (JsonNode map : List.of(object.path("metadata").path("labels"), object.path("metadata").path("annotations"))) {
            map.fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual()) {
                    problems.add(id + ": label/annotation '" + e.getKey() + "' must be a string, is " + e.getValue());
                }
            });
        }
        Object model;
        try {
            model = STRICT.treeToValue(object, known.getValue());
        } catch (Exception e) {
            problems.add(id + ": does not bind to " + known.getValue().getSimpleName() + ": " + e.getMessage());
            return problems;
        }
        unknownFields(model, "", problems, new IdentityHashMap<>());
        problems.replaceAll(p -> p.startsWith(id) ? p : id + ": " + p);
        return problems;
    }

    /** Walks the bound model; any additionalProperties entry is a field the schema does not know. */
    private static void unknownFields(Object o, String path, List<String> problems, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>
                || o.getClass().isPrimitive() || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, problems, seen));
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object v : c) {
                unknownFields(v, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) {
                continue;
            }
            String n = m.getName();
            if (!n.startsWith("get") || n.length() == 3) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (n.equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add("unknown field(s) " + extra.keySet() + " at " + (path.isEmpty() ? "<root>" : path));
                }
                continue;
            }
            String field = Character.toLowerCase(n.charAt(3)) + n.substring(4);
            unknownFields(value, path + "." + field, problems, seen);
        }
    }
}
