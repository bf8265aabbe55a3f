package com.paubox.tracking.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.paubox.tracking.deploy.Manifests.Workload;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.paubox.tracking.deploy.Manifests.id;
import static com.paubox.tracking.deploy.Manifests.list;
import static com.paubox.tracking.deploy.Manifests.name;
import static com.paubox.tracking.deploy.Manifests.selects;
import static com.paubox.tracking.deploy.Manifests.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Renders every overlay under deploy/overlays with {@code kubectl kustomize} and checks that what an
 * operator applies is made of valid Kubernetes objects that keep the deployment's invariants.
 * kubectl is required: without it these tests fail (they are never skipped).
 */
class RenderedManifestsTest {

    static final int MANAGEMENT_PORT = 9000;
    static final Map<String, Integer> APP_PORTS = Map.of("ingest-service", 8081, "dashboard-service", 8082);
    static final String MIGRATION_JOB = "analytics-migrate";
    static final String DB_SECRET = "analytics-database";
    static final String GEOIP_SECRET = "geoip-license";
    static final Set<String> REQUIRED_SECRETS = Set.of(DB_SECRET, GEOIP_SECRET);
    static final String INGRESS_NAMESPACE = "ingress-nginx";
    static final String MONITORING_NAMESPACE = "monitoring";
    static final String DNS_NAMESPACE = "kube-system";
    /** Who may open connections to which port outside DNS and PostgreSQL (by app.kubernetes.io/name). */
    static final Map<String, Set<Integer>> EXTRA_EGRESS = Map.of(
            "dashboard-service", Set.of(443), // OIDC discovery + JWKS
            "geoipupdate", Set.of(443)); // MaxMind downloads
    static final Set<String> DATABASE_CLIENTS = Set.of("ingest-service", "dashboard-service", MIGRATION_JOB);

    private static final Pattern SENSITIVE_NAME = Pattern.compile(
            ".*(PASSWORD|PASSWD|SECRET|LICENSE_KEY|LICENCE_KEY|CREDENTIAL|PRIVATE_KEY|API_KEY|DATABASE_URL|_TOKEN$).*");
    private static final Pattern URL_WITH_PASSWORD = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s@:]+:[^/\\s@]+@");

    static Stream<String> overlays() {
        return Kustomize.overlays().stream();
    }

    @Test
    void theOperatorFacingOverlaysExistAndTheBaseRenders() {
        List<String> overlays = Kustomize.overlays();
        assertTrue(overlays.containsAll(List.of("local", "production")), "overlays found: " + overlays);
        List<ObjectNode> base = Kustomize.render(Kustomize.deployDir().resolve("base"));
        assertFalse(base.isEmpty(), "the base renders to nothing");
    }

    @Test
    void aMissingKubectlFailsInsteadOfSkipping() {
        try {
            Kustomize.exec(List.of("kubectl-that-does-not-exist-" + System.nanoTime(), "kustomize", "."));
        } catch (AssertionError expected) {
            assertTrue(expected.getMessage().contains("kubectl is required"), expected.getMessage());
            return;
        }
        fail("running a missing kubectl did not fail");
    }

    @Test
    void theSchemaCheckCatchesMisspeltFieldsAndWrongTypes() {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x, namespace: ns}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: i:1
                          readinesProbe: {httpGet: {path: /q/health/ready, port: 9000}}
                          ports: [{containerPort: "8081"}]
                """;
        List<String> problems = KubernetesSchema.problems(Kustomize.parse(deployment).get(0));
        assertTrue(problems.stream().anyMatch(p -> p.contains("readinesProbe") || p.contains("containerPort")), problems.toString());
        String typo = deployment.replace("ports: [{containerPort: \"8081\"}]", "ports: [{containerPort: 8081}]");
        assertTrue(KubernetesSchema.problems(Kustomize.parse(typo).get(0)).stream().anyMatch(p -> p.contains("readinesProbe")));
        String wrongType = deployment.replace("readinesProbe", "readinessProbe");
        assertTrue(KubernetesSchema.problems(Kustomize.parse(wrongType).get(0)).stream().anyMatch(p -> p.contains("bind")),
                "a string containerPort must not bind");
        String valid = wrongType.replace("ports: [{containerPort: \"8081\"}]", "ports: [{containerPort: 8081}]");
        assertEquals(List.of(), KubernetesSchema.problems(Kustomize.parse(valid).get(0)));
        String unknownKind = "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: ns}\nstringData: {a: b}\n";
        assertFalse(KubernetesSchema.problems(Kustomize.parse(unknownKind).get(0)).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyObjectIsAValidKubernetesObject(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ObjectNode o : m.objects()) {
            problems.addAll(KubernetesSchema.problems(o));
            String key = o.path("kind").asText() + "/" + o.path("metadata").path("namespace").asText() + "/" + name(o);
            if (!seen.add(key)) {
                problems.add("duplicate object " + key);
            }
        }
        Set<String> namespaces = new TreeSet<>();
        m.objects().stream().map(o -> o.path("metadata").path("namespace").asText("")).filter(s -> !s.isEmpty()).forEach(namespaces::add);
        for (String ns : namespaces) {
            m.find("Namespace", ns).ifPresentOrElse(
                    n -> {
                        if (!"restricted".equals(n.path("metadata").path("labels").path("pod-security.kubernetes.io/enforce").asText())) {
                            problems.add("Namespace " + ns + " does not enforce the restricted Pod Security Standard");
                        }
                    },
                    () -> problems.add("objects use namespace " + ns + " but the overlay does not declare it"));
        }
        for (String required : List.of("Deployment/ingest-service", "Deployment/dashboard-service", "Service/ingest-service",
                "Service/dashboard-service", "Job/" + MIGRATION_JOB, "HorizontalPodAutoscaler/ingest-service", "CronJob/geoipupdate")) {
            if (m.objects().stream().noneMatch(o -> id(o).equals(required))) {
                problems.add("missing " + required);
            }
        }
        assertNoProblems(overlay, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyContainerHasLimitsAndALockedDownSecurityContext(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<String> problems = new ArrayList<>();
        assertFalse(m.workloads().isEmpty());
        for (Workload w : m.workloads()) {
            JsonNode pod = w.podSpec();
            JsonNode podSc = pod.path("securityContext");
            for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
                if (pod.path(host).asBoolean(false)) {
                    problems.add(w.id() + ": " + host);
                }
            }
            if (!pod.path("automountServiceAccountToken").isBoolean() || pod.path("automountServiceAccountToken").asBoolean()) {
                problems.add(w.id() + ": automountServiceAccountToken must be false (no workload talks to the API server)");
            }
            Set<String> emptyDirs = new HashSet<>();
            for (JsonNode v : list(pod.path("volumes"))) {
                if (v.has("emptyDir")) {
                    emptyDirs.add(v.path("name").asText());
                }
            }
            for (JsonNode c : w.allContainers()) {
                String cid = w.id() + " container " + c.path("name").asText();
                JsonNode res = c.path("resources");
                for (String kind : List.of("requests", "limits")) {
                    for (String r : List.of("cpu", "memory")) {
                        if (res.path(kind).path(r).asText("").isEmpty()) {
                            problems.add(cid + ": no resources." + kind + "." + r);
                        }
                    }
                }
                for (String r : List.of("cpu", "memory")) {
                    String req = res.path("requests").path(r).asText("");
                    String lim = res.path("limits").path(r).asText("");
                    if (!req.isEmpty() && !lim.isEmpty() && amount(req).compareTo(amount(lim)) > 0) {
                        problems.add(cid + ": request " + r + " " + req + " above its limit " + lim);
                    }
                }
                JsonNode sc = c.path("securityContext");
                boolean nonRoot = sc.has("runAsNonRoot") ? sc.path("runAsNonRoot").asBoolean() : podSc.path("runAsNonRoot").asBoolean(false);
                if (!nonRoot) {
                    problems.add(cid + ": runAsNonRoot is not true");
                }
                JsonNode uid = sc.has("runAsUser") ? sc.path("runAsUser") : podSc.path("runAsUser");
                if (uid.isNumber() && uid.asLong() == 0) {
                    problems.add(cid + ": runs as uid 0");
                }
                if (!sc.path("allowPrivilegeEscalation").isBoolean() || sc.path("allowPrivilegeEscalation").asBoolean()) {
                    problems.add(cid + ": allowPrivilegeEscalation must be false");
                }
                if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
                    problems.add(cid + ": readOnlyRootFilesystem must be true");
                }
                if (sc.path("privileged").asBoolean(false)) {
                    problems.add(cid + ": privileged");
                }
                List<String> drop = list(sc.path("capabilities").path("drop")).stream().map(JsonNode::asText).toList();
                if (!drop.contains("ALL")) {
                    problems.add(cid + ": capabilities.drop does not contain ALL");
                }
                if (!list(sc.path("capabilities").path("add")).isEmpty()) {
                    problems.add(cid + ": adds capabilities");
                }
                String seccomp = (sc.path("seccompProfile").has("type") ? sc : podSc).path("seccompProfile").path("type").asText("");
                if (!Set.of("RuntimeDefault", "Localhost").contains(seccomp)) {
                    problems.add(cid + ": no RuntimeDefault seccomp profile");
                }
                // a read-only root filesystem needs a writable /tmp (JVM perf data, Vert.x file cache)
                boolean tmp = list(c.path("volumeMounts")).stream().anyMatch(vm -> "/tmp".equals(vm.path("mountPath").asText())
                        && emptyDirs.contains(vm.path("name").asText()) && !vm.path("readOnly").asBoolean(false));
                if (!tmp) {
                    problems.add(cid + ": no writable emptyDir at /tmp");
                }
            }
        }
        assertNoProblems(overlay, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void longRunningContainersProbeHealthOnTheManagementPort(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<String> problems = new ArrayList<>();
        for (Workload w : m.workloads()) {
            if (!w.longRunning()) {
                continue;
            }
            for (JsonNode c : w.containers()) {
                String cid = w.id() + " container " + c.path("name").asText();
                for (var probe : Map.of("startupProbe", "/q/health/started", "readinessProbe", "/q/health/ready",
                        "livenessProbe", "/q/health/live").entrySet()) {
                    JsonNode get = c.path(probe.getKey()).path("httpGet");
                    if (get.isMissingNode()) {
                        problems.add(cid + ": no " + probe.getKey() + " (httpGet)");
                        continue;
                    }
                    if (!probe.getValue().equals(get.path("path").asText())) {
                        problems.add(cid + ": " + probe.getKey() + " path " + get.path("path").asText() + ", expected " + probe.getValue());
                    }
                    Integer port = containerPort(c, get.path("port"));
                    if (!Objects.equals(port, MANAGEMENT_PORT)) {
                        problems.add(cid + ": " + probe.getKey() + " port " + get.path("port") + " is not the management port " + MANAGEMENT_PORT);
                    }
                }
                JsonNode annotations = w.podTemplate().path("metadata").path("annotations");
                if (!"true".equals(annotations.path("prometheus.io/scrape").asText())
                        || !String.valueOf(MANAGEMENT_PORT).equals(annotations.path("prometheus.io/port").asText())
                        || !"/q/metrics".equals(annotations.path("prometheus.io/path").asText())) {
                    problems.add(w.id() + ": pod template lacks Prometheus scrape annotations for :9000/q/metrics");
                }
                Map<String, String> env = m.effectiveEnv(c);
                if (!"true".equals(env.get("QUARKUS_MANAGEMENT_ENABLED"))) {
                    problems.add(cid + ": QUARKUS_MANAGEMENT_ENABLED is not true (health and metrics must leave the public port)");
                }
            }
        }
        assertNoProblems(overlay, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void secretsAreReferencedNeverInlined(String overlay) throws IOException {
        Manifests m = Manifests.of(overlay);
        List<String> problems = new ArrayList<>();
        for (ObjectNode o : m.ofKind("Secret")) {
            problems.add("Secret " + name(o) + " is inlined in the manifests; create it out of band and reference it");
        }
        Set<String> referenced = new TreeSet<>();
        for (Workload w : m.workloads()) {
            JsonNode pod = w.podSpec();
            list(pod.path("imagePullSecrets")).forEach(s -> referenced.add(s.path("name").asText()));
            for (JsonNode v : list(pod.path("volumes"))) {
                if (v.has("secret")) {
                    referenced.add(v.path("secret").path("secretName").asText());
                }
                for (JsonNode src : list(v.path("projected").path("sources"))) {
                    if (src.has("secret")) {
                        referenced.add(src.path("secret").path("name").asText());
                    }
                }
            }
            for (JsonNode c : w.allContainers()) {
                for (JsonNode from : list(c.path("envFrom"))) {
                    if (from.has("secretRef")) {
                        referenced.add(from.path("secretRef").path("name").asText());
                    }
                }
                for (JsonNode e : list(c.path("env"))) {
                    String envName = e.path("name").asText();
                    if (e.path("valueFrom").has("secretKeyRef")) {
                        referenced.add(e.path("valueFrom").path("secretKeyRef").path("name").asText());
                    } else if (SENSITIVE_NAME.matcher(envName).matches()) {
                        problems.add(w.id() + ": " + envName + " must come from a Secret (valueFrom.secretKeyRef)");
                    }
                    if (e.has("value") && URL_WITH_PASSWORD.matcher(e.path("value").asText()).find()) {
                        problems.add(w.id() + ": " + envName + " carries a password in a URL");
                    }
                }
                Map<String, String> env = m.effectiveEnv(c);
                if (DATABASE_CLIENTS.contains(w.podLabels().get("app.kubernetes.io/name"))
                        && !("secret:" + DB_SECRET + "/url").equals(env.get("ANALYTICS_DATABASE_URL"))) {
                    problems.add(w.id() + ": ANALYTICS_DATABASE_URL is not taken from Secret " + DB_SECRET + " key url");
                }
            }
        }
        for (ObjectNode ing : m.ofKind("Ingress")) {
            list(ing.path("spec").path("tls")).forEach(t -> referenced.add(t.path("secretName").asText()));
        }
        for (ObjectNode cm : m.ofKind("ConfigMap")) {
            strings(cm.path("data")).forEach((k, v) -> {
                if (SENSITIVE_NAME.matcher(k).matches()) {
                    problems.add("ConfigMap " + name(cm) + ": " + k + " belongs in a Secret");
                }
                if (URL_WITH_PASSWORD.matcher(v).find() || v.contains("-----BEGIN")) {
                    problems.add("ConfigMap " + name(cm) + ": " + k + " holds a credential");
                }
            });
        }
        if (!referenced.containsAll(REQUIRED_SECRETS)) {
            problems.add("the Secrets " + REQUIRED_SECRETS + " must be referenced; referenced: " + referenced);
        }
        // Every referenced Secret is one the operator is told to create, and every Secret the
        // operator is told to create is used.
        String readme = Files.readString(Kustomize.deployDir().resolve("README.md"));
        var documented = Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\|").matcher(readme).results().map(r -> r.group(1)).toList();
        if (documented.isEmpty()) {
            problems.add("deploy/README.md lists no Secrets (table rows '| `name` | keys | used by |')");
        }
        for (String s : documented) {
            if (!referenced.contains(s)) {
                problems.add("deploy/README.md tells operators to create Secret " + s + ", which nothing references");
            }
        }
        for (String s : referenced) {
            if (s.isBlank()) {
                problems.add("a Secret reference without a name");
            } else if (!readme.contains("`" + s + "`")) {
                problems.add("Secret " + s + " is referenced but deploy/README.md does not say how to create it");
            }
        }
        assertNoProblems(overlay, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyReferencedConfigMapServiceAccountAndClaimExists(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<String> problems = new ArrayList<>();
        for (Workload w : m.workloads()) {
            JsonNode pod = w.podSpec();
            String sa = pod.path("serviceAccountName").asText("");
            if (sa.isEmpty() || m.find("ServiceAccount", sa).isEmpty()) {
                problems.add(w.id() + ": runs as ServiceAccount '" + sa + "', which the overlay does not define");
            }
            for (JsonNode v : list(pod.path("volumes"))) {
                JsonNode cm = v.path("configMap");
                if (cm.isObject() && !cm.path("optional").asBoolean(false) && m.find("ConfigMap", cm.path("name").asText()).isEmpty()) {
                    problems.add(w.id() + ": volume " + v.path("name").asText() + " needs ConfigMap " + cm.path("name").asText());
                }
                JsonNode pvc = v.path("persistentVolumeClaim");
                if (pvc.isObject() && m.find("PersistentVolumeClaim", pvc.path("claimName").asText()).isEmpty()) {
                    problems.add(w.id() + ": volume " + v.path("name").asText() + " needs claim " + pvc.path("claimName").asText());
                }
            }
            for (JsonNode c : w.allContainers()) {
                Set<String> volumes = new HashSet<>();
                list(pod.path("volumes")).forEach(v -> volumes.add(v.path("name").asText()));
                for (JsonNode vm : list(c.path("volumeMounts"))) {
                    if (!volumes.contains(vm.path("name").asText())) {
                        problems.add(w.id() + ": mounts undefined volume " + vm.path("name").asText());
                    }
                }
                for (JsonNode from : list(c.path("envFrom"))) {
                    JsonNode ref = from.path("configMapRef");
                    if (ref.isObject() && !ref.path("optional").asBoolean(false) && m.find("ConfigMap", ref.path("name").asText()).isEmpty()) {
                        problems.add(w.id() + ": envFrom needs ConfigMap " + ref.path("name").asText());
                    }
                }
            }
        }
        assertNoProblems(overlay, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void serviceConfigurationComesFromConfigMaps(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<String> problems = new ArrayList<>();
        for (ObjectNode d : m.ofKind("Deployment")) {
            Workload w = m.workload("Deployment", name(d));
            for (JsonNode c : w.containers()) {
                boolean fromConfigMap = list(c.path("envFrom")).stream().anyMatch(f -> f.has("configMapRef"));
                if (!fromConfigMap) {
                    problems.add(w.id() + ": takes no configuration from a ConfigMap (envFrom.configMapRef)");
                }
                for (JsonNode e : list(c.path("env"))) {
                    String envName = e.path("name").asText();
                    // literals only for the image's JVM tuning; application settings live in the ConfigMap
                    if (!e.has("valueFrom") && !envName.startsWith("JAVA_")) {
                        problems.add(w.id() + ": " + envName + " is a literal in the Deployment; put it in the service's ConfigMap");
                    }
                }
            }
        }
        assertNoProblems(overlay, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void servicesAndIngressesExposeOnlyTheApplicationPorts(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<String> problems = new ArrayList<>();
        for (ObjectNode svc : m.ofKind("Service")) {
            String type = svc.path("spec").path("type").asText("ClusterIP");
            if (!type.equals("ClusterIP")) {
                problems.add(id(svc) + ": type " + type + " (only the Ingress is public)");
            }
            List<Workload> backends = m.workloads().stream()
                    .filter(w -> w.longRunning() && selects(svc.path("spec").path("selector").isObject()
                            ? wrapMatchLabels(svc.path("spec").path("selector")) : null, w.podLabels()))
                    .toList();
            if (backends.size() != 1) {
                problems.add(id(svc) + ": selects " + backends.size() + " workloads, expected exactly one");
                continue;
            }
            Integer appPort = APP_PORTS.get(name(backends.get(0).object()));
            for (JsonNode p : list(svc.path("spec").path("ports"))) {
                Integer target = containerPort(backends.get(0).containers().get(0),
                        p.has("targetPort") ? p.path("targetPort") : p.path("port"));
                if (p.path("port").asInt() == MANAGEMENT_PORT || Objects.equals(target, MANAGEMENT_PORT)) {
                    problems.add(id(svc) + ": exposes the management port " + MANAGEMENT_PORT);
                } else if (!Objects.equals(target, appPort) || p.path("port").asInt() != appPort) {
                    problems.add(id(svc) + ": port " + p + " is not the application port " + appPort);
                }
            }
        }
        List<ObjectNode> ingresses = m.ofKind("Ingress");
        if (ingresses.isEmpty()) {
            problems.add("no Ingress");
        }
        for (ObjectNode ing : ingresses) {
            JsonNode spec = ing.path("spec");
            if (spec.path("ingressClassName").asText("").isEmpty()) {
                problems.add(id(ing) + ": no ingressClassName");
            }
            Set<String> tlsHosts = new HashSet<>();
            for (JsonNode t : list(spec.path("tls"))) {
                if (t.path("secretName").asText("").isEmpty()) {
                    problems.add(id(ing) + ": tls entry without secretName");
                }
                list(t.path("hosts")).forEach(h -> tlsHosts.add(h.asText()));
            }
            if (spec.has("defaultBackend")) {
                problems.add(id(ing) + ": a defaultBackend routes every path");
            }
            for (JsonNode rule : list(spec.path("rules"))) {
                String host = rule.path("host").asText("");
                if (host.isEmpty() || !tlsHosts.contains(host)) {
                    problems.add(id(ing) + ": host '" + host + "' is not covered by TLS");
                }
                for (JsonNode path : list(rule.path("http").path("paths"))) {
                    String p = path.path("path").asText("");
                    if (!p.startsWith("/api/") || p.startsWith("/q")) {
                        problems.add(id(ing) + ": routes '" + p + "'; only the public /api/ paths may be routed");
                    }
                    JsonNode backend = path.path("backend").path("service");
                    ObjectNode svc = m.find("Service", backend.path("name").asText()).orElse(null);
                    if (svc == null) {
                        problems.add(id(ing) + ": backend service " + backend.path("name").asText() + " does not exist");
                        continue;
                    }
                    JsonNode port = backend.path("port");
                    boolean known = list(svc.path("spec").path("ports")).stream().anyMatch(sp ->
                            port.has("number") ? sp.path("port").asInt() == port.path("number").asInt()
                                    : sp.path("name").asText().equals(port.path("name").asText()));
                    if (!known) {
                        problems.add(id(ing) + ": backend port " + port + " is not a port of " + id(svc));
                    }
                }
            }
        }
        assertNoProblems(overlay, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void flywayMigratesOnlyInTheJobAndTheServicesValidate(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<String> problems = new ArrayList<>();
        for (ObjectNode d : m.ofKind("Deployment")) {
            Workload w = m.workload("Deployment", name(d));
            for (JsonNode c : w.containers()) {
                Map<String, String> env = m.effectiveEnv(c);
                if (!"false".equals(env.get("QUARKUS_FLYWAY_MIGRATE_AT_START"))) {
                    problems.add(w.id() + ": QUARKUS_FLYWAY_MIGRATE_AT_START must be false");
                }
                if (!"true".equals(env.get("QUARKUS_FLYWAY_VALIDATE_AT_START"))) {
                    problems.add(w.id() + ": QUARKUS_FLYWAY_VALIDATE_AT_START must be true");
                }
                if (env.containsKey("QUARKUS_INIT_AND_EXIT")) {
                    problems.add(w.id() + ": QUARKUS_INIT_AND_EXIT belongs to the migration Job only");
                }
            }
        }
        List<Workload> migrations = new ArrayList<>();
        for (Workload w : m.workloads()) {
            for (JsonNode c : w.containers()) {
                if ("true".equals(m.effectiveEnv(c).get("QUARKUS_FLYWAY_MIGRATE_AT_START"))) {
                    migrations.add(w);
                }
            }
        }
        if (migrations.size() != 1 || !migrations.get(0).id().equals("Job/" + MIGRATION_JOB)) {
            problems.add("exactly one migrating container expected, in Job/" + MIGRATION_JOB + "; found " + migrations.stream().map(Workload::id).toList());
        } else {
            Workload job = migrations.get(0);
            JsonNode c = job.containers().get(0);
            Map<String, String> env = m.effectiveEnv(c);
            if (!"true".equals(env.get("QUARKUS_INIT_AND_EXIT"))) {
                problems.add(job.id() + ": QUARKUS_INIT_AND_EXIT must be true (migrate, then exit)");
            }
            String ingestImage = m.workload("Deployment", "ingest-service").containers().get(0).path("image").asText();
            if (!ingestImage.equals(c.path("image").asText())) {
                problems.add(job.id() + ": runs " + c.path("image").asText() + ", not the ingest image " + ingestImage);
            }
            String restart = job.podSpec().path("restartPolicy").asText();
            if (!Set.of("Never", "OnFailure").contains(restart)) {
                problems.add(job.id() + ": restartPolicy " + restart);
            }
            if (!job.object().path("spec").has("backoffLimit") || !job.object().path("spec").has("activeDeadlineSeconds")) {
                problems.add(job.id() + ": set backoffLimit and activeDeadlineSeconds");
            }
        }
        assertNoProblems(overlay, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void ingestAutoscalesAndEveryDeploymentHasADisruptionBudget(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<String> problems = new ArrayList<>();
        List<ObjectNode> hpas = m.ofKind("HorizontalPodAutoscaler");
        boolean ingestScaled = false;
        for (ObjectNode hpa : hpas) {
            JsonNode spec = hpa.path("spec");
            JsonNode ref = spec.path("scaleTargetRef");
            if (!"Deployment".equals(ref.path("kind").asText()) || !"apps/v1".equals(ref.path("apiVersion").asText())
                    || m.find("Deployment", ref.path("name").asText()).isEmpty()) {
                problems.add(id(hpa) + ": scaleTargetRef " + ref + " is not a Deployment of this overlay");
                continue;
            }
            ingestScaled |= "ingest-service".equals(ref.path("name").asText());
            int min = spec.path("minReplicas").asInt(1);
            int max = spec.path("maxReplicas").asInt();
            if (min < 1 || max <= min) {
                problems.add(id(hpa) + ": minReplicas " + min + " / maxReplicas " + max);
            }
            if (overlay.equals("production") && min < 2) {
                problems.add(id(hpa) + ": production needs at least two ingest pods");
            }
            boolean cpu = list(spec.path("metrics")).stream().anyMatch(x -> "cpu".equals(x.path("resource").path("name").asText()));
            if (!cpu) {
                problems.add(id(hpa) + ": no CPU metric");
            }
            Workload target = m.workload("Deployment", ref.path("name").asText());
            if (target.object().path("spec").has("replicas")) {
                problems.add(target.id() + ": sets spec.replicas although " + id(hpa) + " scales it; every apply would reset the count");
            }
            if (target.containers().stream().anyMatch(c -> c.path("resources").path("requests").path("cpu").isMissingNode())) {
                problems.add(id(hpa) + ": CPU utilisation needs CPU requests on every container of the target");
            }
        }
        if (!ingestScaled) {
            problems.add("no HorizontalPodAutoscaler for Deployment/ingest-service");
        }
        for (ObjectNode d : m.ofKind("Deployment")) {
            Workload w = m.workload("Deployment", name(d));
            List<ObjectNode> pdbs = m.ofKind("PodDisruptionBudget").stream()
                    .filter(p -> selects(p.path("spec").path("selector"), w.podLabels())).toList();
            if (pdbs.size() != 1) {
                problems.add(w.id() + ": covered by " + pdbs.size() + " PodDisruptionBudgets, expected one");
                continue;
            }
            JsonNode spec = pdbs.get(0).path("spec");
            int replicas = d.path("spec").path("replicas").asInt(1);
            boolean allowsDrain = spec.has("maxUnavailable") ? !spec.path("maxUnavailable").asText().matches("0%?")
                    : spec.path("minAvailable").isInt() && spec.path("minAvailable").asInt() < replicas;
            if (!allowsDrain) {
                problems.add(id(pdbs.get(0)) + ": allows no voluntary disruption, so nodes could never be drained");
            }
        }
        for (ObjectNode p : m.ofKind("PodDisruptionBudget")) {
            if (m.workloads().stream().noneMatch(w -> w.longRunning() && selects(p.path("spec").path("selector"), w.podLabels()))) {
                problems.add(id(p) + ": selects no Deployment");
            }
        }
        assertNoProblems(overlay, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void networkPoliciesAllowOnlyTheIntendedTraffic(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<String> problems = new ArrayList<>();
        List<ObjectNode> policies = m.ofKind("NetworkPolicy");
        boolean defaultDeny = policies.stream().anyMatch(p -> p.path("spec").path("podSelector").isObject()
                && p.path("spec").path("podSelector").isEmpty()
                && list(p.path("spec").path("policyTypes")).stream().map(JsonNode::asText).toList().containsAll(List.of("Ingress", "Egress"))
                && list(p.path("spec").path("ingress")).isEmpty() && list(p.path("spec").path("egress")).isEmpty());
        if (!defaultDeny) {
            problems.add("no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)");
        }
        for (Workload w : m.workloads()) {
            String app = w.podLabels().getOrDefault("app.kubernetes.io/name", "");
            List<ObjectNode> selecting = policies.stream().filter(p -> selects(p.path("spec").path("podSelector"), w.podLabels())).toList();
            List<JsonNode> ingress = new ArrayList<>();
            List<JsonNode> egress = new ArrayList<>();
            for (ObjectNode p : selecting) {
                List<String> types = list(p.path("spec").path("policyTypes")).stream().map(JsonNode::asText).toList();
                if (types.contains("Ingress")) {
                    ingress.addAll(list(p.path("spec").path("ingress")));
                }
                if (types.contains("Egress")) {
                    egress.addAll(list(p.path("spec").path("egress")));
                }
            }
            // --- ingress: application port from the ingress controller, 9000 from Prometheus, nothing else
            Integer appPort = APP_PORTS.get(app);
            for (JsonNode rule : ingress) {
                List<Integer> ports = ports(rule, problems, w.id());
                List<JsonNode> from = list(rule.path("from"));
                if (appPort == null) {
                    problems.add(w.id() + ": accepts connections, but only the two services may");
                    continue;
                }
                if (from.isEmpty()) {
                    problems.add(w.id() + ": an ingress rule without 'from' admits every source");
                }
                for (Integer port : ports) {
                    String allowedNs = port.equals(appPort) ? INGRESS_NAMESPACE : port == MANAGEMENT_PORT ? MONITORING_NAMESPACE : null;
                    if (allowedNs == null) {
                        problems.add(w.id() + ": admits port " + port);
                        continue;
                    }
                    for (JsonNode peer : from) {
                        String ns = peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText("");
                        if (!ns.equals(allowedNs) || !peer.path("podSelector").isObject() || peer.path("podSelector").isEmpty() || peer.has("ipBlock")) {
                            problems.add(w.id() + ": port " + port + " admits " + peer + "; only pods of namespace " + allowedNs);
                        }
                    }
                }
            }
            if (appPort != null) {
                boolean fromIngress = ingress.stream().anyMatch(r -> ports(r, new ArrayList<>(), w.id()).contains(appPort));
                if (!fromIngress) {
                    problems.add(w.id() + ": the ingress controller cannot reach port " + appPort);
                }
            }
            // --- egress: DNS for all; PostgreSQL for the database clients; 443 only where listed
            Set<Integer> allowedPorts = new HashSet<>(Set.of(53));
            if (DATABASE_CLIENTS.contains(app)) {
                allowedPorts.add(5432);
            }
            allowedPorts.addAll(EXTRA_EGRESS.getOrDefault(app, Set.of()));
            Set<Integer> reachable = new HashSet<>();
            for (JsonNode rule : egress) {
                List<JsonNode> to = list(rule.path("to"));
                if (to.isEmpty()) {
                    problems.add(w.id() + ": an egress rule without 'to' reaches every destination");
                }
                for (Integer port : ports(rule, problems, w.id())) {
                    reachable.add(port);
                    if (!allowedPorts.contains(port)) {
                        problems.add(w.id() + ": may connect to port " + port);
                    } else if (port == 53) {
                        for (JsonNode peer : to) {
                            if (!DNS_NAMESPACE.equals(peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText())) {
                                problems.add(w.id() + ": DNS egress to " + peer + " (only the cluster DNS)");
                            }
                        }
                    } else if (port == 5432) {
                        for (JsonNode peer : to) {
                            String cidr = peer.path("ipBlock").path("cidr").asText("");
                            if (cidr.endsWith("/0") || (!peer.has("ipBlock") && !peer.has("podSelector"))) {
                                problems.add(w.id() + ": PostgreSQL egress to " + peer + " is not narrowed to the database");
                            }
                        }
                    }
                }
            }
            if (!reachable.contains(53)) {
                problems.add(w.id() + ": cannot resolve DNS");
            }
            if (DATABASE_CLIENTS.contains(app) && !reachable.contains(5432)) {
                problems.add(w.id() + ": cannot reach PostgreSQL on 5432");
            }
        }
        assertNoProblems(overlay, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void rateLimitStaysPerClientAndTheClientAddressComesOnlyFromTheIngress(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<String> problems = new ArrayList<>();
        Map<String, String> env = m.effectiveEnv(m.workload("Deployment", "ingest-service").containers().get(0));
        for (String flag : List.of("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED")) {
            if (!"true".equals(env.get(flag))) {
                problems.add("ingest: " + flag + " must be true behind the ingress");
            }
        }
        String trusted = env.getOrDefault("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "");
        if (trusted.isBlank()) {
            problems.add("ingest: QUARKUS_HTTP_PROXY_TRUSTED_PROXIES is not set: forwarded client addresses would be ignored");
        }
        for (String entry : trusted.split(",")) {
            String e = entry.trim();
            if (e.equals("*") || e.endsWith("/0")) {
                problems.add("ingest: trusted proxy '" + e + "' lets any client forge its address (and dodge the rate limit)");
            }
        }
        List<ObjectNode> ingestIngresses = m.ofKind("Ingress").stream().filter(i -> list(i.path("spec").path("rules")).stream()
                .flatMap(r -> list(r.path("http").path("paths")).stream())
                .anyMatch(p -> "ingest-service".equals(p.path("backend").path("service").path("name").asText()))).toList();
        if (ingestIngresses.isEmpty()) {
            problems.add("no Ingress routes to ingest-service");
        }
        for (ObjectNode i : ingestIngresses) {
            String hash = i.path("metadata").path("annotations").path("nginx.ingress.kubernetes.io/upstream-hash-by").asText("");
            if (!hash.contains("remote_addr")) {
                problems.add(id(i) + ": no consistent hashing on the client address (nginx.ingress.kubernetes.io/upstream-hash-by); "
                        + "the per-pod rate limit would not be per client");
            }
        }
        assertNoProblems(overlay, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void geoipDatabaseComesFromAVolumeTheUpdaterKeepsFresh(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<String> problems = new ArrayList<>();
        Workload ingest = m.workload("Deployment", "ingest-service");
        JsonNode c = ingest.containers().get(0);
        String db = m.effectiveEnv(c).getOrDefault("ANALYTICS_GEOIP_DATABASE", "");
        JsonNode mount = mountHolding(c, db);
        String claim = null;
        if (mount == null) {
            problems.add("ingest: ANALYTICS_GEOIP_DATABASE '" + db + "' is not on a mounted volume");
        } else {
            if (!mount.path("readOnly").asBoolean(false)) {
                problems.add("ingest: the GeoIP volume must be mounted read-only");
            }
            JsonNode vol = volumeOf(ingest, mount);
            claim = vol == null ? null : vol.path("persistentVolumeClaim").path("claimName").asText(null);
            if (claim == null || m.find("PersistentVolumeClaim", claim).isEmpty()) {
                problems.add("ingest: the GeoIP volume is not an existing PersistentVolumeClaim");
            }
        }
        Workload updater = m.workload("CronJob", "geoipupdate");
        if (updater.object().path("spec").path("schedule").asText("").isBlank()) {
            problems.add("geoipupdate: no schedule");
        }
        String updaterClaim = list(updater.podSpec().path("volumes")).stream()
                .map(v -> v.path("persistentVolumeClaim").path("claimName").asText(""))
                .filter(s -> !s.isEmpty()).findFirst().orElse("");
        if (!updaterClaim.equals(claim)) {
            problems.add("geoipupdate writes claim '" + updaterClaim + "' but ingest reads '" + claim + "'");
        }
        boolean license = list(updater.podSpec().path("volumes")).stream().anyMatch(v -> GEOIP_SECRET.equals(v.path("secret").path("secretName").asText()))
                || updater.allContainers().stream().anyMatch(uc -> m.effectiveEnv(uc).values().stream().anyMatch(v -> v.startsWith("secret:" + GEOIP_SECRET + "/")));
        if (!license) {
            problems.add("geoipupdate does not take its licence key from Secret " + GEOIP_SECRET);
        }
        assertNoProblems(overlay, problems);
    }

    /**
     * Issue 29: ingest believes a beacon's identity only when a signed assertion vouches for it (mode verify or
     * require), with the host app's PUBLIC keys from a ConfigMap mounted read-only: a JWKS holding no private key.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void ingestVerifiesIdentitiesWithPublicKeysOnly(String overlay) throws IOException {
        Manifests m = Manifests.of(overlay);
        List<String> problems = new ArrayList<>();
        Workload ingest = m.workload("Deployment", "ingest-service");
        JsonNode c = ingest.containers().get(0);
        Map<String, String> env = m.effectiveEnv(c);
        if (!Set.of("verify", "require").contains(env.getOrDefault("ANALYTICS_IDENTITY_MODE", ""))) {
            problems.add("ingest: ANALYTICS_IDENTITY_MODE must be verify or require, is '" + env.get("ANALYTICS_IDENTITY_MODE") + "'");
        }
        String keys = env.getOrDefault("ANALYTICS_IDENTITY_KEYS", "");
        JsonNode mount = mountHolding(c, keys);
        if (mount == null) {
            problems.add("ingest: ANALYTICS_IDENTITY_KEYS '" + keys + "' is not on a mounted volume");
        } else {
            if (!mount.path("readOnly").asBoolean(false)) {
                problems.add("ingest: the identity keys volume must be mounted read-only");
            }
            JsonNode vol = volumeOf(ingest, mount);
            String cmName = vol == null ? "" : vol.path("configMap").path("name").asText("");
            String file = keys.substring(mount.path("mountPath").asText().length() + 1);
            String jwks = m.find("ConfigMap", cmName).map(cm -> cm.path("data").path(file).asText(null)).orElse(null);
            if (jwks == null) {
                problems.add("ingest: the identity keys volume is not a ConfigMap holding " + file);
            } else {
                JsonNode set = new com.fasterxml.jackson.databind.ObjectMapper().readTree(jwks);
                if (!set.path("keys").isArray()) {
                    problems.add("ingest: " + file + " is not a JWKS ({\"keys\": [...]})");
                }
                for (JsonNode key : list(set.path("keys"))) {
                    if (key.has("d")) {
                        problems.add("ingest: " + file + " holds a PRIVATE key (kid " + key.path("kid").asText() + "): publish public keys only");
                    }
                }
            }
        }
        assertNoProblems(overlay, problems);
    }

    /** The container's volume mount below which {@code path} lies, or null. */
    private static JsonNode mountHolding(JsonNode container, String path) {
        return list(container.path("volumeMounts")).stream()
                .filter(vm -> !path.isEmpty() && path.startsWith(vm.path("mountPath").asText() + "/")).findFirst().orElse(null);
    }

    /** The pod volume a mount refers to, or null. */
    private static JsonNode volumeOf(Workload w, JsonNode mount) {
        return list(w.podSpec().path("volumes")).stream()
                .filter(v -> v.path("name").asText().equals(mount.path("name").asText())).findFirst().orElse(null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void dashboardOidcSettingsAreUsable(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<String> problems = new ArrayList<>();
        Map<String, String> env = m.effectiveEnv(m.workload("Deployment", "dashboard-service").containers().get(0));
        if (!env.getOrDefault("QUARKUS_OIDC_AUTH_SERVER_URL", "").startsWith("https://")) {
            problems.add("dashboard: QUARKUS_OIDC_AUTH_SERVER_URL must be an https URL");
        }
        if (env.getOrDefault("QUARKUS_OIDC_TOKEN_AUDIENCE", "").isBlank()) {
            problems.add("dashboard: QUARKUS_OIDC_TOKEN_AUDIENCE is not set: tokens for other APIs would be accepted");
        }
        String claim = env.get("QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH");
        if (claim != null && claim.contains("/") && !(claim.startsWith("\"") && claim.endsWith("\""))) {
            problems.add("dashboard: role claim path " + claim + " holds '/' and must be double-quoted, or Quarkus reads it as a path");
        }
        assertNoProblems(overlay, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void imagesArePinned(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<String> problems = new ArrayList<>();
        Set<String> images = new LinkedHashSet<>();
        for (Workload w : m.workloads()) {
            for (JsonNode c : w.allContainers()) {
                String image = c.path("image").asText("");
                images.add(image);
                String last = image.substring(image.lastIndexOf('/') + 1);
                if (!image.contains("@sha256:") && (!last.contains(":") || last.endsWith(":latest"))) {
                    problems.add(w.id() + ": image '" + image + "' has no pinned tag");
                }
                if (overlay.equals("production") && image.contains("paubox-tracking/")) {
                    String registry = image.substring(0, image.indexOf('/'));
                    if (!registry.contains(".") && !registry.contains(":")) {
                        problems.add(w.id() + ": production image '" + image + "' does not name its registry");
                    }
                    if (image.contains("SNAPSHOT")) {
                        problems.add(w.id() + ": production runs a SNAPSHOT image");
                    }
                }
            }
        }
        assertFalse(images.isEmpty());
        assertNoProblems(overlay, problems);
    }

    // ------------------------------------------------------------------------------------------

    private static void assertNoProblems(String overlay, List<String> problems) {
        if (!problems.isEmpty()) {
            fail("overlay " + overlay + ":\n  - " + String.join("\n  - ", new LinkedHashSet<>(problems)));
        }
    }

    /** Resolves a port given by number or by name against a container's ports. */
    private static Integer containerPort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        String name = port.asText();
        if (name.matches("\\d+")) {
            return Integer.parseInt(name);
        }
        return list(container.path("ports")).stream().filter(p -> name.equals(p.path("name").asText()))
                .map(p -> p.path("containerPort").asInt()).findFirst().orElse(null);
    }

    private static List<Integer> ports(JsonNode rule, List<String> problems, String who) {
        List<JsonNode> ports = list(rule.path("ports"));
        if (ports.isEmpty()) {
            problems.add(who + ": a NetworkPolicy rule without ports opens every port");
        }
        List<Integer> out = new ArrayList<>();
        for (JsonNode p : ports) {
            if (!p.path("port").isInt() || p.has("endPort")) {
                problems.add(who + ": NetworkPolicy port " + p + " must be a single number");
                continue;
            }
            out.add(p.path("port").asInt());
        }
        return out;
    }

    private static JsonNode wrapMatchLabels(JsonNode selector) {
        ObjectNode wrapper = Kustomize.YAML.createObjectNode();
        wrapper.set("matchLabels", selector);
        return wrapper;
    }

    private static BigDecimal amount(String quantity) {
        return Quantity.getAmountInBytes(new Quantity(quantity));
    }
}
