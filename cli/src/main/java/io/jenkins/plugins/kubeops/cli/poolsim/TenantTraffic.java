package io.jenkins.plugins.kubeops.cli.poolsim;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.util.SplittableRandom;

/**
 * Other tenants' pods in a cluster: they take node room the agents cannot use, and they compete for it like any pod —
 * a tenant pod that fits nowhere waits, and takes the room that frees up first if it is older than the waiting agents.
 */
final class TenantTraffic {

    /** Long-running services. */
    static final ResourceAmounts SERVICE_POD = new ResourceAmounts(1_000, 2L << 30);
    /** Batch pods that come and go. */
    static final ResourceAmounts BATCH_POD = new ResourceAmounts(2_000, 4L << 30);
    /** A fill-up: a big batch job's pods. */
    static final ResourceAmounts FILL_POD = new ResourceAmounts(4_000, 8L << 30);
    static final long MEAN_BATCH_MILLIS = 15 * 60_000;

    private TenantTraffic() {
    }

    /** Schedules the cluster's tenant pods from time 0 until {@code untilMillis}. */
    static void schedule(SimCluster cluster, EventLoop loop, long seed, long untilMillis) {
        ClusterSpec.TenantLoad load = cluster.spec.tenants();
        long cpu = cluster.spec.allocatable().cpuMillis();
        int services = (int) Math.round(load.baseShare() * cpu / SERVICE_POD.cpuMillis());
        for (int i = 0; i < services; i++) {
            cluster.add(new SimPod(SERVICE_POD, null), 0);
        }
        double concurrentBatches = load.churnShare() * cpu / BATCH_POD.cpuMillis();
        if (concurrentBatches > 0) {
            SplittableRandom random = SimRandom.stream(seed, "tenants-" + cluster.name());
            double meanGap = MEAN_BATCH_MILLIS / concurrentBatches;
            // Start in the steady state: the batches that would be running at time 0 already are.
            for (int i = 0; i < Math.round(concurrentBatches); i++) {
                runFor(cluster, loop, BATCH_POD, 0, Math.round(SimRandom.exponential(random, MEAN_BATCH_MILLIS)));
            }
            for (double t = SimRandom.exponential(random, meanGap); t < untilMillis; t += SimRandom.exponential(random, meanGap)) {
                runFor(cluster, loop, BATCH_POD, Math.round(t), Math.round(SimRandom.exponential(random, MEAN_BATCH_MILLIS)));
            }
        }
        for (ClusterSpec.TenantLoad.FillUp fill : load.fillUps()) {
            int pods = (int) Math.ceil(fill.share() * cpu / FILL_POD.cpuMillis());
            long from = fill.from().toMillis();
            for (int i = 0; i < pods; i++) {
                runFor(cluster, loop, FILL_POD, from, fill.to().toMillis() - from);
            }
        }
    }

    private static void runFor(SimCluster cluster, EventLoop loop, ResourceAmounts requests, long start, long duration) {
        SimPod pod = new SimPod(requests, null);
        loop.at(start, () -> {
            cluster.add(pod, loop.now());
            loop.after(Math.max(1, duration), () -> cluster.remove(pod, loop.now()));
        });
    }
}
