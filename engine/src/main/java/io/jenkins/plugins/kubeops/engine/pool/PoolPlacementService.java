package io.jenkins.plugins.kubeops.engine.pool;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Live placement over pools: one {@link ClusterLoadWatcher} per cluster, started on first use and shared by every pool and
 * member in that cluster; each decision reads the watchers' caches and runs {@link LeastLoadPolicy} — no API call. A cluster
 * whose client cannot be obtained makes its members unreachable (with the reason in {@link #problems()}) and is tried again
 * on the next use.
 */
public final class PoolPlacementService implements AutoCloseable {

    private final Function<String, KubernetesClient> clients;
    private final Function<String, Map<String, String>> agentLabels;
    private final boolean ownsClients;
    private final ProvisionHistory history;
    private final Clock clock;
    private final Map<String, ClusterLoadWatcher> watchers = new ConcurrentHashMap<>();
    private final Map<String, KubernetesClient> openClients = new ConcurrentHashMap<>();
    private final Map<String, String> clientFailures = new ConcurrentHashMap<>();
    private volatile Consumer<String> roomFreed = cluster -> { };

    private PoolPlacementService(Function<String, KubernetesClient> clients, Function<String, Map<String, String>> agentLabels,
                                 boolean ownsClients, ProvisionHistory history, Clock clock) {
        this.clients = clients;
        this.agentLabels = agentLabels;
        this.ownsClients = ownsClients;
        this.history = history;
        this.clock = clock;
    }

    /**
     * A service that opens its clients and closes them in {@link #close()}.
     *
     * @param clients     opens a client for a member's cluster name
     * @param agentLabels labels that mark agent pods ({@link ClusterLoadState#DEFAULT_AGENT_LABELS} for kubernetes-plugin)
     */
    public PoolPlacementService(Function<String, KubernetesClient> clients, Map<String, String> agentLabels,
                                ProvisionHistory history, Clock clock) {
        this(clients, cluster -> agentLabels, true, history, clock);
    }

    /**
     * A service that uses clients owned by someone else (e.g. Jenkins Kubernetes clouds, whose client is shared and cached
     * by the Kubernetes plugin): it never closes them.
     *
     * @param agentLabels the agent pod labels per cluster (each cloud may set its own)
     */
    public static PoolPlacementService borrowing(Function<String, KubernetesClient> clients,
                                                 Function<String, Map<String, String>> agentLabels, ProvisionHistory history,
                                                 Clock clock) {
        return new PoolPlacementService(clients, agentLabels, false, history, clock);
    }

    public Placement place(Pool pool, AgentRequest request) {
        Placement placement = LeastLoadPolicy.rank(request, snapshots(pool), history, clock.instant());
        placement.best().ifPresent(best -> request.affinityKey()
                .ifPresent(job -> history.recordPlacement(job, best.member().id())));
        return placement;
    }

    /**
     * Tells {@code listener} the cluster's name whenever a change there may let a waiting agent in (see
     * {@link ClusterLoadState#onRoomFreed}); for clusters watched now and later. Must return quickly.
     */
    public void onRoomFreed(Consumer<String> listener) {
        this.roomFreed = listener; // every watcher's callback reads this field when it fires
    }

    /** Each member with its current load (unreachable members included, marked so). */
    public List<MemberSnapshot> snapshots(Pool pool) {
        List<MemberSnapshot> snapshots = new ArrayList<>(pool.members().size());
        for (PoolMember member : pool.members()) {
            MemberLoad load = watcher(member.cluster()).map(w -> w.loadFor(member))
                    .orElseGet(() -> MemberLoad.unreachable(member.id()));
            snapshots.add(new MemberSnapshot(member, load));
        }
        return snapshots;
    }

    /**
     * Whether the cluster's cache shows that agent pod (e.g. one Jenkins planned, see {@link InFlightAgents}). Reads only a
     * cluster already watched; false for one that is not, or not in sync.
     */
    public boolean hasAgentPod(String cluster, String namespace, String podName) {
        ClusterLoadWatcher watcher = watchers.get(cluster);
        return watcher != null && watcher.hasAgentPod(namespace, podName);
    }

    /** Starts watching the pool's clusters and waits (bounded) for their first listing; used by one-shot callers. */
    public void awaitSynced(Pool pool, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (PoolMember member : pool.members()) {
            watcher(member.cluster()).ifPresent(w -> w.awaitSynced(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
        }
    }

    /** Why clusters cannot be read, by cluster name. */
    public Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>(clientFailures);
        watchers.forEach((cluster, watcher) -> watcher.problem().ifPresent(problem -> problems.put(cluster, problem)));
        return problems;
    }

    public ProvisionHistory history() {
        return history;
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

    /** Stops watching a cluster (e.g. removed from the configuration); it is watched again on next use. */
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
