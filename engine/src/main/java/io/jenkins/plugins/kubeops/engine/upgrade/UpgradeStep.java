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
     * One batch of nodes: cordoned, drained together, upgraded, each waited for (target kubelet version and Ready), then
     * uncordoned.
     *
     * @param group "control-plane nodes", "pool web" or "pool web, zone eu-1a" — the unit batches are sized for
     */
    record NodeBatch(String group, boolean controlPlane, int batch, int batches, List<String> nodes, KubeVersion version)
            implements UpgradeStep {
        public NodeBatch {
            Objects.requireNonNull(group, "group");
            nodes = List.copyOf(nodes);
            Objects.requireNonNull(version, "version");
        }

        public boolean canary() {
            return !controlPlane && batch == 1 && batches > 1;
        }

        @Override
        public String describe() {
            return group + " batch " + batch + "/" + batches + (canary() ? " (canary)" : "") + " to " + version + ": "
                    + String.join(", ", nodes);
        }
    }
}
