package io.jenkins.plugins.kubeops.engine.upgrade;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns an inventory, a target version and a policy into an ordered plan: pre-flight checks, a verified etcd snapshot, one
 * control-plane pass per minor version (each control-plane target in turn), the control-plane nodes one at a time, then the
 * workers per pool (and zone) through a sliding window after a canary node. The skew policy judges the cluster at the start, after every component
 * move and at the end; the first point at which a rule breaks is reported with the rule, the components and the fix. Pure.
 */
public final class UpgradePlanner {

    private static final Set<Component> APISERVER = Set.of(Component.KUBE_APISERVER);
    private static final Set<Component> CONTROLLERS = Set.of(Component.KUBE_CONTROLLER_MANAGER, Component.KUBE_SCHEDULER);

    private final ClusterInventory inventory;
    private final KubeVersion target;
    private final UpgradePolicy policy;
    private final List<PreflightCheck> preflight = new ArrayList<>();
    private final List<UpgradePlan.StepViolation> violations = new ArrayList<>();
    private final Set<String> reported = new HashSet<>();
    private final List<String> notes = new ArrayList<>();
    private int statesChecked;

    private UpgradePlanner(ClusterInventory inventory, KubeVersion target, UpgradePolicy policy) {
        this.inventory = inventory;
        this.target = target;
        this.policy = policy;
    }

    public static UpgradePlan plan(ClusterInventory inventory, KubeVersion target, UpgradePolicy policy) {
        return new UpgradePlanner(inventory, target, policy).build();
    }

    private UpgradePlan build() {
        List<InventoryNode> scoped = inventory.nodes().stream().filter(n -> n.matches(policy.nodeSelector())).toList();
        notes.addAll(inventory.unknown());
        checkNodes(scoped);
        ClusterVersions start = inventory.versions();
        List<SkewViolation> atStart = SkewPolicy.check(start);
        atStart.forEach(v -> reported.addAll(v.keys())); // judged below against the end state, not step by step
        statesChecked++;
        ClusterVersions state = start;
        List<UpgradeStep> steps = new ArrayList<>();
        List<KubeVersion> passes = passVersions();
        List<UpgradeStep.ControlPlane> controlPlaneSteps = new ArrayList<>();
        for (int pass = 0; pass < passes.size(); pass++) {
            state = planPass(state, pass + 1, passes.size(), passes.get(pass), controlPlaneSteps);
        }
        if (!controlPlaneSteps.isEmpty()) {
            if (policy.skipSnapshot()) {
                preflight.add(PreflightCheck.warning("etcd snapshot", "skipped on request: there is no way back if the "
                        + "control-plane upgrade damages the cluster's data"));
            } else {
                steps.add(new UpgradeStep.Snapshot());
            }
            steps.addAll(controlPlaneSteps);
        } else {
            notes.add("the control plane is already at " + inventory.controlPlaneVersion() + ": only nodes are upgraded");
        }
        state = planNodes(state, scoped, steps);
        Set<String> atEnd = new HashSet<>();
        SkewPolicy.check(state).forEach(v -> atEnd.addAll(v.keys()));
        judgeStart(atStart, atEnd);
        judge(state, "at the end");
        if (steps.isEmpty()) {
            notes.add("nothing to do: every component in scope is at " + target + " or newer");
        }
        return new UpgradePlan(inventory.controlPlaneVersion(), target, steps, preflight, violations, notes, statesChecked,
                policy.window());
    }

    private void checkNodes(List<InventoryNode> scoped) {
        List<String> notReady = scoped.stream().filter(n -> !n.ready()).map(InventoryNode::name).toList();
        preflight.add(notReady.isEmpty() ? PreflightCheck.ok("nodes Ready", "all " + scoped.size() + " nodes in scope are Ready")
                : PreflightCheck.failed("nodes Ready", "not Ready: " + ShortLists.names(notReady) + ". Fix: make them Ready, "
                        + "or leave them out with a node selector."));
        List<String> cordonedByOthers = scoped.stream().filter(n -> n.unschedulable() && !n.cordonedByUpgrade())
                .map(InventoryNode::name).toList();
        preflight.add(cordonedByOthers.isEmpty() ? PreflightCheck.ok("no node cordoned by someone else", "none is")
                : PreflightCheck.failed("no node cordoned by someone else", "cordoned by someone else: "
                        + ShortLists.names(cordonedByOthers) + ". Fix: find out why and uncordon them (kubectl uncordon), or "
                        + "leave them out with a node selector; an upgrade never uncordons a node it did not cordon."));
        List<String> ours = scoped.stream().filter(n -> n.unschedulable() && n.cordonedByUpgrade()).map(InventoryNode::name).toList();
        if (!ours.isEmpty()) {
            preflight.add(PreflightCheck.warning("left cordoned by an earlier upgrade", ShortLists.names(ours)
                    + ": they are uncordoned after their upgrade"));
        }
    }

    /** The control-plane versions to pass through: one per minor version up to the target; the via versions in between. */
    private List<KubeVersion> passVersions() {
        KubeVersion oldest = inventory.controlPlaneVersion();
        ComponentVersion newest = inventory.versions().newest(Component.KUBE_APISERVER)
                .orElse(new ComponentVersion(Component.KUBE_APISERVER, ClusterInventory.WHOLE_CONTROL_PLANE, Optional.empty(), oldest));
        Optional<SkewViolation> move = SkewPolicy.checkMove(newest, target);
        if (move.isPresent() && move.get().rule() != SkewRule.CONTROL_PLANE_ONE_MINOR_AT_A_TIME) {
            preflight.add(PreflightCheck.failed("target version", target + " cannot be reached from " + newest.version()
                    + ": " + move.get().rule().text() + ". Fix: " + move.get().fix()));
            return List.of();
        }
        List<KubeVersion> passes = new ArrayList<>();
        for (KubeVersion via : policy.via()) {
            if (via.major() != target.major() || via.minor() <= oldest.minor() || via.minor() >= target.minor()) {
                preflight.add(PreflightCheck.failed("target version", "--via " + via + " is not a minor version between the "
                        + "control plane's " + oldest + " and the target " + target + ". Fix: give one version for each "
                        + "minor in between, or none."));
            }
        }
        for (int minor = oldest.minor() + 1; minor < target.minor(); minor++) {
            int wanted = minor;
            Optional<KubeVersion> via = policy.via().stream().filter(v -> v.major() == target.major() && v.minor() == wanted)
                    .findFirst();
            if (via.isEmpty()) {
                preflight.add(PreflightCheck.failed("target version", "the control plane must pass through v"
                        + target.major() + "." + minor + " on its way from " + oldest + " to " + target + " ("
                        + SkewRule.CONTROL_PLANE_ONE_MINOR_AT_A_TIME.text() + "). Fix: name the v" + target.major() + "."
                        + minor + " patch to use, e.g. --via v" + target.major() + "." + minor + ".N (its latest patch)."));
                return List.of();
            }
            passes.add(via.get());
        }
        if (inventory.versions().of(Component.KUBE_APISERVER).stream().anyMatch(a -> a.version().compareTo(target) < 0)) {
            passes.add(target);
        }
        preflight.add(PreflightCheck.ok("target version", target + " from the control plane's " + oldest + ": "
                + (passes.isEmpty() ? "no control-plane pass" : passes.size() + " control-plane pass"
                + (passes.size() == 1 ? "" : "es") + " (" + String.join(" then ", passes.stream().map(KubeVersion::toString).toList())
                + ")")));
        return passes;
    }

    private ClusterVersions planPass(ClusterVersions state, int pass, int passes, KubeVersion version,
                                     List<UpgradeStep.ControlPlane> steps) {
        List<Optional<String>> targets = inventory.controlPlaneTargets();
        boolean apiserversOnNodes = state.of(Component.KUBE_APISERVER).stream().anyMatch(a -> a.node().isPresent());
        for (int i = 0; i < targets.size(); i++) {
            Optional<String> node = targets.get(i);
            List<ComponentVersion> here = state.of(Component.KUBE_APISERVER).stream()
                    .filter(a -> node.isEmpty() || !apiserversOnNodes || a.node().equals(node)).toList();
            if (apiserversOnNodes && here.stream().allMatch(a -> a.version().compareTo(version) >= 0) && !here.isEmpty()) {
                continue; // already there, e.g. after an aborted upgrade
            }
            UpgradeStep.ControlPlane step = new UpgradeStep.ControlPlane(pass, passes, version, node);
            steps.add(step);
            for (ComponentVersion apiserver : here) {
                SkewPolicy.checkMove(apiserver, version).ifPresent(v -> report("at " + step.describe(), v));
            }
            // Without visible apiserver pods the control plane counts as one instance; it has moved once every target has.
            boolean moves = apiserversOnNodes || node.isEmpty() || i == targets.size() - 1;
            Optional<String> where = apiserversOnNodes ? node : Optional.empty();
            if (moves) {
                state = state.withControlPlane(where, APISERVER, version);
                judge(state, "after the kube-apiserver of " + step.describe());
                state = state.withControlPlane(where, CONTROLLERS, version);
                judge(state, "after " + step.describe());
            }
        }
        return state;
    }

    private ClusterVersions planNodes(ClusterVersions state, List<InventoryNode> scoped, List<UpgradeStep> steps) {
        List<InventoryNode> toUpgrade = scoped.stream()
                .filter(n -> n.kubelet().map(v -> v.compareTo(target) < 0).orElse(true)).toList();
        List<String> controlPlaneNodes = inventory.controlPlaneNodes();
        List<String> cpToUpgrade = toUpgrade.stream().map(InventoryNode::name).filter(controlPlaneNodes::contains).toList();
        if (!cpToUpgrade.isEmpty()) {
            steps.add(new UpgradeStep.NodeRoll("control-plane nodes", true, cpToUpgrade, 1, false, target));
        }
        for (String node : cpToUpgrade) {
            state = moveNode(state, node);
        }
        Map<String, List<String>> groupsToUpgrade = new TreeMap<>();
        Map<String, Integer> groupSizes = new TreeMap<>();
        for (InventoryNode node : scoped) {
            if (controlPlaneNodes.contains(node.name())) {
                continue;
            }
            String group = group(node);
            groupSizes.merge(group, 1, Integer::sum);
            if (toUpgrade.contains(node)) {
                groupsToUpgrade.computeIfAbsent(group, g -> new ArrayList<>()).add(node.name());
            }
        }
        for (Map.Entry<String, List<String>> group : groupsToUpgrade.entrySet()) {
            int max = policy.maxUnavailable().resolve(groupSizes.get(group.getKey()));
            steps.add(new UpgradeStep.NodeRoll(group.getKey(), false, group.getValue(), max, true, target));
            for (String node : group.getValue()) {
                state = moveNode(state, node);
            }
        }
        return state;
    }

    private String group(InventoryNode node) {
        String pool = policy.poolLabel().map(label -> "pool " + node.pool(label).orElse("(no " + label + " label)"))
                .orElse("workers");
        return policy.perZone() ? pool + ", zone " + node.zone().orElse("(none)") : pool;
    }

    private ClusterVersions moveNode(ClusterVersions state, String node) {
        ClusterVersions next = state.withNode(node, target);
        judge(next, "after node " + node + " moves to " + target);
        return next;
    }

    /** A cluster that already breaks a rule may be upgraded when the plan repairs it; one it leaves broken is refused. */
    private void judgeStart(List<SkewViolation> atStart, Set<String> atEnd) {
        for (SkewViolation violation : atStart) {
            if (violation.keys().stream().anyMatch(atEnd::contains)) {
                violations.add(0, new UpgradePlan.StepViolation("at the start", violation));
            } else {
                preflight.add(PreflightCheck.warning("skew at the start", "the cluster already breaks a rule that this plan "
                        + "repairs: " + violation.describe()));
            }
        }
    }

    private void judge(ClusterVersions state, String at) {
        statesChecked++;
        for (SkewViolation violation : SkewPolicy.check(state)) {
            report(at, violation);
        }
    }

    private void report(String at, SkewViolation violation) {
        boolean isNew = false;
        for (String key : violation.keys()) {
            isNew |= reported.add(key);
        }
        if (isNew) {
            violations.add(new UpgradePlan.StepViolation(at, violation));
        }
    }
}
