package io.jenkins.plugins.kubeops.engine.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where {@link PoolPlacementService} reads member loads: the watchers over the members' clusters
 * ({@link WatchedClusterLoads}), or fixed loads in tests. Reads caches only, never the API.
 */
public interface ClusterLoads extends AutoCloseable {

    /** Each member with its current load (unreachable members included, marked so). */
    List<MemberSnapshot> snapshots(Pool pool);

    /** Whether the cluster's cache shows that agent pod; false for a cluster not watched (yet). */
    boolean hasAgentPod(String cluster, String namespace, String podName);

    /** Since when that agent pod has been Unschedulable (see {@link ClusterLoadState#agentPodUnschedulableSince}). */
    default Optional<Instant> agentPodUnschedulableSince(String cluster, String namespace, String podName) {
        return Optional.empty();
    }

    /** Why clusters cannot be read, by cluster name. */
    Map<String, String> problems();

    /** Starts watching the pool's clusters and waits, at most {@code timeout}, for their first listing. */
    void awaitSynced(Pool pool, Duration timeout);

    /**
     * Tells {@code listener} the cluster's name whenever a change there may let a waiting agent in (see
     * {@link ClusterLoadState#onRoomFreed}), for clusters watched now and later. The listener must return quickly.
     */
    void onRoomFreed(Consumer<String> listener);

    /** Stops watching a cluster (e.g. removed from the configuration); it is watched again on next use. */
    void forget(String cluster);

    @Override
    void close();
}
