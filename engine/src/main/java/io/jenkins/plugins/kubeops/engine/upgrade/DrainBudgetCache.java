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
 * The disruption budgets of a namespace, read at most once per {@link #FRESH} however many evictions of a batch they refuse
 * at the same moment; they only explain a refusal, so a fraction of a second old is fresh enough.
 */
final class DrainBudgetCache {

    static final Duration FRESH = Duration.ofMillis(500);

    private record Entry(Instant read, List<PodDisruptionBudget> budgets) {
    }

    private final Function<String, List<PodDisruptionBudget>> reader;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    DrainBudgetCache(Function<String, List<PodDisruptionBudget>> reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    List<PodDisruptionBudget> get(String namespace) {
        Instant now = clock.instant();
        return entries.compute(namespace, (key, entry) -> entry != null && entry.read().plus(FRESH).isAfter(now) ? entry
                : new Entry(now, reader.apply(key))).budgets();
    }
}
