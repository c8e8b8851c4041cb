package io.jenkins.plugins.kubeops.engine.canary;

import java.time.Instant;
import java.util.List;

/** Every metric measured once, at one instant. */
public record AnalysisRound(Instant at, List<MetricResult> metrics) {
    public AnalysisRound {
        metrics = List.copyOf(metrics);
    }
}
