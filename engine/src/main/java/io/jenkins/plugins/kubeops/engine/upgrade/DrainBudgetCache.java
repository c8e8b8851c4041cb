package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The disruption budgets of a namespace, read at most once per {@link #FRESH} however many evictions of a batch ask at the
 * same moment (a fraction of a second old is fresh enough to explain a refusal or pace requests: the API server decides), and
 * the evictions in flight under each budget, shared by all nodes of a drain.
 */
final class DrainBudgetCache {

    static final Duration FRESH = Duration.ofMillis(500);

    private record Entry(Instant read, List<PodDisruptionBudget> budgets) {
    }

    private final Function<String, List<PodDisruptionBudget>> reader;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Integer> inFlight = new java.util.HashMap<>();

    DrainBudgetCache(Function<String, List<PodDisruptionBudget>> reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
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
                int allowed = budget.getStatus() == null || budget.getStatus().getDisruptionsAllowed() == null ? 0
                        : budget.getStatus().getDisruptionsAllowed();
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
        Instant now = clock.instant();
        return entries.compute(namespace, (key, entry) -> entry != null && entry.read().plus(FRESH).isAfter(now) ? entry
                : new Entry(now, reader.apply(key))).budgets();
    }
}
