package io.jenkins.plugins.kubeops.engine.pool;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Member loads from one {@link ClusterLoadWatcher} per cluster, started on first use and shared by every pool and member in
 * that cluster. A cluster whose client cannot be obtained makes its members unreachable (with the reason in
 * {@link #problems()}) and is tried again on the next use.
 */
public final class WatchedClusterLoads implements ClusterLoads {

    private final Function<String, KubernetesClient> clients;
    private final Function<String, Map<String, String>> agentLabels;
    private final boolean ownsClients;
    private final Map<String, ClusterLoadWatcher> watchers = new ConcurrentHashMap<>();
    private final Map<String, KubernetesClient> openClients = new ConcurrentHashMap<>();
    private final Map<String, String> clientFailures = new ConcurrentHashMap<>();
    private volatile Consumer<String> roomFreed = cluster -> { };

    private WatchedClusterLoads(Function<String, KubernetesClient> clients, Function<String, Map<String, String>> agentLabels,
                                boolean ownsClients) {
        this.clients = clients;
        this.agentLabels = agentLabels;
        this.ownsClients = ownsClients;
    }

    /**
     * Opens its clients and closes them in {@link #close()}.
     *
     * @param clients     opens a client for a member's cluster name
     * @param agentLabels labels that mark agent pods ({@link ClusterLoadState#DEFAULT_AGENT_LABELS} for kubernetes-plugin)
     */
    public static WatchedClusterLoads owning(Function<String, KubernetesClient> clients, Map<String, String> agentLabels) {
        return new WatchedClusterLoads(clients, cluster -> agentLabels, true);
    }

    /**
     * Uses clients owned by someone else (e.g. Jenkins Kubernetes clouds, whose client the Kubernetes plugin shares and
     * caches): never closes them.
     *
     * @param agentLabels the agent pod labels per cluster (each cloud may set its own)
     */
    public static WatchedClusterLoads borrowing(Function<String, KubernetesClient> clients,
                                                Function<String, Map<String, String>> agentLabels) {
        return new WatchedClusterLoads(clients, agentLabels, false);
    }

    @Override
    public List<MemberSnapshot> snapshots(Pool pool) {
        List<MemberSnapshot> snapshots = new ArrayList<>(pool.members().size());
        for (PoolMember member : pool.members()) {
            MemberLoad load = watcher(member.cluster()).map(w -> w.loadFor(member))
                    .orElseGet(() -> MemberLoad.unreachable(member.id()));
            snapshots.add(new MemberSnapshot(member, load));
        }
        return snapshots;
    }

    /** Reads only a cluster already watched; false for one that is not, or not in sync. */
    @Override
    public boolean hasAgentPod(String cluster, String namespace, String podName) {
        ClusterLoadWatcher watcher = watchers.get(cluster);
        return watcher != null && watcher.hasAgentPod(namespace, podName);
    }

    @Override
    public Optional<Instant> agentPodUnschedulableSince(String cluster, String namespace, String podName) {
        ClusterLoadWatcher watcher = watchers.get(cluster);
        return watcher == null ? Optional.empty() : watcher.agentPodUnschedulableSince(namespace, podName);
    }

    @Override
    public void awaitSynced(Pool pool, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (PoolMember member : pool.members()) {
            watcher(member.cluster()).ifPresent(w -> w.awaitSynced(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
        }
    }

    @Override
    public void onRoomFreed(Consumer<String> listener) {
        this.roomFreed = listener; // every watcher's callback reads this field when it fires
    }

    @Override
    public Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>(clientFailures);
        watchers.forEach((cluster, watcher) -> watcher.problem().ifPresent(problem -> problems.put(cluster, problem)));
        return problems;
    }

    private Optional<ClusterLoadWatcher> watcher(String cluster) {
        ClusterLoadWatcher existing = watchers.get(cluster);
        if (existing != null) {
            return Optional.of(existing);
        }
        synchronized (this) {
            existing = watchers.get(cluster);
            if (existing != null) {
                return Optional.of(existing);
            }
            try {
                KubernetesClient client = openClients.computeIfAbsent(cluster, clients);
                ClusterLoadWatcher watcher = ClusterLoadWatcher.start(cluster, client, agentLabels.apply(cluster));
                watcher.onRoomFreed(() -> roomFreed.accept(cluster));
                watchers.put(cluster, watcher);
                clientFailures.remove(cluster);
                return Optional.of(watcher);
            } catch (RuntimeException e) {
                clientFailures.put(cluster, "cluster " + cluster + " cannot be watched: " + e.getMessage());
                return Optional.empty();
            }
        }
    }

    @Override
    public void forget(String cluster) {
        Optional.ofNullable(watchers.remove(cluster)).ifPresent(ClusterLoadWatcher::close);
        KubernetesClient client = openClients.remove(cluster);
        if (client != null && ownsClients) {
            client.close();
        }
        clientFailures.remove(cluster);
    }

    @Override
    public void close() {
        watchers.values().forEach(ClusterLoadWatcher::close);
        if (ownsClients) {
            openClients.values().forEach(KubernetesClient::close);
        }
        watchers.clear();
        openClients.clear();
    }
}
