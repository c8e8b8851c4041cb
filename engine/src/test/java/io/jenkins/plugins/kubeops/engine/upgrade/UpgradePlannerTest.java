package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpgradePlannerTest {

    static final KubeVersion V1_35_4 = KubeVersion.parse("v1.35.4");
    static final KubeVersion V1_36_2 = KubeVersion.parse("v1.36.2");

    static InventoryNode worker(String name, String kubelet, String... labels) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return new InventoryNode(name, map, false, true, false, false, kubelet, "");
    }

    static InventoryNode controlPlaneNode(String name, String kubelet) {
        return new InventoryNode(name, Map.of(InventoryNode.CONTROL_PLANE_LABEL, ""), true, true, false, false, kubelet, "");
    }

    /** A cluster like the local kwok one: the control plane runs on no node and shows no pods. */
    static ClusterInventory processControlPlane(String version, InventoryNode... nodes) {
        return new ClusterInventory("https://127.0.0.1:6443", KubeVersion.parse(version), List.of(), List.of(nodes));
    }

    /** A kubeadm cluster: static pods for every control-plane component on each control-plane node. */
    static ClusterInventory kubeadm(String version, List<String> controlPlaneNodes, InventoryNode... workers) {
        List<ControlPlanePod> pods = new ArrayList<>();
        List<InventoryNode> nodes = new ArrayList<>(List.of(workers));
        for (String node : controlPlaneNodes) {
            for (Component component : List.of(Component.KUBE_APISERVER, Component.KUBE_CONTROLLER_MANAGER, Component.KUBE_SCHEDULER)) {
                pods.add(new ControlPlanePod(component, component.label() + "-" + node, Optional.of(node),
                        "registry.k8s.io/" + component.label() + ":" + version, true));
            }
            nodes.add(controlPlaneNode(node, version));
        }
        return new ClusterInventory("https://10.0.0.1:6443", KubeVersion.parse(version), pods, nodes);
    }

    static List<String> described(UpgradePlan plan) {
        return plan.steps().stream().map(UpgradeStep::describe).toList();
    }

    @Test
    void aControlPlaneOnNoNodeIsOnePassFollowedByTheWorkersRolledAfterACanary() {
        ClusterInventory inventory = processControlPlane("v1.35.4", worker("w1", "v1.35.4"), worker("w2", "v1.35.4"),
                worker("w3", "v1.35.4"), worker("w4", "v1.35.4"));
        UpgradePlan plan = UpgradePlanner.plan(inventory, V1_36_2, UpgradePolicy.DEFAULTS.withMaxUnavailable(MaxUnavailable.parse("2")));

        assertThat(plan.refused()).as(plan.refusal()).isFalse();
        assertThat(plan.steps()).hasSize(3);
        assertThat(plan.steps().get(0)).isInstanceOf(UpgradeStep.Snapshot.class);
        assertThat(plan.steps().get(1)).isEqualTo(new UpgradeStep.ControlPlane(1, 1, V1_36_2, Optional.empty()));
        assertThat(plan.steps().get(2)).isEqualTo(
                new UpgradeStep.NodeRoll("workers", false, List.of("w1", "w2", "w3", "w4"), 2, true, V1_36_2));
        assertThat(described(plan).get(2)).isEqualTo(
                "workers: 4 nodes to v1.36.2, canary w1 alone, then up to 2 in flight: w1, w2, w3, w4");
        assertThat(plan.notes()).anyMatch(n -> n.contains("kube-controller-manager and kube-scheduler are not visible"));
    }

    @Test
    void twoMinorsNeedAPatchVersionForTheMinorInBetween() {
        ClusterInventory inventory = processControlPlane("v1.34.7", worker("w1", "v1.34.7"));
        UpgradePlan refused = UpgradePlanner.plan(inventory, V1_36_2, UpgradePolicy.DEFAULTS);
        assertThat(refused.refused()).isTrue();
        assertThat(refused.refusal()).contains("must pass through v1.35", "--via v1.35.N");

        UpgradePlan plan = UpgradePlanner.plan(inventory, V1_36_2,
                UpgradePolicy.DEFAULTS.withVia(List.of(KubeVersion.parse("v1.35.9"))));
        assertThat(plan.refused()).as(plan.refusal()).isFalse();
        assertThat(plan.steps().subList(1, 3)).containsExactly(
                new UpgradeStep.ControlPlane(1, 2, KubeVersion.parse("v1.35.9"), Optional.empty()),
                new UpgradeStep.ControlPlane(2, 2, V1_36_2, Optional.empty()));
    }

    @Test
    void aViaVersionOutsideTheWayIsRefused() {
        ClusterInventory inventory = processControlPlane("v1.35.4", worker("w1", "v1.35.4"));
        UpgradePlan plan = UpgradePlanner.plan(inventory, V1_36_2,
                UpgradePolicy.DEFAULTS.withVia(List.of(KubeVersion.parse("v1.33.1"))));
        assertThat(plan.refusal()).contains("--via v1.33.1 is not a minor version between");
    }

    @Test
    void kubeletsThatWouldFallFourMinorsBehindMidwayRefuseThePlanAtThatStep() {
        ClusterInventory inventory = processControlPlane("v1.34.7", worker("w1", "v1.32.1"), worker("w2", "v1.33.0"));
        UpgradePlan plan = UpgradePlanner.plan(inventory, V1_36_2,
                UpgradePolicy.DEFAULTS.withVia(List.of(KubeVersion.parse("v1.35.9"))));

        assertThat(plan.refused()).isTrue();
        assertThat(plan.violations()).hasSize(1);
        UpgradePlan.StepViolation violation = plan.violations().get(0);
        assertThat(violation.at()).isEqualTo("after the kube-apiserver of control plane pass 2/2 to v1.36.2: the cluster's "
                + "control plane (it runs on no node)");
        assertThat(violation.violation().rule()).isEqualTo(SkewRule.KUBELET_AT_MOST_THREE_MINORS_OLDER);
        assertThat(violation.violation().offenders()).extracting(ComponentVersion::instance).containsExactly("w1");
        assertThat(violation.violation().fix()).contains("at least v1.33");
    }

    @Test
    void kubeletsThreeMinorsBehindAtTheEndOfTheControlPlaneAreFine() {
        ClusterInventory inventory = processControlPlane("v1.34.7", worker("w1", "v1.33.0"));
        UpgradePlan plan = UpgradePlanner.plan(inventory, V1_36_2,
                UpgradePolicy.DEFAULTS.withVia(List.of(KubeVersion.parse("v1.35.9"))));
        assertThat(plan.refused()).as(plan.refusal()).isFalse();
    }

    @Test
    void kubeadmHaPassesEachControlPlaneNodeThenTheirKubeletsOneAtATimeThenWorkers() {
        ClusterInventory inventory = kubeadm("v1.35.4", List.of("cp-2", "cp-1", "cp-3"), worker("w1", "v1.35.4"));
        UpgradePlan plan = UpgradePlanner.plan(inventory, V1_36_2, UpgradePolicy.DEFAULTS);

        assertThat(plan.refused()).as(plan.refusal()).isFalse();
        assertThat(described(plan)).containsExactly(
                "etcd snapshot, verified before the control plane is touched",
                "control plane pass 1/1 to v1.36.2: node cp-1",
                "control plane pass 1/1 to v1.36.2: node cp-2",
                "control plane pass 1/1 to v1.36.2: node cp-3",
                "control-plane nodes: 3 nodes to v1.36.2, one at a time: cp-1, cp-2, cp-3",
                "workers: 1 node to v1.36.2, one at a time: w1");
        assertThat(plan.notes()).noneMatch(n -> n.contains("not visible"));
        // start + (apiserver, controllers) per control-plane node + one per node + end
        assertThat(plan.statesChecked()).isEqualTo(1 + 3 * 2 + 4 + 1);
    }

    @Test
    void aHalfUpgradedControlPlaneContinuesWhereItStopped() {
        ClusterInventory inventory = kubeadm("v1.35.4", List.of("cp-1", "cp-2"));
        List<ControlPlanePod> pods = new ArrayList<>(inventory.controlPlanePods());
        pods.replaceAll(p -> p.node().equals(Optional.of("cp-1"))
                ? new ControlPlanePod(p.component(), p.pod(), p.node(), p.image().replace("v1.35.4", "v1.36.2"), true) : p);
        UpgradePlan plan = UpgradePlanner.plan(new ClusterInventory(inventory.server(), V1_36_2, pods, inventory.nodes()),
                V1_36_2, UpgradePolicy.DEFAULTS);
        assertThat(plan.refused()).as(plan.refusal()).isFalse();
        assertThat(plan.steps()).filteredOn(UpgradeStep.ControlPlane.class::isInstance)
                .containsExactly(new UpgradeStep.ControlPlane(1, 1, V1_36_2, Optional.of("cp-2")));
    }

    @Test
    void workerWindowsAreSizedPerPoolAndOptionallyPerZone() {
        List<InventoryNode> nodes = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            nodes.add(worker("a" + i, "v1.36.0", "pool", "apps", InventoryNode.ZONE_LABEL, i <= 3 ? "z1" : "z2"));
        }
        for (int i = 1; i <= 3; i++) {
            nodes.add(worker("b" + i, "v1.36.0", "pool", "batch"));
        }
        nodes.add(worker("c1", "v1.36.0"));
        ClusterInventory inventory = processControlPlane("v1.36.2", nodes.toArray(InventoryNode[]::new));
        UpgradePolicy byPool = UpgradePolicy.DEFAULTS.withMaxUnavailable(MaxUnavailable.parse("50%")).withPoolLabel("pool", false);

        assertThat(described(UpgradePlanner.plan(inventory, V1_36_2, byPool))).containsExactly(
                "pool (no pool label): 1 node to v1.36.2, one at a time: c1",
                "pool apps: 5 nodes to v1.36.2, canary a1 alone, then up to 2 in flight: a1, a2, a3, a4, a5",
                "pool batch: 3 nodes to v1.36.2, canary b1 alone, then one at a time: b1, b2, b3");
        // Per zone, 50% is taken of each zone's nodes: 3 nodes -> 1, 2 nodes -> 1.
        assertThat(described(UpgradePlanner.plan(inventory, V1_36_2, byPool.withPoolLabel("pool", true))).subList(1, 3))
                .containsExactly(
                        "pool apps, zone z1: 3 nodes to v1.36.2, canary a1 alone, then one at a time: a1, a2, a3",
                        "pool apps, zone z2: 2 nodes to v1.36.2, canary a4 alone, then one at a time: a4, a5");
    }

    @Test
    void aControlPlaneAtTheTargetUpgradesOnlyTheNodesThatAreBehind() {
        ClusterInventory inventory = processControlPlane("v1.36.2", worker("w1", "v1.36.2"), worker("w2", "v1.35.0"));
        UpgradePlan plan = UpgradePlanner.plan(inventory, V1_36_2, UpgradePolicy.DEFAULTS);
        assertThat(described(plan)).containsExactly("workers: 1 node to v1.36.2, one at a time: w2");
        assertThat(plan.notes()).anyMatch(n -> n.contains("control plane is already at v1.36.2"));
    }

    @Test
    void nodesOfUnknownVersionAreUpgradedAndSaidToBeUnchecked() {
        ClusterInventory inventory = processControlPlane("v1.35.4", worker("kwok-1", "kwok-v0.8.0"));
        UpgradePlan plan = UpgradePlanner.plan(inventory, V1_36_2, UpgradePolicy.DEFAULTS);
        assertThat(plan.nodes()).containsExactly("kwok-1");
        assertThat(plan.notes()).anyMatch(n -> n.contains("kubelet version unknown on kwok-1 ('kwok-v0.8.0')"));
    }

    @Test
    void aNodeSelectorLimitsTheNodesUpgraded() {
        ClusterInventory inventory = processControlPlane("v1.36.2", worker("w1", "v1.35.0", "team", "a"),
                worker("w2", "v1.35.0", "team", "b"));
        UpgradePlan plan = UpgradePlanner.plan(inventory, V1_36_2, UpgradePolicy.DEFAULTS.withNodeSelector(Map.of("team", "b")));
        assertThat(plan.nodes()).containsExactly("w2");
    }

    @Test
    void notReadyNodesAndNodesCordonedBySomeoneElseRefuseThePlan() {
        InventoryNode down = new InventoryNode("down", Map.of(), false, false, false, false, "v1.35.4", "");
        InventoryNode cordoned = new InventoryNode("held", Map.of(), false, true, true, false, "v1.35.4", "");
        InventoryNode ours = new InventoryNode("ours", Map.of(), false, true, true, true, "v1.35.4", "");
        UpgradePlan plan = UpgradePlanner.plan(processControlPlane("v1.35.4", down, cordoned, ours), V1_36_2, UpgradePolicy.DEFAULTS);
        assertThat(plan.refused()).isTrue();
        assertThat(plan.refusal()).contains("not Ready: down", "cordoned by someone else: held").doesNotContain("ours");
        assertThat(plan.preflight()).anyMatch(c -> c.status() == PreflightCheck.Status.WARNING && c.detail().contains("ours"));
    }

    @Test
    void aDowngradeIsRefused() {
        UpgradePlan plan = UpgradePlanner.plan(processControlPlane("v1.36.2", worker("w1", "v1.36.2")), V1_35_4,
                UpgradePolicy.DEFAULTS);
        assertThat(plan.refused()).isTrue();
        assertThat(plan.refusal()).contains("v1.35.4 cannot be reached from v1.36.2", "restore the etcd snapshot");
    }

    @Test
    void aClusterAlreadyOutOfSkewMayBeRepairedButNotLeftBroken() {
        ClusterInventory inventory = processControlPlane("v1.35.4", worker("w1", "v1.31.0"));
        UpgradePlan repair = UpgradePlanner.plan(inventory, V1_35_4, UpgradePolicy.DEFAULTS);
        assertThat(repair.refused()).as(repair.refusal()).isFalse();
        assertThat(repair.preflight()).anyMatch(c -> c.name().equals("skew at the start"));

        UpgradePlan leftBroken = UpgradePlanner.plan(inventory, V1_35_4, UpgradePolicy.DEFAULTS.withNodeSelector(Map.of("x", "y")));
        assertThat(leftBroken.refused()).isTrue();
        assertThat(leftBroken.violations().get(0).at()).isEqualTo("at the start");
    }

    @Test
    void skippingTheSnapshotIsSaidLoudly() {
        UpgradePlan plan = UpgradePlanner.plan(processControlPlane("v1.35.4"), V1_36_2,
                UpgradePolicy.DEFAULTS.withSkipSnapshot(true));
        assertThat(plan.steps()).noneMatch(UpgradeStep.Snapshot.class::isInstance);
        assertThat(plan.preflight()).anyMatch(c -> c.status() == PreflightCheck.Status.WARNING
                && c.detail().contains("there is no way back"));
    }

    @Test
    void thePrintedPlanShowsChecksSkewWindowAndSteps() {
        ClusterInventory inventory = processControlPlane("v1.35.4", worker("w1", "v1.35.4"), worker("w2", "v1.35.4"));
        UpgradePlan plan = UpgradePlanner.plan(inventory, V1_36_2,
                UpgradePolicy.DEFAULTS.withWindow(MaintenanceWindow.parse("Sat 01:00-05:00 UTC")));
        String text = UpgradePlanText.render(plan, "local", Instant.parse("2026-12-07T12:00:00Z"));
        assertThat(text).contains("Upgrade plan for local: control plane v1.35.4 -> v1.36.2",
                "OK      nodes Ready: all 2 nodes in scope are Ready",
                "Version skew: supported at all",
                "Maintenance window: Sat 01:00-05:00 UTC (next opens 2026-12-12 01:00 UTC)",
                "   1. etcd snapshot", "   3. workers: 2 nodes to v1.36.2, canary w1 alone, then one at a time: w1, w2");
    }
}
