package io.jenkins.plugins.kubeops.engine.pool;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The labels whose builds wait because no member of their pool could take an agent, with the clusters of that pool. When
 * room frees up in a cluster, only these labels need another provisioning round, and only if their pool uses the cluster.
 * Thread-safe: provisioning rounds write, informer callbacks read.
 */
public final class WaitingLabels {

    private final Map<String, Set<String>> clustersByLabel = new ConcurrentHashMap<>();

    /** The label's builds wait for room in the pool's members. */
    public void waiting(String label, Pool pool) {
        clustersByLabel.put(label, pool.members().stream().map(PoolMember::cluster).collect(Collectors.toUnmodifiableSet()));
    }

    /** Every build of the label has an agent planned, or the label is no longer a pool's. */
    public void satisfied(String label) {
        clustersByLabel.remove(label);
    }

    /** Every label waiting now. */
    public Set<String> labels() {
        return Set.copyOf(clustersByLabel.keySet());
    }

    /** The waiting labels a change in {@code cluster} may help, sorted. */
    public List<String> helpedBy(String cluster) {
        return clustersByLabel.entrySet().stream().filter(entry -> entry.getValue().contains(cluster)).map(Map.Entry::getKey)
                .sorted().toList();
    }
}
