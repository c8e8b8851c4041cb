package io.jenkins.plugins.kubeops.pool;

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
