package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * The disruption budgets of the namespaces a drain touches, followed by a watch per namespace, and the evictions in flight
 * under each budget, shared by all nodes of a drain. A budget's status changing (a replacement became Ready, room again)
 * wakes every node at once, so a pod refused by its budget is asked again as soon as the budget has room, not after a blind
 * back-off, and costs the API server nothing meanwhile. A pod whose budget is known to allow no disruption is not asked
 * for at all: every refused eviction costs the API server a budget list and a status write attempt, work taken from the
 * controllers that make the room.
 */
final class DrainBudgetCache implements AutoCloseable {

    /** Budgets of one namespace as watched; {@code close} ends the watch. */
    interface Watched extends AutoCloseable {
        List<PodDisruptionBudget> budgets();

        /** The budget by "namespace/name", if it exists. */
        Optional<PodDisruptionBudget> budget(String key);

        /**
         * Changes whenever a budget is added or removed or its spec changes, so which budgets cover which labels can be
         * remembered until then; empty while the watch has not listed yet.
         */
        Optional<Long> selectorsVersion();

        @Override
        void close();
    }

    private final BiFunction<String, Runnable, Watched> watch;
    private final Map<String, Watched> namespaces = new ConcurrentHashMap<>();
    private final Map<String, Integer> inFlight = new HashMap<>();
    /** Evictions granted under a budget since the status we hold (by resourceVersion) was written. */
    private final Map<String, Debit> debits = new HashMap<>();
    private final Map<String, Covering> covering = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private record Debit(String resourceVersion, int evictions) {
    }

    /** Which budgets (keys) cover which pod labels in a namespace, valid while its selectors do not change. */
    private record Covering(long selectorsVersion, Map<Map<String, String>, List<String>> keys) {
    }

    /** @param watch starts watching a namespace's budgets, calling the runnable on every change */
    DrainBudgetCache(BiFunction<String, Runnable, Watched> watch) {
        this.watch = watch;
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
     * Eviction slots taken under the budgets covering a pod ({@code taken}, to {@link #release}; {@code versions} the
     * budgets' resourceVersions when taken), or, when a budget has no slot free, null and why the pod waits.
     */
    record Slots(List<String> taken, Map<String, String> versions, String waitReason) {
    }

    /**
     * Takes the in-flight eviction slot of every budget covering the pod, or none: one eviction at a time under a budget,
     * and none under a budget whose current status (less the evictions granted since it was written) allows no disruption.
     * Two evictions under one budget both rewrite its status inside the API server; the loser of that race is retried there
     * after half a second (again and again while the disruption controller writes the status too), so asking one after the
     * other, each as soon as the previous answer is in, is faster than asking at once. A budget whose status is not current
     * (the disruption controller has not seen its latest spec) leaves the answer to the API server.
     */
    Slots acquire(String namespace, Map<String, String> podLabels) {
        List<PodDisruptionBudget> budgets = covering(namespace, podLabels);
        synchronized (inFlight) {
            for (PodDisruptionBudget budget : budgets) {
                int room = room(budget);
                if (inFlight.getOrDefault(key(budget), 0) >= 1) {
                    String why = room <= 0 ? EvictionBudgets.waitReason(podLabels, List.of(budget))
                            : "PDB " + budget.getMetadata().getName() + " allows " + room + " disruption"
                            + (room == 1 ? "" : "s") + ", one eviction under it in flight";
                    return new Slots(null, Map.of(), why);
                }
                if (statusCurrent(budget) && room <= 0) {
                    return new Slots(null, Map.of(), room < allowed(budget) ? "PDB " + budget.getMetadata().getName()
                            + " allows " + allowed(budget) + " disruption" + (allowed(budget) == 1 ? "" : "s") + ", taken by "
                            + "evictions just granted: waiting for the budget to be counted again"
                            : EvictionBudgets.waitReason(podLabels, List.of(budget)));
                }
            }
            List<String> keys = new ArrayList<>();
            Map<String, String> versions = new HashMap<>();
            for (PodDisruptionBudget budget : budgets) {
                keys.add(key(budget));
                versions.put(key(budget), Objects.requireNonNullElse(budget.getMetadata().getResourceVersion(), ""));
                inFlight.merge(key(budget), 1, Integer::sum);
            }
            return new Slots(List.copyOf(keys), Map.copyOf(versions), "");
        }
    }

    /** An eviction under these slots was granted: until the budget's status is written anew, it has that much less room. */
    void evicted(Slots slots) {
        synchronized (inFlight) {
            slots.versions().forEach((key, version) -> debits.merge(key, new Debit(version, 1),
                    (held, added) -> held.resourceVersion().equals(version) ? new Debit(version, held.evictions() + 1) : added));
        }
    }

    void release(List<String> keys) {
        synchronized (inFlight) {
            keys.forEach(key -> inFlight.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1));
        }
    }

    /** "namespace/name", as the watch's store keys a budget. */
    static String key(PodDisruptionBudget budget) {
        return budget.getMetadata().getNamespace() + "/" + budget.getMetadata().getName();
    }

    private Watched watched(String namespace) {
        return namespaces.computeIfAbsent(namespace, key -> watch.apply(key, this::changed));
    }

    /**
     * The budgets covering a pod, as currently watched. Which budgets match which labels is remembered per namespace until
     * a selector changes: a drain asks this on every budget change for every pod it waits on.
     */
    List<PodDisruptionBudget> covering(String namespace, Map<String, String> podLabels) {
        Watched watched = watched(namespace);
        Optional<Long> version = watched.selectorsVersion();
        if (version.isEmpty()) {
            return EvictionBudgets.covering(podLabels, watched.budgets());
        }
        Map<String, String> labels = podLabels == null ? Map.of() : podLabels;
        Covering known = covering.compute(namespace, (ns, held) -> held != null && held.selectorsVersion() == version.get()
                ? held : new Covering(version.get(), new ConcurrentHashMap<>()));
        List<String> keys = known.keys().computeIfAbsent(Map.copyOf(labels), l -> EvictionBudgets.covering(l, watched.budgets())
                .stream().map(DrainBudgetCache::key).toList());
        List<PodDisruptionBudget> budgets = new ArrayList<>(keys.size());
        for (String key : keys) {
            watched.budget(key).ifPresent(budgets::add);
        }
        return budgets;
    }

    /** True when every budget covering the pod allows a disruption now and has an in-flight slot free. */
    boolean hasRoom(String namespace, Map<String, String> podLabels) {
        List<PodDisruptionBudget> budgets = covering(namespace, podLabels);
        synchronized (inFlight) {
            return budgets.stream().allMatch(budget -> room(budget) > inFlight.getOrDefault(key(budget), 0));
        }
    }

    /** Disruptions the budget allows as last seen, less the evictions granted since that status was written. */
    private int room(PodDisruptionBudget budget) {
        Debit debit = debits.get(key(budget));
        boolean stale = debit != null && debit.resourceVersion().equals(budget.getMetadata().getResourceVersion());
        return allowed(budget) - (stale ? debit.evictions() : 0);
    }

    private static int allowed(PodDisruptionBudget budget) {
        PodDisruptionBudgetStatus status = budget.getStatus();
        return status == null || status.getDisruptionsAllowed() == null ? 0 : status.getDisruptionsAllowed();
    }

    /** The disruption controller has counted the budget's current spec. */
    private static boolean statusCurrent(PodDisruptionBudget budget) {
        PodDisruptionBudgetStatus status = budget.getStatus();
        return status != null && status.getObservedGeneration() != null
                && status.getObservedGeneration() >= Objects.requireNonNullElse(budget.getMetadata().getGeneration(), 0L);
    }

    @Override
    public void close() {
        namespaces.values().forEach(Watched::close);
        namespaces.clear();
        covering.clear();
    }
}
