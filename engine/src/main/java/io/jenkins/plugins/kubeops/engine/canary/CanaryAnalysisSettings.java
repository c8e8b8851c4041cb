package io.jenkins.plugins.kubeops.engine.canary;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One analysis of a canary (a step's, or the background one): the metrics it measures and the policy that turns its rounds
 * into a verdict ({@link AnalysisVerdicts#assess}, Argo Rollouts' rules: count, failureLimit, consecutiveErrorLimit,
 * inconclusiveLimit). A background analysis has {@code count} 0: it runs until promotion.
 */
public record CanaryAnalysisSettings(AnalysisPolicy policy, List<MetricSpec> metrics) {

    public CanaryAnalysisSettings {
        Objects.requireNonNull(policy, "policy");
        metrics = List.copyOf(metrics);
    }

    public Duration interval() {
        return policy.interval();
    }

    public int count() {
        return policy.count();
    }
}
