package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpgradeStateCodecTest {

    static UpgradeState sample() {
        KubeVersion target = KubeVersion.parse("v1.36.2");
        UpgradePlan plan = new UpgradePlan(KubeVersion.parse("v1.35.4"), target, List.of(new UpgradeStep.Snapshot(),
                new UpgradeStep.ControlPlane(1, 2, KubeVersion.parse("v1.35.9"), Optional.empty()),
                new UpgradeStep.ControlPlane(2, 2, target, Optional.of("cp-1")),
                new UpgradeStep.NodeRoll("control-plane nodes", true, List.of("cp-1"), 1, false, target),
                new UpgradeStep.NodeRoll("pool web, zone z1", false, List.of("w1", "w2", "w3"), 2, true, target)),
                List.of(), List.of(), List.of(), 9, Optional.of(MaintenanceWindow.parse("Mon-Fri 22:00-04:00 Europe/Berlin")));
        return UpgradeState.start("kube-ops-upgrade-x", plan, "plan text\nline 2", Map.of("team", "a"),
                        Instant.parse("2026-12-07T10:00:00Z"))
                .withNextStep(4).cordoned(List.of("w2", "w3")).nodeStarted("w2").nodeDone("w1").withSnapshot("backup b1")
                .withRequests(true, false).at(Instant.parse("2026-12-07T10:05:00Z"));
    }

    @Test
    void aStateSurvivesTheRoundTripUnchanged() {
        UpgradeState state = sample();
        assertThat(UpgradeStateCodec.decode(UpgradeStateCodec.encode(state))).isEqualTo(state);
        assertThat(UpgradeStateCodec.decode(UpgradeStateCodec.encode(state.withStatus(UpgradeState.Status.FAILED, "why"))))
                .extracting(UpgradeState::status, UpgradeState::message).containsExactly(UpgradeState.Status.FAILED, "why");
    }

    @Test
    void aBatchRecordedBeforeNodesRolledIsReadAsARollOfItsNodesAllAtOnce() {
        String encoded = UpgradeStateCodec.encode(sample());
        int last = encoded.lastIndexOf("\"nodeRoll\"");
        String legacy = encoded.substring(0, last) + "\"nodeBatch\"" + encoded.substring(last + "\"nodeRoll\"".length());
        assertThat(legacy).isNotEqualTo(encoded);
        assertThat(UpgradeStateCodec.decode(legacy).steps().get(4)).isEqualTo(new UpgradeStep.NodeRoll("pool web, zone z1",
                false, List.of("w1", "w2", "w3"), 3, false, KubeVersion.parse("v1.36.2")));
    }

    @Test
    void nodeBookkeepingMovesNodesBetweenTheLists() {
        UpgradeState state = sample();
        assertThat(state.cordonedByUs()).containsExactly("w2", "w3");
        assertThat(state.currentNodes()).containsExactly("w2");
        assertThat(state.doneNodes()).containsExactly("w1");
        UpgradeState after = state.nodeDone("w2");
        assertThat(after.cordonedByUs()).containsExactly("w3");
        assertThat(after.currentNodes()).isEmpty();
        assertThat(after.doneNodes()).containsExactly("w1", "w2");
    }

    @Test
    void aDamagedOrForeignStateIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> UpgradeStateCodec.decode("{\"format\": 7}")).hasMessageContaining("has format 7");
        assertThatThrownBy(() -> UpgradeStateCodec.decode("{\"format\": 1}")).hasMessageContaining("cannot be read")
                .hasMessageContaining("kube-system/kube-ops-upgrade");
        assertThatThrownBy(() -> UpgradeStateCodec.decode("not json")).hasMessageContaining("cannot be read");
    }
}
