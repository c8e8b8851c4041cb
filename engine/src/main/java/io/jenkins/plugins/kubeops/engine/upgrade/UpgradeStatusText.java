package io.jenkins.plugins.kubeops.engine.upgrade;

import java.util.List;
import java.util.Optional;

/** What {@code kube-ops upgrade status} prints: the stored upgrade, then the version of every component and node. Pure. */
public final class UpgradeStatusText {

    private UpgradeStatusText() {
    }

    /** @param pendingTainted the nodes carrying the upgrade's {@code PreferNoSchedule} taint ({@code PendingTaint}) */
    public static String render(ClusterInventory inventory, Optional<UpgradeState> state, Optional<String> runner,
                                List<String> pendingTainted) {
        StringBuilder text = new StringBuilder();
        if (state.isEmpty()) {
            text.append("Upgrade: none recorded on this cluster\n");
        } else {
            UpgradeState s = state.get();
            text.append("Upgrade: ").append(s.operationId()).append(' ').append(s.from()).append(" -> ").append(s.target())
                    .append(": ").append(s.status().name().toLowerCase())
                    .append(runner.map(r -> " (run by " + r + ")").orElse(s.status() == UpgradeState.Status.RUNNING
                            ? " (no process holds the lock: it died; 'kube-ops upgrade resume' continues)" : ""))
                    .append('\n');
            text.append("  step ").append(Math.min(s.nextStep() + 1, s.steps().size())).append('/').append(s.steps().size())
                    .append(s.currentStep().map(step -> ": " + step.describe() + rolled(s, step)).orElse(" (all done)")).append('\n');
            text.append("  nodes done: ").append(s.doneNodes().size()).append(list(s.doneNodes())).append('\n');
            if (!s.currentNodes().isEmpty()) {
                text.append("  mid-upgrade: ").append(String.join(", ", s.currentNodes())).append('\n');
            }
            if (!s.skippedNodes().isEmpty()) {
                text.append("  skipped by the drain (still on their version): ").append(String.join(", ", s.skippedNodes()))
                        .append('\n');
            }
            if (!s.cordonedByUs().isEmpty()) {
                text.append("  cordoned by this upgrade: ").append(String.join(", ", s.cordonedByUs())).append('\n');
            }
            if (s.pauseRequested() || s.abortRequested()) {
                text.append("  requested: ").append(s.pauseRequested() ? "pause " : "").append(s.abortRequested() ? "abort" : "")
                        .append('\n');
            }
            if (!pendingTainted.isEmpty()) {
                text.append("  tainted ").append(PendingTaint.KEY).append(" (PreferNoSchedule: evicted pods prefer other nodes): ")
                        .append(pendingTainted.size()).append(list(pendingTainted))
                        .append(runner.isEmpty() ? "; 'kube-ops upgrade resume' or 'abort' removes it" : "").append('\n');
            }
            s.snapshot().ifPresent(snapshot -> text.append("  etcd snapshot: ").append(snapshot).append('\n'));
            if (!s.message().isEmpty()) {
                text.append("  last message: ").append(s.message()).append('\n');
            }
            text.append("  updated ").append(s.updated()).append('\n');
        }
        text.append("Control plane (").append(inventory.server()).append("): API server reports ").append(inventory.apiserver())
                .append('\n');
        for (ControlPlanePod pod : inventory.controlPlanePods()) {
            text.append(String.format("  %-24s %-40s %-10s %s%n", pod.component().label(), pod.pod(),
                    pod.version().map(KubeVersion::toString).orElse("?"), pod.ready() ? "Ready" : "NotReady"));
        }
        if (inventory.controlPlanePods().isEmpty()) {
            text.append("  (no control-plane pods visible in kube-system: the control plane runs outside the cluster's pods)\n");
        }
        text.append(String.format("Nodes: %d%n  %-32s %-14s %-12s %-12s %-9s %s%n", inventory.nodes().size(), "NAME", "ROLE",
                "KUBELET", "KUBE-PROXY", "READY", "SCHEDULING"));
        for (InventoryNode node : inventory.nodes()) {
            text.append(String.format("  %-32s %-14s %-12s %-12s %-9s %s%n", node.name(),
                    inventory.controlPlaneNodes().contains(node.name()) ? "control-plane" : "worker",
                    node.kubeletVersion().isEmpty() ? "?" : node.kubeletVersion(),
                    node.kubeProxyVersion().isEmpty() ? "?" : node.kubeProxyVersion(), node.ready() ? "Ready" : "NotReady",
                    node.unschedulable() ? (node.cordonedByUpgrade() ? "cordoned (upgrade)" : "cordoned") : "enabled"));
        }
        return text.toString();
    }

    private static String list(List<String> nodes) {
        return nodes.isEmpty() ? "" : " (" + ShortLists.names(nodes) + ")";
    }

    /** How far a node roll got: the nodes finished (upgraded or skipped) of the step's nodes. */
    private static String rolled(UpgradeState state, UpgradeStep step) {
        return step instanceof UpgradeStep.NodeRoll roll
                ? " (" + NodeRollRun.finished(state, roll).size() + " of " + roll.nodes().size() + " finished)" : "";
    }
}
