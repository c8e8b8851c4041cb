package io.jenkins.plugins.kubeops.engine.canary;

import io.jenkins.plugins.kubeops.engine.common.Progress;
import java.time.Duration;
import java.util.Set;

/**
 * Canary pods next to the stable ones behind the same Service, which spreads requests over all ready pods: the weight is the
 * canary's share of the replicas ({@link ReplicaSplit#replicaRatio}). Works on any cluster; the share is as coarse as the
 * Deployment is small.
 */
public final class ReplicaRatioRouter implements TrafficRouter {

    private final CanaryWorkloads workloads;
    private final int stableReplicas;
    private final boolean baseline;
    private final Duration timeout;

    public ReplicaRatioRouter(CanaryWorkloads workloads, int stableReplicas, boolean baseline, Duration timeout) {
        this.workloads = workloads;
        this.stableReplicas = stableReplicas;
        this.baseline = baseline;
        this.timeout = timeout;
    }

    @Override
    public String describe() {
        return "replica ratio";
    }

    @Override
    public Set<String> labelsHiddenFromCanary() {
        return Set.of();
    }

    @Override
    public void prepare(Progress progress) {
        // the stable Service already selects the canary's pods
    }

    @Override
    public ReplicaSplit setWeight(int weight, Progress progress) {
        ReplicaSplit target = ReplicaSplit.replicaRatio(stableReplicas, weight, baseline);
        workloads.shift(workloads.current(), target, timeout, progress);
        return target;
    }

    @Override
    public void resetToStable(Progress progress) {
        // the canary's pods are its traffic: they go at once, stable returns to its size
        workloads.scale(new ReplicaSplit(stableReplicas, 0, 0));
    }

    @Override
    public void cleanup(Progress progress) {
        // nothing of its own
    }
}
