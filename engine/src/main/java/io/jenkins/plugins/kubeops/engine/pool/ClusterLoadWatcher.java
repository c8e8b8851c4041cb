package io.jenkins.plugins.kubeops.engine.pool;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The gateway between one cluster and its {@link ClusterLoadState}: three informers (nodes, non-terminal pods, resource
 * quotas) keep the state current, so a placement decision costs no API call. Needs get/list/watch on nodes, pods and
 * resourcequotas cluster-wide (see docs/pools.md for the ClusterRole).
 */
public final class ClusterLoadWatcher implements AutoCloseable {

    private final String cluster;
    private final ClusterLoadState state;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final AtomicReference<String> lastError = new AtomicReference<>();

    private ClusterLoadWatcher(String cluster, Map<String, String> agentLabels) {
        this.cluster = cluster;
        this.state = new ClusterLoadState(agentLabels);
    }

    /** Starts the informers; they list once, then watch. Call {@link #awaitSynced} before the first decision. */
    public static ClusterLoadWatcher start(String cluster, KubernetesClient client, Map<String, String> agentLabels) {
        ClusterLoadWatcher watcher = new ClusterLoadWatcher(cluster, agentLabels);
        ClusterLoadState state = watcher.state;
        watcher.inform(client.nodes().runnableInformer(0), state::nodeChanged, node -> state.nodeDeleted(node.getMetadata().getName()));
        // Terminal pods hold no resources; once a pod leaves this selector the informer reports it deleted.
        watcher.inform(client.pods().inAnyNamespace().withoutField("status.phase", "Succeeded")
                .withoutField("status.phase", "Failed").runnableInformer(0), state::podChanged,
                pod -> state.podDeleted(pod.getMetadata().getUid()));
        watcher.inform(client.resourceQuotas().inAnyNamespace().runnableInformer(0), state::quotaChanged,
                quota -> state.quotaDeleted(quota.getMetadata().getNamespace(), quota.getMetadata().getName()));
        return watcher;
    }

    private <T extends HasMetadata> void inform(SharedIndexInformer<T> informer, Consumer<T> changed, Consumer<T> deleted) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                changed.accept(object);
            }

            @Override
            public void onUpdate(T previous, T object) {
                changed.accept(object);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                deleted.accept(object);
            }
        });
        informer.exceptionHandler((listing, error) -> {
            lastError.set(error.getMessage());
            return true; // keep retrying: a cluster that comes back becomes usable again
        });
        informers.add(informer);
        informer.start().whenComplete((ignored, error) -> {
            if (error != null) {
                lastError.set(error.getMessage());
            }
        });
    }

    /**
     * Waits (bounded) until every informer has listed once; false if that did not happen in time, or as soon as listing
     * failed (the informers keep retrying in the background, but a one-shot caller should not wait for that).
     */
    public boolean awaitSynced(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!isHealthy()) {
            if (Instant.now().isAfter(deadline) || lastError.get() != null) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Synced and watching: the state reflects the cluster. */
    public boolean isHealthy() {
        for (SharedIndexInformer<?> informer : informers) {
            if (!informer.hasSynced() || !informer.isWatching()) {
                return false;
            }
        }
        return true;
    }

    /** Why the cluster cannot be read, when it cannot. */
    public Optional<String> problem() {
        return isHealthy() ? Optional.empty()
                : Optional.of("cluster " + cluster + " is not being watched" + Optional.ofNullable(lastError.get())
                        .map(error -> ": " + error).orElse(""));
    }

    /** See {@link ClusterLoadState#onRoomFreed}: told when a change in this cluster may let a waiting agent in. */
    public void onRoomFreed(Runnable listener) {
        state.onRoomFreed(listener);
    }

    public MemberLoad loadFor(PoolMember member) {
        return state.loadFor(member, isHealthy());
    }

    /** Whether the cache holds that agent pod; false while the cluster is not watched. */
    public boolean hasAgentPod(String namespace, String name) {
        return isHealthy() && state.hasAgentPod(namespace, name);
    }

    /** See {@link ClusterLoadState#agentPodUnschedulableSince}; empty while the cluster is not watched. */
    public Optional<Instant> agentPodUnschedulableSince(String namespace, String name) {
        return isHealthy() ? state.agentPodUnschedulableSince(namespace, name) : Optional.empty();
    }

    public String cluster() {
        return cluster;
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }
}
