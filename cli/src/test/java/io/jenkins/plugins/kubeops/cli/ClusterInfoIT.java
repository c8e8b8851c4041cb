package io.jenkins.plugins.kubeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import io.jenkins.plugins.kubeops.engine.testing.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code kube-ops cluster info} against the real control plane (kube-apiserver 1.36 with kwok nodes). */
@ExtendWith(KubernetesClusterExtension.class)
class ClusterInfoIT {

    private static final long GI = 1024L * 1024 * 1024;

    @TempDir
    Path home;

    @Test
    void reportsTheNodesAndRequestsThatTheTestAddedToTheCluster(TestNamespace namespace) throws Exception {
        Map<String, Object> before = info(namespace);

        namespace.createNode("small", "2", "8Gi", Map.of("size", "small"));
        namespace.createNode("medium", "4", "16Gi", Map.of("size", "medium"));
        namespace.createNode("large", "8", "32Gi", Map.of("size", "large"));
        namespace.awaitNodesReady(Duration.ofSeconds(60));
        // 500m/1Gi + 250m/512Mi on one node; on another an init container (2 CPU) outweighs its app container (100m).
        createPod(namespace, "web", namespace.name() + "-small", null, container("web", "500m", "1Gi"),
                container("log", "250m", "512Mi"));
        createPod(namespace, "batch", namespace.name() + "-large", container("migrate", "2", "256Mi"),
                container("job", "100m", "2Gi"));
        awaitRunning(namespace, "web", "batch");

        Map<String, Object> after = info(namespace);

        assertThat(after.get("serverVersion").toString()).startsWith("v1.36.");
        assertThat(delta(after, before, "nodes")).isEqualTo(3);
        assertThat(delta(after, before, "readyNodes")).isEqualTo(3);
        assertThat(delta(after, before, "scheduledPods")).isEqualTo(2);
        assertThat(delta(after, before, "allocatableCpuMillis")).isEqualTo(14_000);
        assertThat(delta(after, before, "allocatableMemoryBytes")).isEqualTo(56 * GI);
        assertThat(delta(after, before, "requestedCpuMillis")).isEqualTo(500 + 250 + 2000);
        assertThat(delta(after, before, "requestedMemoryBytes")).isEqualTo(GI + GI / 2 + 2 * GI);
        // And the totals agree with what the API lists right now.
        assertThat(((Number) after.get("nodes")).intValue()).isEqualTo(namespace.client().nodes().list().getItems().size());
    }

    @Test
    void countsUnschedulablePodsAsPendingWithoutRequests(TestNamespace namespace) throws Exception {
        Map<String, Object> before = info(namespace);
        Pod pod = new PodBuilder().withNewMetadata().withName("nowhere").endMetadata()
                .withNewSpec().addToNodeSelector("kube-ops.test/no-such-node", "true")
                .withContainers(container("app", "1", "1Gi")).endSpec().build();
        namespace.client().pods().inNamespace(namespace.name()).resource(pod).create();

        Map<String, Object> after = info(namespace);

        assertThat(delta(after, before, "pendingPods")).isEqualTo(1);
        assertThat(delta(after, before, "requestedCpuMillis")).isZero();
    }

    @Test
    void printsTheLocalClusterWhenNoKubeconfigIsGivenOrFound(TestNamespace namespace) {
        CliRun run = CliRun.run(Map.of(), home, progress -> namespace.cluster().kubeconfig(), "cluster", "info");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Version:  v1.36.").containsPattern("Nodes:    \\d+ \\(\\d+ Ready\\)");
    }

    @Test
    void namesTheAvailableContextsWhenTheContextIsUnknown(TestNamespace namespace) {
        CliRun run = CliRun.run(home, "cluster", "info", "--kubeconfig", namespace.cluster().kubeconfig().toString(),
                "--context", "no-such-context");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("context 'no-such-context' is not in kubeconfig").contains("kwok-");
    }

    private Map<String, Object> info(TestNamespace namespace) throws Exception {
        CliRun run = CliRun.run(home, "cluster", "info", "--kubeconfig", namespace.cluster().kubeconfig().toString(),
                "--output", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = new ObjectMapper().readValue(run.out(), Map.class);
        return parsed;
    }

    private static long delta(Map<String, Object> after, Map<String, Object> before, String key) {
        return ((Number) after.get(key)).longValue() - ((Number) before.get(key)).longValue();
    }

    private static io.fabric8.kubernetes.api.model.Container container(String name, String cpu, String memory) {
        return new ContainerBuilder().withName(name).withImage("registry.invalid/" + name + ":1")
                .withNewResources().addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity(memory))
                .endResources().build();
    }

    private static void createPod(TestNamespace namespace, String name, String nodeName,
                                  io.fabric8.kubernetes.api.model.Container init,
                                  io.fabric8.kubernetes.api.model.Container... containers) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNodeName(nodeName).withContainers(containers).endSpec();
        if (init != null) {
            pod.editSpec().withInitContainers(init).endSpec();
        }
        namespace.client().pods().inNamespace(namespace.name()).resource(pod.build()).create();
    }

    private static void awaitRunning(TestNamespace namespace, String... pods) {
        Instant deadline = Instant.now().plusSeconds(60);
        for (String pod : pods) {
            Waits.until(deadline, "pod " + pod + " Running", () -> {
                Pod current = namespace.client().pods().inNamespace(namespace.name()).withName(pod).get();
                return current != null && current.getStatus() != null && "Running".equals(current.getStatus().getPhase());
            });
        }
    }
}
