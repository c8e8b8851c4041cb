package io.jenkins.plugins.kubeops.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.upgrade.KubeVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The script's refusals reach the orchestrator as the engine's user-facing failures, before anything is built or stopped. */
class LocalNodeUpgraderTest {

    private static final KubeVersion TARGET = KubeVersion.parse("v1.36.4");

    @Test
    void controlPlaneOfAClusterThatDoesNotRunIsRefusedWithTheWayToStartIt() {
        LocalNodeUpgrader upgrader = new LocalNodeUpgrader("kube-ops-no-such-cluster", Duration.ofSeconds(30));
        List<String> lines = new ArrayList<>();

        assertThatThrownBy(() -> upgrader.upgradeControlPlane(null, TARGET, lines::add))
                .isInstanceOf(KubeOpsException.class)
                .hasMessageContaining("cluster 'kube-ops-no-such-cluster' is not running")
                .hasMessageContaining("scripts/local-cluster.sh start kube-ops-no-such-cluster");
    }

    @Test
    void kubeletOfAClusterThatDoesNotRunIsRefused() {
        LocalNodeUpgrader upgrader = new LocalNodeUpgrader("kube-ops-no-such-cluster", Duration.ofSeconds(30));

        assertThatThrownBy(() -> upgrader.upgradeKubelet("node-000000", TARGET, line -> { }))
                .isInstanceOf(KubeOpsException.class)
                .hasMessageContaining("cluster 'kube-ops-no-such-cluster' is not running");
    }

    @Test
    void invalidClusterNameIsRefusedWithTheRule() {
        LocalNodeUpgrader upgrader = new LocalNodeUpgrader("Not_A_Name", Duration.ofSeconds(30));

        assertThatThrownBy(() -> upgrader.upgradeKubelet("node-000000", TARGET, line -> { }))
                .isInstanceOf(KubeOpsException.class)
                .hasMessageContaining("cluster name 'Not_A_Name' is invalid");
    }
}
