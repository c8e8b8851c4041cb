package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingTaintTest {

    private static Node node(Taint... taints) {
        return new NodeBuilder().withNewMetadata().withName("w1").endMetadata().withNewSpec().withTaints(taints).endSpec().build();
    }

    private static Taint taint(String key, String value, String effect) {
        return new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build();
    }

    @Test
    void addingPutsOurPreferNoScheduleTaintNextToTheNodesOwnAndOnlyOnce() {
        Taint own = taint("dedicated", "db", "NoSchedule");
        Node tainted = PendingTaint.write(node(own), "op-1", true).orElseThrow();
        assertThat(tainted.getSpec().getTaints()).containsExactly(own, taint(PendingTaint.KEY, "op-1", "PreferNoSchedule"));
        assertThat(PendingTaint.write(tainted, "op-1", true)).isEmpty();
    }

    @Test
    void removingTakesOnlyThisOperationsTaint() {
        Taint own = taint("dedicated", "db", "NoSchedule");
        Node ours = node(own, taint(PendingTaint.KEY, "op-1", "PreferNoSchedule"));
        assertThat(PendingTaint.write(ours, "op-1", false).orElseThrow().getSpec().getTaints()).containsExactly(own);
        assertThat(PendingTaint.write(ours, "op-2", false)).as("another upgrade's taint is not ours to remove").isEmpty();
        assertThat(PendingTaint.write(node(), "op-1", false)).isEmpty();
    }

    @Test
    void aStaleTaintOfAnotherUpgradeIsReplacedNotDuplicated() {
        Node stale = node(taint(PendingTaint.KEY, "op-old", "PreferNoSchedule"));
        assertThat(PendingTaint.write(stale, "op-new", true).orElseThrow().getSpec().getTaints())
                .containsExactly(taint(PendingTaint.KEY, "op-new", "PreferNoSchedule"));
    }

    @Test
    void theValueIsTheOperationIdMadeALabelValue() {
        assertThat(PendingTaint.value("kube-ops-upgrade-20261207T144757Z-vtr0")).isEqualTo("kube-ops-upgrade-20261207T144757Z-vtr0");
        assertThat(PendingTaint.value("it:upgrade/1")).isEqualTo("it-upgrade-1");
        assertThat(PendingTaint.value("x".repeat(70) + "-")).hasSize(63);
        assertThat(List.of(PendingTaint.value("--"))).containsExactly("kube-ops");
    }
}
