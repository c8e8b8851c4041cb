package io.jenkins.plugins.kubeops.engine.upgrade;

import static io.jenkins.plugins.kubeops.engine.upgrade.DrainFixtures.awaitBudget;
import static io.jenkins.plugins.kubeops.engine.upgrade.DrainFixtures.awaitReadyOn;
import static io.jenkins.plugins.kubeops.engine.upgrade.DrainFixtures.deployment;
import static io.jenkins.plugins.kubeops.engine.upgrade.DrainFixtures.maxUnavailable;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainFixtures.ReadyWatcher;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainOptions.OnTimeout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A drain against the real disruption controller and Eviction API: never more disruption than the budget allows. */
@ExtendWith(KubernetesClusterExtension.class)
class DrainPdbIT {

    static final int REPLICAS = 4;

    @Test
    void drainEvictsOnePodAtATimeUnderABudgetOfOneAndNeverDropsBelowMinAvailable(TestNamespace ns) {
        Instant setup = Instant.now().plusSeconds(90);
        String from = ns.createNode("from", "8", "16Gi", Map.of()).getMetadata().getName();
        ns.awaitNodesReady(Duration.ofSeconds(60));
        deployment(ns, "web", REPLICAS, Map.of(), false);
        awaitReadyOn(ns, "web", REPLICAS, from, setup);
        maxUnavailable(ns, "web-pdb", "web", 1);
        awaitBudget(ns, "web-pdb", 1, setup);
        String to = ns.createNode("to", "8", "16Gi", Map.of()).getMetadata().getName();
        ns.awaitNodesReady(Duration.ofSeconds(60));
        List<String> progress = new CopyOnWriteArrayList<>();

        DrainReport report;
        int lowest;
        try (ReadyWatcher watcher = new ReadyWatcher(ns.client(), ns.name(), "web");
             Drainer drainer = new Drainer(ns.client(), Clock.systemUTC(), "it-pdb")) {
            report = drainer.drain(List.of(from), DrainOptions.defaults().withTimeout(Duration.ofMinutes(2), OnTimeout.FAIL),
                    progress::add);
            awaitReadyOn(ns, "web", REPLICAS, to, Instant.now().plusSeconds(60));
            lowest = watcher.lowest();
            assertThat(watcher.events()).as("the watcher saw the drain").isGreaterThan(REPLICAS);
            assertThat(watcher.errors()).isEmpty();
        }

        DrainReport.NodeResult result = report.node(from);
        System.out.println("[DrainPdbIT] " + result.describe() + "\n" + String.join("\n", progress));
        assertThat(result.outcome()).as(String.join("\n", progress)).isEqualTo(DrainReport.Outcome.DRAINED);
        assertThat(result.evicted()).isEqualTo(REPLICAS);
        assertThat(result.cordonedByUs()).isTrue();
        assertThat(lowest).as("lowest Ready count under the budget during the drain").isEqualTo(REPLICAS - 1);
        assertThat(progress).as("refusals are explained from the budget's status")
                .anyMatch(line -> line.matches(".*PDB web-pdb (allows|had no disruption to spare).*"));
        Node drained = ns.client().nodes().withName(from).get();
        assertThat(NodeCordon.isCordoned(drained)).isTrue();
        assertThat(NodeCordon.mark(drained)).isEqualTo("it-pdb");
    }
}
