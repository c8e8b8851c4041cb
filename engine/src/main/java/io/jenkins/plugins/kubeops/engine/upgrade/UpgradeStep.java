package io.jenkins.plugins.kubeops.engine.upgrade;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One step of an {@link UpgradePlan}, run in order by the orchestrator; a paused upgrade resumes at a step boundary. */
public sealed interface UpgradeStep {

    /** One line for plans and progress. */
    String describe();

    /** A verified etcd snapshot, taken before the control plane is touched; one that does not verify stops the upgrade. */
    record Snapshot() implements UpgradeStep {
        @Override
        public String describe() {
            return "etcd snapshot, verified before the control plane is touched";
        }
    }

    /**
     * One control-plane pass on one target: kube-apiserver first, then kube-controller-manager and kube-scheduler.
     *
     * @param node the control-plane node, or empty for a control plane that runs on no node
     */
    record ControlPlane(int pass, int passes, KubeVersion version, Optional<String> node) implements UpgradeStep {
        public ControlPlane {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(node, "node");
        }

        @Override
        public String describe() {
            return "control plane pass " + pass + "/" + passes + " to " + version + ": "
                    + node.map(n -> "node " + n).orElse("the cluster's control plane (it runs on no node)");
        }
    }

    /**
     * The kubelets of one group of nodes, rolled in order through a sliding window (see {@link RollingWindow}): each node is
     * cordoned, drained, upgraded, waited for (target kubelet version and Ready) and uncordoned, and the next node starts as
     * soon as one is done, with at most {@code maxInFlight} under way. With {@code canary} the first node goes alone.
     *
     * @param group "control-plane nodes", "pool web" or "pool web, zone eu-1a" — the unit the window is sized for
     */
    record NodeRoll(String group, boolean controlPlane, List<String> nodes, int maxInFlight, boolean canary,
                    KubeVersion version) implements UpgradeStep {
        public NodeRoll {
            Objects.requireNonNull(group, "group");
            nodes = List.copyOf(nodes);
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
            }
            Objects.requireNonNull(version, "version");
        }

        public RollingWindow window() {
            return new RollingWindow(nodes, maxInFlight, canary);
        }

        @Override
        public String describe() {
            return group + ": " + nodes.size() + " node" + (nodes.size() == 1 ? "" : "s") + " to " + version + ", "
                    + window().describe() + ": " + ShortLists.names(nodes);
        }
    }
}
