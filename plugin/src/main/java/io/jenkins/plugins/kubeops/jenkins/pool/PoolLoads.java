package io.jenkins.plugins.kubeops.jenkins.pool;

import io.jenkins.plugins.kubeops.engine.pool.MemberSnapshot;
import io.jenkins.plugins.kubeops.engine.pool.Pool;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where member loads come from: the engine's watchers over the clouds' clusters ({@link LivePoolLoads}), or fixed loads in
 * tests. The only seam between the plugin's decisions and the clusters; every decision itself is the engine's.
 */
interface PoolLoads extends AutoCloseable {

    /** Each member with its current load, read from caches (no API call). */
    List<MemberSnapshot> snapshots(Pool pool);

    /** Whether the cloud's cluster cache shows that agent pod; false for a cluster not watched (yet). */
    boolean hasAgentPod(String cloud, String namespace, String podName);

    /** Why clusters cannot be read, by cloud name. */
    Map<String, String> problems();

    /** Starts watching the pool's clusters and waits, at most {@code timeout}, for their first listing. */
    void awaitSynced(Pool pool, Duration timeout);

    /** Stops watching a cloud's cluster (removed from the pools); it is watched again on next use. */
    void forget(String cloud);

    /** Re-watches clusters whose watch fails while their cloud now offers a different client. */
    void refresh();

    @Override
    void close();
}
