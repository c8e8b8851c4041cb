package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.upgrade.KubeVersion;
import io.jenkins.plugins.kubeops.engine.upgrade.NodeUpgrader;
import io.jenkins.plugins.kubeops.localcluster.LocalCluster;
import io.jenkins.plugins.kubeops.localcluster.LocalClusterException;
import java.time.Duration;
import java.util.Objects;

/**
 * Upgrades the embedded local cluster for real: its control plane is restarted on the target version's binaries (built from
 * Go modules when they are not cached yet) and its kwok nodes are moved to the target kubelet version, through
 * {@code scripts/local-cluster.sh}. The script refuses downgrades, skipped minors and kubelets newer than the apiserver
 * before it touches anything.
 */
public final class LocalNodeUpgrader implements NodeUpgrader {

    private final String cluster;
    private final Duration timeout;

    /** @param cluster the local cluster's name, e.g. {@link LocalCluster#DEMO_CLUSTER} */
    public LocalNodeUpgrader(String cluster) {
        this(cluster, LocalCluster.UPGRADE_TIMEOUT);
    }

    /** @param timeout per call; a control-plane upgrade to a version that is not cached compiles it (minutes) */
    public LocalNodeUpgrader(String cluster, Duration timeout) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * The local cluster's control plane runs as processes on this machine, on no node, so {@code node} is normally null. When
     * the orchestrator names a (kwok) node it treats as a control-plane node, that node's kubelet is moved too, as on a real
     * control-plane node whose kubelet is upgraded after its static pods.
     */
    @Override
    public void upgradeControlPlane(String node, KubeVersion target, Progress progress) throws InterruptedException {
        progress.say("local cluster '" + cluster + "': restarting the control plane on Kubernetes " + target
                + " (kube-apiserver, then kube-controller-manager, then kube-scheduler; etcd and its data stay)");
        call(() -> LocalCluster.upgradeControlPlane(cluster, target.toString(), timeout, progress::say));
        if (node != null) {
            upgradeKubelet(node, target, progress);
        }
    }

    @Override
    public void upgradeKubelet(String node, KubeVersion target, Progress progress) throws InterruptedException {
        progress.say("local cluster '" + cluster + "': moving node " + node + " to kubelet " + target);
        call(() -> LocalCluster.upgradeNode(cluster, node, target.toString(), timeout, progress::say));
    }

    private static void call(Runnable scriptCall) throws InterruptedException {
        try {
            scriptCall.run();
        } catch (LocalClusterException e) {
            if (Thread.interrupted()) {
                InterruptedException interrupted = new InterruptedException(e.getMessage());
                interrupted.initCause(e);
                throw interrupted;
            }
            throw new KubeOpsException(e.getMessage(), e);
        }
    }
}
