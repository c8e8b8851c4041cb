package io.jenkins.plugins.kubeops.engine.upgrade;

import io.jenkins.plugins.kubeops.engine.common.Progress;

/**
 * How a cluster's components are actually replaced by a newer version: a command run per node, the embedded local
 * cluster's restart on newer binaries, or (in Jenkins) the pipeline's own steps. The orchestrator drains before and
 * waits for the node to report the version and Ready after; an upgrader only does the replacement itself.
 */
public interface NodeUpgrader {

    /**
     * Upgrades the control-plane components (apiserver first, then controller-manager and scheduler) of one control-plane
     * node, or of the whole control plane when {@code node} is null (clusters whose control plane runs on no node).
     */
    void upgradeControlPlane(String node, KubeVersion target, Progress progress) throws InterruptedException;

    /** Upgrades the kubelet (and kube-proxy) of one drained node. */
    void upgradeKubelet(String node, KubeVersion target, Progress progress) throws InterruptedException;
}
