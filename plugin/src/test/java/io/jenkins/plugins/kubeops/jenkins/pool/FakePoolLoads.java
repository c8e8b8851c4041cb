package io.jenkins.plugins.kubeops.jenkins.pool;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import io.jenkins.plugins.kubeops.engine.pool.MemberLoad;
import io.jenkins.plugins.kubeops.engine.pool.MemberSnapshot;
import io.jenkins.plugins.kubeops.engine.pool.Pool;
import io.jenkins.plugins.kubeops.engine.pool.PoolMember;
import io.jenkins.plugins.kubeops.engine.pool.QuotaHeadroom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Member loads set by the test instead of read from clusters: the one seam the plugin has. Every decision over them is the
 * engine's real policy. A member with no load set is unreachable, as a cluster that cannot be read is.
 */
final class FakePoolLoads implements PoolLoads {

    private static final long GI = 1024L * 1024 * 1024;

    private final Map<String, MemberLoad> loads = new ConcurrentHashMap<>();
    private final Set<String> agentPods = ConcurrentHashMap.newKeySet();

    /** One node of {@code cores} CPUs and {@code gibibytes} memory, of which the given amounts are requested. */
    FakePoolLoads node(String memberId, int cores, int gibibytes, double requestedCores, double requestedGibibytes) {
        ResourceAmounts allocatable = new ResourceAmounts(cores * 1000L, gibibytes * GI);
        ResourceAmounts requested = new ResourceAmounts(Math.round(requestedCores * 1000), Math.round(requestedGibibytes * GI));
        loads.put(memberId, new MemberLoad(memberId, true, allocatable, requested, List.of(allocatable.minus(requested)),
                QuotaHeadroom.NONE, 0, 0, ResourceAmounts.ZERO, ResourceAmounts.ZERO, 0));
        return this;
    }

    @Override
    public List<MemberSnapshot> snapshots(Pool pool) {
        List<MemberSnapshot> snapshots = new ArrayList<>();
        for (PoolMember member : pool.members()) {
            snapshots.add(new MemberSnapshot(member, loads.getOrDefault(member.id(), MemberLoad.unreachable(member.id()))));
        }
        return snapshots;
    }

    /** The cloud's cluster now shows that agent pod. */
    FakePoolLoads agentPod(String cloud, String namespace, String podName) {
        agentPods.add(cloud + "/" + namespace + "/" + podName);
        return this;
    }

    @Override
    public boolean hasAgentPod(String cloud, String namespace, String podName) {
        return agentPods.contains(cloud + "/" + namespace + "/" + podName);
    }

    @Override
    public Map<String, String> problems() {
        return Map.of();
    }

    @Override
    public void awaitSynced(Pool pool, Duration timeout) {
    }

    @Override
    public void forget(String cloud) {
    }

    @Override
    public void refresh() {
    }

    @Override
    public void close() {
    }
}
