package io.jenkins.plugins.kubeops.jenkins.upgrade;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainOptions;
import io.jenkins.plugins.kubeops.engine.upgrade.Drainer;
import io.jenkins.plugins.kubeops.engine.upgrade.KubeVersion;
import io.jenkins.plugins.kubeops.engine.upgrade.NodeDrainer;
import io.jenkins.plugins.kubeops.engine.upgrade.NodeUpgrader;
import io.jenkins.plugins.kubeops.engine.upgrade.Polling;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeService;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The engine's {@link UpgradeService} as the steps use it. */
final class UpgradeServices {

    private UpgradeServices() {
    }

    /** For planning: upgrades and drains nothing. */
    static UpgradeService reading(KubernetesClient client) {
        NodeUpgrader none = new NodeUpgrader() {
            @Override
            public void upgradeControlPlane(String node, KubeVersion target, Progress progress) {
                throw new KubeOpsException("planning upgrades nothing");
            }

            @Override
            public void upgradeKubelet(String node, KubeVersion target, Progress progress) {
                throw new KubeOpsException("planning upgrades nothing");
            }
        };
        UpgradeService.Parts parts = new UpgradeService.Parts(none, id -> (nodes, progress) -> {
            throw new KubeOpsException("planning drains nothing");
        }, Optional.empty());
        return new UpgradeService(client, parts, UpgradeService.Settings.DEFAULTS, Polling.real(Clock.systemUTC()), "kubeUpgradePlan");
    }

    /**
     * For {@code kubeUpgrade}: the engine drains, waits for each node to report the target version and Ready, uncordons and
     * gates; the binaries are replaced by the cluster's own mechanism (managed node pools, an upgrade controller), since a
     * pipeline step must not run commands on the controller. Teams whose upgrade is a script use the library's
     * {@code clusterUpgrade} with a body instead.
     */
    static UpgradeService upgrading(KubernetesClient client, DrainOptions drain, UpgradeService.Settings settings, String holder) {
        NodeUpgrader external = new NodeUpgrader() {
            @Override
            public void upgradeControlPlane(String node, KubeVersion target, Progress progress) {
                progress.say("waiting for the control plane" + (node == null ? "" : " on node " + node) + " to reach " + target
                        + " (replaced by the cluster's own upgrade mechanism; kubeUpgrade runs no command)");
            }

            @Override
            public void upgradeKubelet(String node, KubeVersion target, Progress progress) {
                progress.say("waiting for node " + node + " to report kubelet " + target
                        + " (replaced by the cluster's own upgrade mechanism; kubeUpgrade runs no command)");
            }
        };
        UpgradeService.Parts parts = new UpgradeService.Parts(external, operationId -> drainer(client, operationId, drain),
                Optional.empty());
        return new UpgradeService(client, parts, settings, Polling.real(Clock.systemUTC()), holder);
    }

    private static NodeDrainer drainer(KubernetesClient client, String operationId, DrainOptions options) {
        Drainer drainer = new Drainer(client, Clock.systemUTC(), operationId);
        return new ClosingDrainer(drainer.asNodeDrainer(options), drainer);
    }

    /** Closes the drainer's watches when the engine is done with it. */
    private record ClosingDrainer(NodeDrainer nodes, Drainer drainer) implements NodeDrainer, AutoCloseable {
        @Override
        public Result drain(List<String> names, Progress progress) throws InterruptedException {
            return nodes.drain(names, progress);
        }

        @Override
        public void close() {
            drainer.close();
        }
    }
}
