package io.jenkins.plugins.kubeops.jenkins.pool;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import io.jenkins.plugins.kubeops.engine.pool.MemberLoad;
import io.jenkins.plugins.kubeops.engine.pool.QuotaHeadroom;
import io.jenkins.plugins.kubeops.engine.testing.FixedClusterLoads;
import java.util.List;

/**
 * Member loads set by the test instead of read from clusters: the one seam the plugin has. Every decision over them is the
 * engine's real service and policy. A member with no load set is unreachable, as a cluster that cannot be read is.
 */
final class FakePoolLoads extends FixedClusterLoads implements PoolLoads {

    private static final long GI = 1024L * 1024 * 1024;

    /** One node of {@code cores} CPUs and {@code gibibytes} memory, of which the given amounts are requested. */
    FakePoolLoads node(String memberId, int cores, int gibibytes, double requestedCores, double requestedGibibytes) {
        ResourceAmounts allocatable = new ResourceAmounts(cores * 1000L, gibibytes * GI);
        ResourceAmounts requested = new ResourceAmounts(Math.round(requestedCores * 1000), Math.round(requestedGibibytes * GI));
        load(new MemberLoad(memberId, true, allocatable, requested, List.of(allocatable.minus(requested)), QuotaHeadroom.NONE,
                0, 0, ResourceAmounts.ZERO, ResourceAmounts.ZERO, 0));
        return this;
    }

    @Override
    public FakePoolLoads agentPod(String cloud, String namespace, String podName) {
        super.agentPod(cloud, namespace, podName);
        return this;
    }

    @Override
    public void refresh() {
    }
}
