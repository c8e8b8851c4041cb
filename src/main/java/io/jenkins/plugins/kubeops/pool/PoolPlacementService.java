package io.jenkins.plugins.kubeops.pool;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Live placement over pools: one {@link ClusterLoadWatcher} per cluster, started on first use and shared by every pool and
 * member in that cluster; each decision reads the watchers' caches and runs {@link LeastLoadPolicy} — no API call.
 */
public final class PoolPlacementService implements AutoCloseable {

    private final Function<String, KubernetesClient> clients;
    private final Map<String, String> agentLabels;
    private final ProvisionHistory history;
    private final Clock clock;
    private final Map<String, ClusterLoadWatcher> watchers = new ConcurrentHashMap<>();
    private final Map<String, KubernetesClient> openClients = new ConcurrentHashMap<>();

    /**
     * @param clients     opens a client for a member's cluster name (closed by {@link #close()})
     * @param agentLabels labels that mark agent pods ({@link ClusterLoadState#DEFAULT_AGENT_LABELS} for kubernetes-plugin)
     */
    public PoolPlacementService(Function<String, KubernetesClient> clients, Map<String, String> agentLabels,
                                ProvisionHistory history, Clock clock) {
        this.clients = clients;
        this.agentLabels = Map.copyOf(agentLabels);
        this.history = history;
        this.clock = clock;
    }

    public Placement place(Pool pool, AgentRequest request) {
        Placement placement = LeastLoadPolicy.rank(request, snapshots(pool), history, clock.instant());
        placement.best().ifPresent(best -> request.affinityKey()
                .ifPresent(job -> history.recordPlacement(job, best.member().id())));
        return placement;
    }

    /** Each member with its current load (unreachable members included, marked so). */
    public List<MemberSnapshot> snapshots(Pool pool) {
        List<MemberSnapshot> snapshots = new ArrayList<>(pool.members().size());
        for (PoolMember member : pool.members()) {
            snapshots.add(new MemberSnapshot(member, watcher(member.cluster()).loadFor(member)));
        }
        return snapshots;
    }

    /** Starts watching the pool's clusters and waits (bounded) for their first listing; used by one-shot callers. */
    public void awaitSynced(Pool pool, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (PoolMember member : pool.members()) {
            watcher(member.cluster()).awaitSynced(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    /** Why clusters cannot be read, by cluster name. */
    public Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        watchers.forEach((cluster, watcher) -> watcher.problem().ifPresent(problem -> problems.put(cluster, problem)));
        return problems;
    }

    public ProvisionHistory history() {
        return history;
    }

    private ClusterLoadWatcher watcher(String cluster) {
        return watchers.computeIfAbsent(cluster, name -> {
            KubernetesClient client = openClients.computeIfAbsent(name, clients);
            return ClusterLoadWatcher.start(name, client, agentLabels);
        });
    }

    /** Stops watching a cluster (e.g. removed from the configuration); it is watched again on next use. */
    public void forget(String cluster) {
        Optional.ofNullable(watchers.remove(cluster)).ifPresent(ClusterLoadWatcher::close);
        Optional.ofNullable(openClients.remove(cluster)).ifPresent(KubernetesClient::close);
    }

    @Override
    public void close() {
        watchers.values().forEach(ClusterLoadWatcher::close);
        openClients.values().forEach(KubernetesClient::close);
        watchers.clear();
        openClients.clear();
    }
}
