package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * The disruption budgets of the namespaces a drain touches, followed by a watch per namespace, and the evictions in flight
 * under each budget, shared by all nodes of a drain. A budget's status changing (a replacement became Ready, room again)
 * wakes every node at once, so a pod refused by its budget is asked again as soon as the budget has room, not after a blind
 * back-off, and costs the API server nothing meanwhile.
 */
final class DrainBudgetCache implements AutoCloseable {

    /** Budgets of one namespace as watched; {@code close} ends the watch. */
    interface Watched extends AutoCloseable {
        List<PodDisruptionBudget> budgets();

        @Override
        void close();
    }

    private final BiFunction<String, Runnable, Watched> watch;
    private final Map<String, Watched> namespaces = new ConcurrentHashMap<>();
    private final Map<String, Integer> inFlight = new java.util.HashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** @param watch starts watching a namespace's budgets, calling the runnable on every change */
    DrainBudgetCache(BiFunction<String, Runnable, Watched> watch) {
        this.watch = watch;
    }

    /** For tests and callers without a cluster: budgets read from a supplier, no watch. */
    static DrainBudgetCache fixed(java.util.function.Function<String, List<PodDisruptionBudget>> budgets) {
        return new DrainBudgetCache((namespace, onChange) -> new Watched() {
            @Override
            public List<PodDisruptionBudget> budgets() {
                return budgets.apply(namespace);
            }

            @Override
            public void close() {
            }
        });
    }

    /** Runs on every budget change in a watched namespace. */
    void onChange(Runnable listener) {
        listeners.add(listener);
    }

    void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    /**
     * Eviction slots taken under the budgets covering a pod ({@code taken}, to {@link #release}), or, when a budget has no
     * slot free, null and why the pod waits.
     */
    record Slots(List<String> taken, String waitReason) {
    }

    /**
     * Takes one in-flight eviction slot of every budget covering the pod, or none: at most as many evictions in flight under a
     * budget as it allows disruptions (at least one, which finds out when room comes back). Concurrent evictions under one
     * budget would mostly collide on its status inside the API server, which retries such conflicts for seconds.
     */
    Slots acquire(String namespace, Map<String, String> podLabels) {
        List<PodDisruptionBudget> covering = EvictionBudgets.covering(podLabels, get(namespace));
        synchronized (inFlight) {
            for (PodDisruptionBudget budget : covering) {
                int allowed = allowed(budget);
                if (inFlight.getOrDefault(key(budget), 0) >= Math.max(1, allowed)) {
                    String why = allowed == 0 ? EvictionBudgets.waitReason(podLabels, List.of(budget))
                            : "PDB " + budget.getMetadata().getName() + " allows " + allowed + " disruption"
                            + (allowed == 1 ? "" : "s") + ", taken by evictions in flight";
                    return new Slots(null, why);
                }
            }
            List<String> keys = covering.stream().map(DrainBudgetCache::key).toList();
            keys.forEach(key -> inFlight.merge(key, 1, Integer::sum));
            return new Slots(keys, "");
        }
    }

    void release(List<String> keys) {
        synchronized (inFlight) {
            keys.forEach(key -> inFlight.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1));
        }
    }

    private static String key(PodDisruptionBudget budget) {
        return budget.getMetadata().getNamespace() + "/" + budget.getMetadata().getName();
    }

    List<PodDisruptionBudget> get(String namespace) {
        return namespaces.computeIfAbsent(namespace, key -> watch.apply(key, this::changed)).budgets();
    }

    /** True when every budget covering the pod allows a disruption now and has an in-flight slot free. */
    boolean hasRoom(String namespace, Map<String, String> podLabels) {
        List<PodDisruptionBudget> covering = EvictionBudgets.covering(podLabels, get(namespace));
        synchronized (inFlight) {
            return covering.stream().allMatch(budget -> allowed(budget) > inFlight.getOrDefault(key(budget), 0));
        }
    }

    private static int allowed(PodDisruptionBudget budget) {
        return budget.getStatus() == null || budget.getStatus().getDisruptionsAllowed() == null ? 0
                : budget.getStatus().getDisruptionsAllowed();
    }

    @Override
    public void close() {
        namespaces.values().forEach(Watched::close);
        namespaces.clear();
    }
}
