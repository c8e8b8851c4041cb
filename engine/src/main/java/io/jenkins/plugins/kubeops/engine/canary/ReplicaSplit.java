package io.jenkins.plugins.kubeops.engine.canary;

/**
 * How many pods each Deployment runs at a weight. Pure.
 *
 * <p>Replica ratio (the Service spreads requests over all pods): the canary gets {@code ceil(total * weight / 100)} pods, the
 * baseline (old version, started fresh for the judge) as many as fit beside it, and stable the rest, so the total stays
 * {@code total} — except that while the weight is below 100 at least one old-version pod keeps serving, which for very small
 * totals adds one pod. The canary's real share of the traffic is then {@link #canaryShare()}.
 *
 * <p>With a traffic router the router sets the share; the canary (and baseline) get enough pods for their share and stable
 * keeps all of its pods, so that a rollback needs no scale-up.
 */
public record ReplicaSplit(int stable, int canary, int baseline) {

    public ReplicaSplit {
        if (stable < 0 || canary < 0 || baseline < 0) {
            throw new IllegalArgumentException("replica counts cannot be negative: " + stable + "/" + canary + "/" + baseline);
        }
    }

    public static ReplicaSplit replicaRatio(int total, int weight, boolean withBaseline) {
        checkArguments(total, weight);
        int canary = canaryPods(total, weight);
        int baseline = withBaseline && weight < 100 ? Math.min(canary, total - canary) : 0;
        int stable = total - canary - baseline;
        if (weight < 100 && stable + baseline == 0) {
            stable = 1;
        }
        return new ReplicaSplit(stable, canary, baseline);
    }

    public static ReplicaSplit trafficRouted(int total, int weight, boolean withBaseline) {
        checkArguments(total, weight);
        int canary = canaryPods(total, weight);
        return new ReplicaSplit(total, canary, withBaseline && weight < 100 ? canary : 0);
    }

    /** The fraction of all pods that run the new version, in percent (what replica ratio actually routes to the canary). */
    public double canaryShare() {
        int all = stable + canary + baseline;
        return all == 0 ? 0 : 100.0 * canary / all;
    }

    private static int canaryPods(int total, int weight) {
        if (weight == 0) {
            return 0;
        }
        return Math.max(1, Math.min(total, (total * weight + 99) / 100)); // ceil in integers
    }

    private static void checkArguments(int total, int weight) {
        if (total < 1) {
            throw new IllegalArgumentException("a canary needs a Deployment with at least one replica, not " + total);
        }
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight must be 0 to 100, not " + weight);
        }
    }
}
