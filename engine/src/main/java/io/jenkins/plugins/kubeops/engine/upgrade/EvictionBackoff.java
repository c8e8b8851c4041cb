package io.jenkins.plugins.kubeops.engine.upgrade;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to ask again after a refused eviction: doubling from {@code first} up to {@code max}, with up to a fifth of jitter so
 * that the evictions of a batch waiting on one budget do not all arrive in the same instant. kubectl waits a fixed 5 s. It is
 * only the fallback: a drain asks again as soon as the budget's watched status shows room.
 */
public record EvictionBackoff(Duration first, Duration max) {

    public static final EvictionBackoff DEFAULT = new EvictionBackoff(Duration.ofMillis(250), Duration.ofSeconds(2));

    public EvictionBackoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max, got " + first + " and " + max);
        }
    }

    /** @param attempt 1 for the wait after the first refusal */
    public Duration delay(int attempt, RandomGenerator random) {
        long base = first.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        long capped = Math.min(base, max.toMillis());
        long jitter = capped / 5 == 0 ? 0 : random.nextLong(capped / 5 + 1);
        return Duration.ofMillis(capped - jitter);
    }
}
