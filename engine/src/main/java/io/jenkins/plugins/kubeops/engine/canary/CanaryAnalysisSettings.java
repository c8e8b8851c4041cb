package io.jenkins.plugins.kubeops.engine.canary;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How an analysis judges the canary: every {@code interval} one round measures all {@code metrics}. A step's analysis passes
 * after {@code count} rounds that were not errors; background analysis runs until promotion ({@code count} is ignored). The
 * canary is rolled back when more than {@code failureLimit} rounds failed, or more than {@code consecutiveErrorLimit} rounds in
 * a row could not be measured (Prometheus down, no data); an inconclusive round pauses the canary for a person.
 */
public record CanaryAnalysisSettings(List<MetricSpec> metrics, Duration interval, int count, int failureLimit,
                               int consecutiveErrorLimit) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    public static final int DEFAULT_COUNT = 3;
    public static final int DEFAULT_FAILURE_LIMIT = 0;
    public static final int DEFAULT_CONSECUTIVE_ERROR_LIMIT = 2;

    public CanaryAnalysisSettings {
        metrics = List.copyOf(metrics);
        Objects.requireNonNull(interval, "interval");
    }
}
