package io.jenkins.plugins.kubeops.engine.testing;

import io.jenkins.plugins.kubeops.engine.pool.ClusterLoads;
import io.jenkins.plugins.kubeops.engine.pool.MemberLoad;
import io.jenkins.plugins.kubeops.engine.pool.MemberSnapshot;
import io.jenkins.plugins.kubeops.engine.pool.Pool;
import io.jenkins.plugins.kubeops.engine.pool.PoolMember;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Member loads set by a test instead of read from clusters, for {@code PoolPlacementService.over(...)}; a member with no load
 * set is unreachable. Also the Jenkins plugin's tests' loads.
 */
public class FixedClusterLoads implements ClusterLoads {

    private final Map<String, MemberLoad> loads = new ConcurrentHashMap<>();
    private final Set<String> agentPods = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> unschedulableSince = new ConcurrentHashMap<>();
    private volatile Consumer<String> roomFreed = cluster -> { };

    public FixedClusterLoads load(MemberLoad load) {
        loads.put(load.memberId(), load);
        return this;
    }

    /** The cluster's cache now shows that agent pod. */
    public FixedClusterLoads agentPod(String cluster, String namespace, String podName) {
        agentPods.add(cluster + "/" + namespace + "/" + podName);
        return this;
    }

    /** The cluster's cache shows that agent pod, Unschedulable since {@code since}. */
    public FixedClusterLoads unschedulableAgentPod(String cluster, String namespace, String podName, Instant since) {
        agentPod(cluster, namespace, podName);
        unschedulableSince.put(cluster + "/" + namespace + "/" + podName, since);
        return this;
    }

    /** A watcher of the cluster saw room free up. */
    public void freeRoomIn(String cluster) {
        roomFreed.accept(cluster);
    }

    @Override
    public List<MemberSnapshot> snapshots(Pool pool) {
        List<MemberSnapshot> snapshots = new ArrayList<>();
        for (PoolMember member : pool.members()) {
            snapshots.add(new MemberSnapshot(member, loads.getOrDefault(member.id(), MemberLoad.unreachable(member.id()))));
        }
        return snapshots;
    }

    @Override
    public boolean hasAgentPod(String cluster, String namespace, String podName) {
        return agentPods.contains(cluster + "/" + namespace + "/" + podName);
    }

    @Override
    public Optional<Instant> agentPodUnschedulableSince(String cluster, String namespace, String podName) {
        return Optional.ofNullable(unschedulableSince.get(cluster + "/" + namespace + "/" + podName));
    }

    @Override
    public Map<String, String> problems() {
        return Map.of();
    }

    @Override
    public void awaitSynced(Pool pool, Duration timeout) {
    }

    @Override
    public void onRoomFreed(Consumer<String> listener) {
        this.roomFreed = listener;
    }

    @Override
    public void forget(String cluster) {
        loads.keySet().removeIf(id -> id.startsWith(cluster + "/"));
    }

    @Override
    public void close() {
    }
}
