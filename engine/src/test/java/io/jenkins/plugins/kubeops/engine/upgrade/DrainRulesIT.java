package io.jenkins.plugins.kubeops.engine.upgrade;

import static io.jenkins.plugins.kubeops.engine.upgrade.DrainFixtures.awaitReadyOn;
import static io.jenkins.plugins.kubeops.engine.upgrade.DrainFixtures.barePod;
import static io.jenkins.plugins.kubeops.engine.upgrade.DrainFixtures.daemonSet;
import static io.jenkins.plugins.kubeops.engine.upgrade.DrainFixtures.deployment;
import static io.jenkins.plugins.kubeops.engine.upgrade.DrainFixtures.pods;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import io.jenkins.plugins.kubeops.engine.testing.Waits;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainOptions.OnTimeout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** kubectl's rules on a real node: DaemonSet, emptyDir and unmanaged pods refuse the drain until their permission is given. */
@ExtendWith(KubernetesClusterExtension.class)
class DrainRulesIT {

    static final DrainOptions OPTIONS = DrainOptions.defaults().withTimeout(Duration.ofSeconds(90), OnTimeout.FAIL);

    @Test
    void daemonSetEmptyDirAndUnmanagedPodsRefuseTheDrainWithoutTheirPermissionsAndAreHandledWithThem(TestNamespace ns) {
        Instant setup = Instant.now().plusSeconds(90);
        String node = ns.createNode("n", "8", "16Gi", Map.of()).getMetadata().getName();
        ns.awaitNodesReady(Duration.ofSeconds(60));
        daemonSet(ns, "agent", Map.of("kubernetes.io/hostname", node));
        deployment(ns, "cache", 1, Map.of(), true);
        barePod(ns, "debug", node);
        deployment(ns, "web", 2, Map.of(), false);
        awaitReadyOn(ns, "agent", 1, node, setup);
        awaitReadyOn(ns, "cache", 1, node, setup);
        awaitReadyOn(ns, "debug", 1, node, setup);
        awaitReadyOn(ns, "web", 2, node, setup);
        // Only now a second node, for the evicted pods' replacements.
        ns.createNode("spare", "8", "16Gi", Map.of());
        ns.awaitNodesReady(Duration.ofSeconds(60));
        List<String> progress = new CopyOnWriteArrayList<>();

        try (Drainer drainer = new Drainer(ns.client(), Clock.systemUTC(), "it-rules")) {
            DrainReport refused = drainer.drain(List.of(node), OPTIONS, progress::add);

            DrainReport.NodeResult result = refused.node(node);
            assertThat(result.outcome()).isEqualTo(DrainReport.Outcome.REFUSED);
            assertThat(result.message()).contains("DaemonSet-managed pods " + ns.name() + "/agent-")
                    .contains("need ignoreDaemonSets (--ignore-daemonsets)")
                    .contains("pods with emptyDir data (lost on eviction) " + ns.name() + "/cache-")
                    .contains("need deleteEmptyDirData (--delete-emptydir-data)")
                    .contains(ns.name() + "/debug need force (--force)")
                    .doesNotContain("/web-")
                    .endsWith("(nothing was changed)");
            assertThat(NodeCordon.isCordoned(ns.client().nodes().withName(node).get())).isFalse();
            awaitReadyOn(ns, "web", 2, node, Instant.now().plusSeconds(5));

            DrainReport done = drainer.drain(List.of(node), OPTIONS.withPermissions(true, true, true), progress::add);

            assertThat(done.node(node).outcome()).as(String.join("\n", progress)).isEqualTo(DrainReport.Outcome.DRAINED);
            assertThat(done.node(node).evicted()).isEqualTo(4);
        }
        Instant after = Instant.now().plusSeconds(60);
        awaitReadyOn(ns, "agent", 1, node, after);
        Waits.until(after, "cache and web Ready on the spare node", () -> pods(ns, "cache").size() == 1
                && pods(ns, "web").size() == 2 && List.of("cache", "web").stream().flatMap(app -> pods(ns, app).stream())
                .allMatch(pod -> DrainFixtures.isReady(pod) && !node.equals(pod.getSpec().getNodeName())));
        assertThat(pods(ns, "debug")).as("an unmanaged pod is gone for good").isEmpty();
        assertThat(progress).contains("drain " + node + ": leaving DaemonSet-managed pods: " + ns.name() + "/"
                + pods(ns, "agent").get(0).getMetadata().getName());
        assertThat(progress).anyMatch(line -> line.startsWith("drain " + node + ": evicting pods with emptyDir data"));
        assertThat(progress).anyMatch(line -> line.equals("drain " + node + ": evicting pods no controller will re-create: "
                + ns.name() + "/debug"));
    }

    @Test
    void finishedPodsAreDeletedWithoutAnyPermission(TestNamespace ns) {
        String node = ns.createNode("n", "8", "16Gi", Map.of()).getMetadata().getName();
        ns.awaitNodesReady(Duration.ofSeconds(60));
        Pod done = barePod(ns, "done", node);
        Waits.until(Instant.now().plusSeconds(30), "pod running", () -> "Running".equals(
                ns.client().pods().inNamespace(ns.name()).withName("done").get().getStatus().getPhase()));
        // kwok leaves the status of labelled objects to the test: this pod has finished.
        ns.client().pods().inNamespace(ns.name()).withName("done").edit(pod -> {
            pod.getMetadata().getLabels().put("kube-ops.test/manual-status", "true");
            return pod;
        });
        ns.client().pods().inNamespace(ns.name()).withName("done").editStatus(pod -> {
            pod.getStatus().setPhase("Succeeded");
            return pod;
        });

        try (Drainer drainer = new Drainer(ns.client(), Clock.systemUTC(), "it-rules")) {
            DrainReport report = drainer.drain(List.of(node), OPTIONS, line -> { });

            assertThat(report.node(node).outcome()).isEqualTo(DrainReport.Outcome.DRAINED);
            assertThat(report.node(node).evicted()).isEqualTo(1);
        }
        assertThat(ns.client().pods().inNamespace(ns.name()).withName(done.getMetadata().getName()).get()).isNull();
    }
}
