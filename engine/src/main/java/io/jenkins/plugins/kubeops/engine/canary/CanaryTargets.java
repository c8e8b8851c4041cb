package io.jenkins.plugins.kubeops.engine.canary;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whose series the judge reads, as pod label matchers ({@link MetricQuery} turns pod label keys into the Prometheus label
 * names Kubernetes discovery gives them): the canary's and the baseline's pods by their role, the stable pods by the stable
 * Deployment's selector and the absence of a role (canary pods behind the same Service carry the same labels plus their role).
 * Pure.
 */
public final class CanaryTargets {

    private CanaryTargets() {
    }

    /** @param stableSelector the stable Deployment's {@code matchLabels} */
    public static AnalysisTargets of(CanarySpec spec, Map<String, String> stableSelector) {
        Map<String, String> stable = new LinkedHashMap<>(stableSelector);
        stable.put(CanaryWorkloads.ROLE_LABEL, ""); // PromQL: the label is absent
        return new AnalysisTargets(spec.namespace(), role(spec, "canary"), spec.baseline() ? role(spec, "baseline") : null,
                stable);
    }

    private static Map<String, String> role(CanarySpec spec, String role) {
        Map<String, String> matchers = new LinkedHashMap<>();
        matchers.put(CanaryWorkloads.CANARY_OF_LABEL, spec.deployment());
        matchers.put(CanaryWorkloads.ROLE_LABEL, role);
        return matchers;
    }
}
