package io.jenkins.plugins.kubeops.engine.upgrade;

import static io.jenkins.plugins.kubeops.engine.upgrade.DrainFixtures.awaitReadyOn;
import static io.jenkins.plugins.kubeops.engine.upgrade.DrainFixtures.barePod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import io.jenkins.plugins.kubeops.engine.testing.Waits;
import io.jenkins.plugins.kubeops.engine.upgrade.EvictionClient.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Eviction API's answers as the drain reads them, and cordons that only their own operation undoes. */
@ExtendWith(KubernetesClusterExtension.class)
class DrainEvictionIT {

    @Test
    void evictingAPodThatIsAlreadyGoneCountsAsGone(TestNamespace ns) {
        String node = ns.createNode("n", "8", "16Gi", Map.of()).getMetadata().getName();
        ns.awaitNodesReady(Duration.ofSeconds(60));
        Pod pod = barePod(ns, "short-lived", node);
        awaitReadyOn(ns, "short-lived", 1, node, Instant.now().plusSeconds(30));
        DrainPod target = DrainPod.of(pod, DrainPod.Reason.UNMANAGED);
        ns.client().pods().inNamespace(ns.name()).withName("short-lived").withGracePeriod(0).delete();
        Waits.until(Instant.now().plusSeconds(30), "pod deleted",
                () -> ns.client().pods().inNamespace(ns.name()).withName("short-lived").get() == null);

        try (EvictionClient client = new EvictionClient(ns.client())) {
            assertThat(client.evict(target, Optional.empty()).outcome()).isEqualTo(Outcome.GONE);
        }
    }

    @Test
    void aNewPodWithTheSameNameIsNotEvictedInsteadOfTheOldOne(TestNamespace ns) {
        String node = ns.createNode("n", "8", "16Gi", Map.of()).getMetadata().getName();
        ns.awaitNodesReady(Duration.ofSeconds(60));
        DrainPod old = DrainPod.of(barePod(ns, "db-0", node), DrainPod.Reason.UNMANAGED);
        ns.client().pods().inNamespace(ns.name()).withName("db-0").withGracePeriod(0).delete();
        Waits.until(Instant.now().plusSeconds(30), "pod deleted",
                () -> ns.client().pods().inNamespace(ns.name()).withName("db-0").get() == null);
        Pod successor = barePod(ns, "db-0", node);

        try (EvictionClient client = new EvictionClient(ns.client())) {
            assertThat(client.evict(old, Optional.empty()).outcome()).isEqualTo(Outcome.GONE);
            assertThat(ns.client().pods().inNamespace(ns.name()).withName("db-0").get().getMetadata().getUid())
                    .isEqualTo(successor.getMetadata().getUid());
            assertThat(client.evict(DrainPod.of(successor, DrainPod.Reason.UNMANAGED), Optional.of(Duration.ZERO)).outcome())
                    .isEqualTo(Outcome.EVICTED);
        }
    }

    @Test
    void uncordonGivesBackOnlyTheNodesItsOperationCordoned(TestNamespace ns) {
        String ours = ns.createNode("ours", "8", "16Gi", Map.of()).getMetadata().getName();
        String theirs = ns.createNode("theirs", "8", "16Gi", Map.of()).getMetadata().getName();
        ns.client().nodes().withName(theirs).edit(node -> {
            node.getSpec().setUnschedulable(true);
            return node;
        });
        NodeCordon upgrade = new NodeCordon(ns.client(), "upgrade-1");

        assertThat(upgrade.cordon(ours).outcome()).isEqualTo(NodeCordon.Outcome.CORDONED);
        assertThat(upgrade.cordon(ours).outcome()).isEqualTo(NodeCordon.Outcome.ALREADY_CORDONED_BY_US);
        assertThat(upgrade.cordon(theirs).outcome()).isEqualTo(NodeCordon.Outcome.CORDONED_BY_OTHER);
        assertThat(new NodeCordon(ns.client(), "upgrade-2").uncordon(ours).outcome())
                .isEqualTo(NodeCordon.Outcome.CORDONED_BY_OTHER);
        assertThat(upgrade.uncordon(theirs).outcome()).isEqualTo(NodeCordon.Outcome.CORDONED_BY_OTHER);
        assertThat(upgrade.uncordon(ours).outcome()).isEqualTo(NodeCordon.Outcome.UNCORDONED);
        assertThat(upgrade.uncordon(ns.name() + "-missing").outcome()).isEqualTo(NodeCordon.Outcome.GONE);

        Node after = ns.client().nodes().withName(ours).get();
        assertThat(NodeCordon.isCordoned(after)).isFalse();
        assertThat(NodeCordon.mark(after)).isNull();
        assertThat(NodeCordon.isCordoned(ns.client().nodes().withName(theirs).get())).isTrue();
    }
}
