package io.jenkins.plugins.kubeops.cli.poolsim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Collects one run's numbers as the farm reports them. */
final class RunMetrics {

    private final long[] arrivals;
    private final long[] waits;
    private final int[] provisions;
    private final int[] intoFull;
    private final int[] failed;
    private int started;
    private int finished;

    RunMetrics(List<SimJob> jobs, int clusters) {
        arrivals = jobs.stream().mapToLong(SimJob::arrivalMillis).toArray();
        waits = new long[jobs.size()];
        Arrays.fill(waits, -1);
        provisions = new int[clusters];
        intoFull = new int[clusters];
        failed = new int[clusters];
    }

    void planned(int cluster, boolean full) {
        provisions[cluster]++;
        if (full) {
            intoFull[cluster]++;
        }
    }

    void failed(int cluster) {
        failed[cluster]++;
    }

    void started(SimJob job, long now) {
        waits[job.id()] = now - job.arrivalMillis();
        started++;
    }

    void finished(long now) {
        finished++;
    }

    boolean allFinished() {
        return finished == waits.length;
    }

    RunResult result(StrategyKind strategy, List<SimCluster> clusters, long now) {
        long[] observed = new long[waits.length];
        for (int i = 0; i < waits.length; i++) {
            // A build still waiting at the horizon counts with the wait it has had so far.
            observed[i] = waits[i] >= 0 ? waits[i] : Math.max(0, now - arrivals[i]);
        }
        List<RunResult.ClusterOutcome> outcomes = new ArrayList<>();
        for (SimCluster cluster : clusters) {
            SimCluster.CpuShares utilization = cluster.utilization(now);
            outcomes.add(new RunResult.ClusterOutcome(cluster.name(), provisions[cluster.index], intoFull[cluster.index],
                    failed[cluster.index], utilization.agentCpuShare(), utilization.totalCpuShare()));
        }
        return new RunResult(strategy, waits.length, started, stats(observed), outcomes);
    }

    static RunResult.WaitStats stats(long[] waitMillis) {
        if (waitMillis.length == 0) {
            return new RunResult.WaitStats(0, 0, 0, 0, 0);
        }
        long[] sorted = waitMillis.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long wait : sorted) {
            sum += wait;
        }
        return new RunResult.WaitStats(sum / sorted.length / 1000, percentile(sorted, 50), percentile(sorted, 95),
                percentile(sorted, 99), sorted[sorted.length - 1] / 1000.0);
    }

    /** Nearest rank: the smallest value with at least p% of the values at or below it. */
    static double percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1000.0;
    }
}
