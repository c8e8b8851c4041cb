package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure parts around the gateways: a node as the inventory sees it, health judgement, input parsing, status text. */
class InventoryAndHealthTest {

    static Node node(String name, boolean ready, Boolean unschedulable, Map<String, String> labels, Map<String, String> annotations,
                     String kubelet, String proxy) {
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec().withUnschedulable(unschedulable).endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .withNewNodeInfo().withKubeletVersion(kubelet).withKubeProxyVersion(proxy).endNodeInfo().endStatus().build();
    }

    @Test
    void aNodeBecomesAnInventoryNodeWithRoleCordonOwnerAndVersions() {
        InventoryNode cp = InventoryGateway.toInventory(node("cp-1", true, null,
                Map.of(InventoryNode.LEGACY_MASTER_LABEL, ""), Map.of(), "v1.35.4", "v1.35.4"), Map.of());
        assertThat(cp.controlPlane()).isTrue();
        assertThat(cp.kubeProxy()).contains(KubeVersion.parse("v1.35.4"));

        InventoryNode ours = InventoryGateway.toInventory(node("w-1", true, true, Map.of(),
                Map.of(NodeCordon.CORDONED_BY, "kube-ops-upgrade-20261207T100000Z-abcd"), "v1.35.4", ""),
                Map.of("w-1", "registry.k8s.io/kube-proxy:v1.35.2"));
        assertThat(ours.unschedulable()).isTrue();
        assertThat(ours.cordonedByUpgrade()).isTrue();
        assertThat(ours.kubeProxy()).as("from the kube-proxy pod when nodeInfo has none").contains(KubeVersion.parse("v1.35.2"));

        InventoryNode theirs = InventoryGateway.toInventory(node("w-2", false, true, Map.of(),
                Map.of(NodeCordon.CORDONED_BY, "maintenance-42"), "v1.35.4", ""), Map.of());
        assertThat(theirs.cordonedByUpgrade()).isFalse();
        assertThat(theirs.ready()).isFalse();
    }

    static Pod pod(String name, String phase, boolean ready) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus().withPhase(phase)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus().build();
    }

    static PodDisruptionBudget budget(String name, Integer current, Integer desired) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withNamespace("shop").withName(name).endMetadata()
                .withNewStatus().withCurrentHealthy(current).withDesiredHealthy(desired).endStatus().build();
    }

    @Test
    void healthNamesEveryProblemAndIgnoresFinishedPodsAndUnobservedBudgets() {
        assertThat(HealthJudgement.problems(List.of(node("a", true, null, Map.of(), Map.of(), "", "")),
                List.of(pod("coredns", "Running", true), pod("job", "Succeeded", false)), Optional.empty(),
                List.of(budget("web", 3, 2), budget("new", null, null)), Optional.empty())).isEmpty();

        List<String> problems = HealthJudgement.problems(List.of(node("a", false, null, Map.of(), Map.of(), "", "")),
                List.of(pod("coredns", "Running", false)), Optional.of("[-]etcd failed"),
                List.of(budget("web", 1, 2), budget("db", 2, 2)), Optional.of("query 'ALERTS' returned 1 series"));
        assertThat(problems).containsExactly("apiserver /readyz: [-]etcd failed", "nodes not Ready: a",
                "kube-system pods not Ready: coredns",
                "PodDisruptionBudgets below their desired healthy pods: shop/web (1 healthy, 2 desired)",
                "Prometheus: query 'ALERTS' returned 1 series");
    }

    @Test
    void inputIsParsedOnceWithMessagesNamingValueAndFix() {
        assertThat(UpgradeValidation.version("--to", "1.36.2")).isEqualTo(KubeVersion.parse("v1.36.2"));
        assertThatThrownBy(() -> UpgradeValidation.version("--to", "v1.36")).isInstanceOf(KubeOpsException.class)
                .hasMessageContaining("'v1.36' is not a full Kubernetes version");
        assertThat(UpgradeValidation.via("v1.34.9, v1.35.9")).hasSize(2);
        assertThat(UpgradeValidation.nodeSelector("pool=web,topology.kubernetes.io/zone=eu-1a"))
                .containsEntry("pool", "web").containsEntry("topology.kubernetes.io/zone", "eu-1a");
        assertThat(UpgradeValidation.checkNodeSelector("pool=").isError()).as("an empty value is a valid label value").isFalse();
        assertThat(UpgradeValidation.checkNodeSelector("=web").message()).contains("bad term '=web'");
        assertThat(UpgradeValidation.checkPoolLabel("node.kubernetes.io/pool").isError()).isFalse();
        assertThat(UpgradeValidation.checkPoolLabel("no spaces").message()).contains("'no spaces' is not a label key");
        assertThat(UpgradeValidation.checkWindow("").isError()).isFalse();
        assertThat(UpgradeValidation.checkMaxUnavailable("10%").isError()).isFalse();
    }

    @Test
    void statusShowsTheRecordedUpgradeAndEveryNodesVersion() {
        ClusterInventory inventory = new ClusterInventory("https://127.0.0.1:6443", KubeVersion.parse("v1.36.4"), List.of(),
                List.of(new InventoryNode("w1", Map.of(), false, true, true, true, "v1.35.0", ""),
                        new InventoryNode("w2", Map.of(), false, true, false, false, "v1.36.4", "")));
        UpgradeState state = UpgradeStateCodecTest.sample().withStatus(UpgradeState.Status.RUNNING, "");
        String text = UpgradeStatusText.render(inventory, Optional.of(state), Optional.empty(), List.of("w3"));
        assertThat(text).contains("kube-ops-upgrade-x v1.35.4 -> v1.36.2: running (no process holds the lock: it died;",
                "step 5/5: pool web, zone z1: 3 nodes to v1.36.2, canary w1 alone, then up to 2 in flight",
                "(1 of 3 finished)", "mid-upgrade: w2", "cordoned by this upgrade: w2, w3",
                "etcd snapshot: backup b1", "API server reports v1.36.4", "(no control-plane pods visible",
                "tainted kube-ops.io/upgrade-pending (PreferNoSchedule: evicted pods prefer other nodes): 1 (w3); "
                        + "'kube-ops upgrade resume' or 'abort' removes it");
        assertThat(text).containsPattern("w1 +worker +v1\\.35\\.0 +\\? +Ready +cordoned \\(upgrade\\)")
                .containsPattern("w2 +worker +v1\\.36\\.4 +\\? +Ready +enabled");
        assertThat(UpgradeStatusText.render(inventory, Optional.empty(), Optional.empty(), List.of()))
                .contains("Upgrade: none recorded").doesNotContain("tainted");
        assertThat(Instant.parse("2026-12-07T10:05:00Z")).isEqualTo(state.updated());
    }
}
