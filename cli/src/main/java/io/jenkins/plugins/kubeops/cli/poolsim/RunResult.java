package io.jenkins.plugins.kubeops.cli.poolsim;

import java.util.List;
import java.util.Objects;

/**
 * What one strategy achieved on one scenario and seed.
 *
 * @param jobs      builds that arrived
 * @param started   builds that got an agent before the simulation's horizon (the rest count with their wait so far)
 * @param waits     queue wait: from entering the queue to starting on an agent
 * @param clusters  per cluster, in configured order
 */
public record RunResult(StrategyKind strategy, int jobs, int started, WaitStats waits, List<ClusterOutcome> clusters) {

    /** Queue-wait statistics in seconds; percentiles by the nearest-rank method. */
    public record WaitStats(double meanSeconds, double p50Seconds, double p95Seconds, double p99Seconds, double maxSeconds) {
    }

    /**
     * One cluster's part.
     *
     * @param provisions         agents planned into it
     * @param intoFullMember     of those, planned while no node of the cluster had room for the pod (after the pods already
     *                           on their way there): the pod goes Pending until room frees up or the connect timeout
     * @param failedProvisions   launches that failed: pod refused, API server unreachable, or agent not connected in time
     * @param agentCpuShare      time-averaged CPU requested by agent pods, as a share of allocatable
     * @param totalCpuShare      the same for all pods, other tenants' included
     */
    public record ClusterOutcome(String cluster, int provisions, int intoFullMember, int failedProvisions,
                                 double agentCpuShare, double totalCpuShare) {
    }

    public RunResult {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(waits, "waits");
        clusters = List.copyOf(clusters);
    }

    public int provisions() {
        return clusters.stream().mapToInt(ClusterOutcome::provisions).sum();
    }

    public int provisionsIntoFullMember() {
        return clusters.stream().mapToInt(ClusterOutcome::intoFullMember).sum();
    }

    public int failedProvisions() {
        return clusters.stream().mapToInt(ClusterOutcome::failedProvisions).sum();
    }
}
