package io.jenkins.plugins.kubeops.engine.pool;

import java.time.Instant;
import java.util.Optional;

/**
 * What the policy remembers between decisions: members backing off after provisioning failures, and where each job's last
 * agent went (so it can return to a warm cluster).
 */
public interface PlacementHistory {

    /** A member backing off: skipped until {@code until}, then tried again. */
    record Backoff(int consecutiveFailures, Instant until, String lastError) {
    }

    Optional<Backoff> backoff(String memberId, Instant now);

    Optional<String> lastMember(String affinityKey);

    /**
     * A member whose back-off has run out but that has not provisioned successfully since its failures: it is tried with one
     * agent at a time until one connects, so a member that still fails costs one failed provision per back-off, not a burst.
     */
    default Optional<Backoff> probation(String memberId, Instant now) {
        return Optional.empty();
    }

    PlacementHistory NONE = new PlacementHistory() {
        @Override
        public Optional<Backoff> backoff(String memberId, Instant now) {
            return Optional.empty();
        }

        @Override
        public Optional<String> lastMember(String affinityKey) {
            return Optional.empty();
        }
    };
}
