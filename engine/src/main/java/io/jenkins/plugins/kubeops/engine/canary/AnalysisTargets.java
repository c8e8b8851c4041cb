package io.jenkins.plugins.kubeops.engine.canary;

import java.util.Map;

/**
 * Which pods an analysis compares: label matchers for the canary, the baseline (the old version at the canary's size,
 * when one runs) and the stable workload, in one namespace.
 */
public record AnalysisTargets(String namespace, Map<String, String> canary, Map<String, String> baseline,
        Map<String, String> stable) {
    public AnalysisTargets {
        canary = Map.copyOf(canary);
        baseline = baseline == null ? null : Map.copyOf(baseline);
        stable = Map.copyOf(stable);
    }
}
