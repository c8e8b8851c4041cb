package io.jenkins.plugins.kubeops.engine.canary;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Every metric measured once, at one instant. */
public record AnalysisRound(Instant at, List<MetricResult> metrics) {

    public AnalysisRound {
        Objects.requireNonNull(at, "at");
        metrics = List.copyOf(metrics);
    }

    /** As bad as its worst metric (failed, error, inconclusive, successful); SUCCESSFUL without metrics. */
    public Verdict verdict() {
        return metrics.stream().map(MetricResult::verdict).reduce(Verdict.SUCCESSFUL, Verdict::worst);
    }

    /** E.g. {@code FAILED — success-rate FAILED: 0.93 (...); latency-p99 SUCCESSFUL: 0.21 (...)}. */
    public String describe() {
        return verdict() + " — " + metrics.stream().map(MetricResult::describe).collect(Collectors.joining("; "));
    }
}
