package dev.beryl.web.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the Kubernetes manifests in k8s/ offline: they parse, fit together (names, ports, volume, config)
 * and point the three probes at the health endpoints the server has. Renders them with
 * {@code kubectl kustomize} too when kubectl is installed.
 */
class K8sManifestTest {
    private static final Path DIR = Path.of("..", "k8s");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String file) throws IOException {
        try (InputStream in = Files.newInputStream(DIR.resolve(file))) {
            return (Map<String, Object>) new Yaml().load(in);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object cur = node;
        for (String p : path) {
            cur = cur instanceof List<?> l ? l.get(Integer.parseInt(p)) : ((Map<String, Object>) cur).get(p);
            assertNotNull(cur, "missing " + String.join(".", path));
        }
        return (T) cur;
    }

    @Test
    void kustomizationListsEveryManifest() throws IOException {
        List<String> resources = at(load("kustomization.yaml"), "resources");
        List<String> files = new ArrayList<>();
        try (var s = Files.list(DIR)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).forEach(files::add);
        }
        assertEquals(files.stream().sorted().toList(), resources.stream().sorted().toList());
    }

    @Test
    void statefulSetFitsTheServiceConfigAndHealthEndpoints() throws IOException {
        Map<String, Object> sts = load("statefulset.yaml");
        Map<String, Object> svc = load("service.yaml");
        Map<String, Object> cm = load("configmap.yaml");
        assertEquals("StatefulSet", sts.get("kind"));
        assertEquals("None", at(svc, "spec", "clusterIP"), "headless service");
        assertEquals((Object) at(svc, "metadata", "name"), at(sts, "spec", "serviceName"));

        Map<String, Object> container = at(sts, "spec", "template", "spec", "containers", "0");
        Map<String, Integer> ports = new HashMap<>();
        List<Map<String, Object>> declared = at(container, "ports");
        for (Map<String, Object> p : declared) ports.put((String) p.get("name"), (Integer) p.get("containerPort"));
        Map<String, String> env = at(cm, "data");
        assertEquals(Integer.parseInt(env.get("BERYL_PORT")), ports.get("resp"));
        assertEquals(Integer.parseInt(env.get("BERYL_HTTP_PORT")), ports.get("http"));
        assertEquals("*", env.get("BERYL_BIND"), "RESP must listen on the pod's interfaces");
        assertEquals("no", env.get("BERYL_PROTECTED_MODE"), "clients in other pods are not loopback peers");
        assertEquals("*", env.get("BERYL_HTTP_HOST"), "probes reach HTTP on the pod's interfaces");
        List<Map<String, Object>> servicePorts = at(svc, "spec", "ports");
        for (Map<String, Object> p : servicePorts) assertTrue(ports.containsKey((String) p.get("targetPort")));

        assertEquals((Object) at(cm, "metadata", "name"), at(container, "envFrom", "0", "configMapRef", "name"));
        assertEquals(env.get("BERYL_DIR"), at(container, "volumeMounts", "0", "mountPath"));
        assertEquals((Object) at(container, "volumeMounts", "0", "name"), at(sts, "spec", "volumeClaimTemplates", "0", "metadata", "name"));

        assertEquals("/health/started", at(container, "startupProbe", "httpGet", "path"));
        assertEquals("/health/ready", at(container, "readinessProbe", "httpGet", "path"));
        assertEquals("/health/live", at(container, "livenessProbe", "httpGet", "path"));
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) assertEquals("http", at(container, probe, "httpGet", "port"));
    }

    @Test
    void kubectlRendersTheKustomization() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("kubectl", "kustomize", DIR.toString()).redirectErrorStream(true).start();
        } catch (IOException noKubectl) {
            System.out.println("kubectl not installed: rendering check skipped, the YAML model checks above still ran");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("kind: StatefulSet") && out.contains("app.kubernetes.io/name: beryl"), out);
    }
}
