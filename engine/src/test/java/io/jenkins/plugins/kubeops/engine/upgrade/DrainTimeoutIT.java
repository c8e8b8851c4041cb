package io.jenkins.plugins.kubeops.engine.upgrade;

import static io.jenkins.plugins.kubeops.engine.upgrade.DrainFixtures.awaitBudget;
import static io.jenkins.plugins.kubeops.engine.upgrade.DrainFixtures.awaitReadyOn;
import static io.jenkins.plugins.kubeops.engine.upgrade.DrainFixtures.deployment;
import static io.jenkins.plugins.kubeops.engine.upgrade.DrainFixtures.minAvailable;
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

/** Each onTimeout policy against a budget that can never be satisfied (minAvailable = replicas). */
@ExtendWith(KubernetesClusterExtension.class)
class DrainTimeoutIT {

    static final Duration TIMEOUT = Duration.ofSeconds(4);

    /** Two "stuck" pods on a node of their own, their budget allowing no disruption ever; returns the node. */
    static String stuckNode(TestNamespace ns) {
        Instant setup = Instant.now().plusSeconds(90);
        String node = ns.createNode("stuck", "8", "16Gi", Map.of("role", "stuck")).getMetadata().getName();
        ns.awaitNodesReady(Duration.ofSeconds(60));
        deployment(ns, "stuck", 2, Map.of(DrainFixtures.NODE_LABEL, ns.name(), "role", "stuck"), false);
        awaitReadyOn(ns, "stuck", 2, node, setup);
        minAvailable(ns, "stuck-pdb", "stuck", 2);
        awaitBudget(ns, "stuck-pdb", 0, setup);
        return node;
    }

    static DrainOptions options(OnTimeout onTimeout) {
        return DrainOptions.defaults().withTimeout(TIMEOUT, onTimeout);
    }

    @Test
    void failStopsWithTheNodeCordonedThePodsInPlaceAndTheBudgetNamed(TestNamespace ns) {
        String node = stuckNode(ns);
        List<String> progress = new CopyOnWriteArrayList<>();

        DrainReport report;
        try (Drainer drainer = new Drainer(ns.client(), Clock.systemUTC(), "it-fail")) {
            report = drainer.drain(List.of(node), options(OnTimeout.FAIL), progress::add);
        }

        DrainReport.NodeResult result = report.node(node);
        assertThat(result.outcome()).isEqualTo(DrainReport.Outcome.FAILED);
        assertThat(result.message()).isEqualTo("drain timeout 4 s reached with 2 pods left (onTimeout fail)");
        assertThat(result.left()).hasSize(2).allSatisfy(left -> assertThat(left)
                .contains("PDB stuck-pdb allows 0 disruptions (needs 2 healthy, has 2)"));
        assertThat(result.took()).isGreaterThanOrEqualTo(TIMEOUT);
        assertThat(NodeCordon.isCordoned(ns.client().nodes().withName(node).get())).isTrue();
        assertThat(pods(ns, "stuck")).hasSize(2).allSatisfy(pod -> assertThat(pod.getSpec().getNodeName()).isEqualTo(node));
        assertThat(progress).anyMatch(line -> line.contains("PDB stuck-pdb allows 0 disruptions"));
        assertThat(report.allDrained()).isFalse();
    }

    @Test
    void skipLeavesTheStuckNodeAndDrainsTheOthers(TestNamespace ns) throws InterruptedException {
        String stuck = stuckNode(ns);
        Instant setup = Instant.now().plusSeconds(90);
        String other = ns.createNode("other", "8", "16Gi", Map.of("role", "free")).getMetadata().getName();
        ns.awaitNodesReady(Duration.ofSeconds(60));
        deployment(ns, "free", 2, Map.of(DrainFixtures.NODE_LABEL, ns.name(), "role", "free"), false);
        awaitReadyOn(ns, "free", 2, other, setup);
        String spare = ns.createNode("spare", "8", "16Gi", Map.of("role", "free")).getMetadata().getName();
        ns.awaitNodesReady(Duration.ofSeconds(60));

        NodeDrainer.Result result;
        try (Drainer drainer = new Drainer(ns.client(), Clock.systemUTC(), "it-skip")) {
            // As the upgrade orchestrator sees it: a skipped node must not be upgraded.
            result = drainer.asNodeDrainer(options(OnTimeout.SKIP)).drain(List.of(stuck, other), line -> { });
        }

        assertThat(result.drained()).containsExactly(other);
        assertThat(result.failed()).containsOnlyKeys(stuck);
        assertThat(result.failed().get(stuck)).startsWith("skipped: drain timeout 4 s reached with 2 pods left (onTimeout skip)")
                .contains("PDB stuck-pdb allows 0 disruptions");
        awaitReadyOn(ns, "free", 2, spare, Instant.now().plusSeconds(60));
        assertThat(pods(ns, "stuck")).hasSize(2).allSatisfy(pod -> assertThat(pod.getSpec().getNodeName()).isEqualTo(stuck));
    }

    @Test
    void forceDeletesThePodsLeftAndNamesEachOneLoudly(TestNamespace ns) {
        String node = stuckNode(ns);
        List<String> before = pods(ns, "stuck").stream().map(pod -> pod.getMetadata().getName()).toList();
        List<String> progress = new CopyOnWriteArrayList<>();

        DrainReport report;
        try (Drainer drainer = new Drainer(ns.client(), Clock.systemUTC(), "it-force")) {
            report = drainer.drain(List.of(node), options(OnTimeout.FORCE), progress::add);
        }

        DrainReport.NodeResult result = report.node(node);
        assertThat(result.outcome()).isEqualTo(DrainReport.Outcome.FORCED);
        assertThat(result.forced()).containsExactlyInAnyOrderElementsOf(before.stream().map(name -> ns.name() + "/" + name).toList());
        for (String pod : before) {
            assertThat(progress).anyMatch(line -> line.startsWith("FORCE: drain " + node + ": deleting pod " + ns.name() + "/" + pod
                    + " despite its disruption budget"));
        }
        assertThat(report.allDrained()).isTrue();
        Waits.until(Instant.now().plusSeconds(10), "no stuck pod left on " + node, () -> pods(ns, "stuck").stream()
                .map(Pod::getSpec).noneMatch(spec -> node.equals(spec.getNodeName())));
    }
}
