package io.jenkins.plugins.kubeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code kube-ops deploy | history | rollback} against the real control plane. */
@ExtendWith(KubernetesClusterExtension.class)
class DeployCliIT {

    @TempDir
    Path home;

    private Path configMap(String name, String value) throws Exception {
        return Files.writeString(home.resolve(name + "-" + value + ".yaml"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + "}\ndata: {value: \"" + value + "\"}\n");
    }

    @Test
    void deploysShowsTheDiffListsHistoryAndRollsBack(TestNamespace namespace) throws Exception {
        String kubeconfig = namespace.cluster().kubeconfig().toString();
        String ns = namespace.name();

        CliRun first = CliRun.run(home, "deploy", "app", "-n", ns, "-f", configMap("settings", "one").toString(), "--kubeconfig", kubeconfig);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("release app revision 1: deployed");
        assertThat(first.err()).contains("create ConfigMap/" + ns + "/settings");

        CliRun plan = CliRun.run(home, "deploy", "app", "-n", ns, "-f", configMap("settings", "two").toString(), "--kubeconfig",
                kubeconfig, "--dry-run");
        assertThat(plan.out()).contains("release app revision 2: planned");
        assertThat(plan.err()).contains("change ConfigMap/" + ns + "/settings: data.value: \"one\" -> \"two\"");

        CliRun second = CliRun.run(home, "deploy", "app", "-n", ns, "-f", configMap("settings", "two").toString(), "--kubeconfig", kubeconfig,
                "-o", "json");
        assertThat(second.out()).contains("\"revision\":2").contains("\"status\":\"deployed\"");

        CliRun history = CliRun.run(home, "history", "app", "-n", ns, "--kubeconfig", kubeconfig);
        assertThat(history.out()).containsPattern("2 +deployed .* upgrade").containsPattern("1 +superseded .* install");

        CliRun rollback = CliRun.run(home, "rollback", "app", "-n", ns, "--to", "1", "--kubeconfig", kubeconfig);
        assertThat(rollback.out()).contains("release app revision 3: deployed");
        assertThat(namespace.client().configMaps().inNamespace(ns).withName("settings").get().getData()).containsEntry("value", "one");
    }

    @Test
    void deploysToSeveralContextsAndStopsAfterTheFirstFailureWhenAsked(TestNamespace namespace) throws Exception {
        String ns = namespace.name();
        String original = Files.readString(namespace.cluster().kubeconfig());
        Path kubeconfig = Files.writeString(home.resolve("multi.yaml"), withContexts(original));
        String file = configMap("shared", "x").toString();

        CliRun both = CliRun.run(home, "deploy", "app", "-n", ns, "-f", file, "--kubeconfig", kubeconfig.toString(),
                "--to", "east,west", "--parallel");
        assertThat(both.exitCode()).as(both.out() + both.err()).isZero();
        assertThat(both.out()).containsPattern("east: release app revision \\d: deployed").containsPattern("west: release app revision \\d: deployed");

        CliRun failFast = CliRun.run(home, "deploy", "app", "-n", ns, "-f", file, "--kubeconfig", kubeconfig.toString(),
                "--to", "dead,east", "--fail-fast", "--connect-timeout", "2");
        assertThat(failFast.exitCode()).isEqualTo(1);
        assertThat(failFast.out()).contains("dead: error: ").contains("east: skipped (an earlier cluster failed)");
    }

    @Test
    void reportsSchemaViolationsAndChangesNothing(TestNamespace namespace) throws Exception {
        Path templates = Files.createDirectories(home.resolve("chart/templates"));
        Files.writeString(templates.getParent().resolve("values.schema.json"), """
                {"type": "object", "properties": {"replicas": {"type": "integer", "minimum": 1, "description": "Web pods"}}}""");
        Files.writeString(templates.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {r: \"{{ values.replicas }}\"}\n");

        CliRun run = CliRun.run(home, "deploy", "app", "-n", namespace.name(), "--templates", templates.getParent().toString(),
                "--set", "replicas=0", "--kubeconfig", namespace.cluster().kubeconfig().toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("error: values do not match").contains("/replicas: ").contains("(Web pods)");
        assertThat(namespace.client().configMaps().inNamespace(namespace.name()).withName("c").get()).isNull();
    }

    /** The test cluster's kubeconfig with extra contexts: east and west (the same cluster) and dead (nothing listens). */
    private static String withContexts(String kubeconfig) {
        Map<String, Object> config = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(kubeconfig, Map.class);
        @SuppressWarnings("unchecked")
        java.util.List<Map<String, Object>> contexts = (java.util.List<Map<String, Object>>) config.get("contexts");
        @SuppressWarnings("unchecked")
        java.util.List<Map<String, Object>> clusters = (java.util.List<Map<String, Object>>) config.get("clusters");
        Map<String, Object> context = contexts.get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) context.get("context");
        contexts.add(Map.of("name", "east", "context", inner));
        contexts.add(Map.of("name", "west", "context", inner));
        clusters.add(Map.of("name", "dead", "cluster", Map.of("server", "https://127.0.0.1:9", "insecure-skip-tls-verify", true)));
        contexts.add(Map.of("name", "dead", "context", Map.of("cluster", "dead", "user", inner.get("user"))));
        return io.fabric8.kubernetes.client.utils.Serialization.asYaml(config);
    }
}
