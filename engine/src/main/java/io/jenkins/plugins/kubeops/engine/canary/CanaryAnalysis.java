package io.jenkins.plugins.kubeops.engine.canary;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Measures and judges a canary's metrics; called once per analysis interval by the canary's orchestration, which feeds the
 * rounds to {@link AnalysisVerdicts#assess} to decide whether to go on, promote, pause or roll back.
 */
public interface CanaryAnalysis {

    /** Measures every metric once; failures to measure become {@link Verdict#ERROR} results, never exceptions. */
    AnalysisRound measure(List<MetricSpec> metrics, AnalysisTargets targets, Instant now);

    /**
     * Measures every metric once for an analysis whose rounds are {@code interval} apart (comparisons take their samples
     * from the last interval). Implementations that do not look back ignore it.
     */
    default AnalysisRound measure(List<MetricSpec> metrics, AnalysisTargets targets, Instant now, Duration interval) {
        return measure(metrics, targets, now);
    }
}
