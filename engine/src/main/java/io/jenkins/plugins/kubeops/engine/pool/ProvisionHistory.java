package io.jenkins.plugins.kubeops.engine.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The live {@link PlacementHistory}: provisioning failures back a member off exponentially (30 s, 60 s, ... up to 10
 * min); after the back-off the member is on probation — tried with one agent at a time — and one success clears it. Job
 * affinity is kept for the most recent jobs only. Thread-safe.
 */
public final class ProvisionHistory implements PlacementHistory {

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
    static final int AFFINITY_ENTRIES = 10_000;

    private record Failures(int count, Instant last, String error) {
    }

    private final Map<String, Failures> failures = new HashMap<>();
    private final Map<String, String> lastMembers = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > AFFINITY_ENTRIES;
        }
    };

    public synchronized void recordFailure(String memberId, Instant at, String error) {
        Failures previous = failures.get(memberId);
        failures.put(memberId, new Failures(previous == null ? 1 : previous.count() + 1, at, error));
    }

    public synchronized void recordSuccess(String memberId) {
        failures.remove(memberId);
    }

    public synchronized void recordPlacement(String affinityKey, String memberId) {
        lastMembers.put(affinityKey, memberId);
    }

    @Override
    public synchronized Optional<Backoff> backoff(String memberId, Instant now) {
        Failures recorded = failures.get(memberId);
        if (recorded == null) {
            return Optional.empty();
        }
        Instant until = recorded.last().plus(backoffAfter(recorded.count()));
        return now.isBefore(until) ? Optional.of(new Backoff(recorded.count(), until, recorded.error())) : Optional.empty();
    }

    @Override
    public synchronized Optional<Backoff> probation(String memberId, Instant now) {
        Failures recorded = failures.get(memberId);
        if (recorded == null) {
            return Optional.empty();
        }
        Instant until = recorded.last().plus(backoffAfter(recorded.count()));
        return now.isBefore(until) ? Optional.empty() : Optional.of(new Backoff(recorded.count(), until, recorded.error()));
    }

    @Override
    public synchronized Optional<String> lastMember(String affinityKey) {
        return Optional.ofNullable(lastMembers.get(affinityKey));
    }

    static Duration backoffAfter(int consecutiveFailures) {
        int doublings = Math.min(consecutiveFailures - 1, 20);
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << doublings);
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }
}
