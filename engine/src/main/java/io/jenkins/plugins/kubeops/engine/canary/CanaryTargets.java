package io.jenkins.plugins.kubeops.engine.canary;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whose series the judge reads, as Prometheus label matchers. Prometheus' Kubernetes discovery turns pod labels into series
 * labels with every character outside {@code [a-zA-Z0-9_]} replaced by {@code _} (the usual {@code labelmap} of
 * {@code __meta_kubernetes_pod_label_(.+)}), so {@code kube-ops.io/canary-role} becomes {@code kube_ops_io_canary_role}.
 * Pure.
 */
public final class CanaryTargets {

    static final String ROLE = prometheusName(CanaryWorkloads.ROLE_LABEL);
    static final String CANARY_OF = prometheusName(CanaryWorkloads.CANARY_OF_LABEL);

    private CanaryTargets() {
    }

    /**
     * @param stableSelector the stable Deployment's {@code matchLabels}; its pods are those without a canary role (canary pods
     *     behind the same Service carry the same labels plus their role)
     */
    public static AnalysisTargets of(CanarySpec spec, Map<String, String> stableSelector) {
        Map<String, String> stable = new LinkedHashMap<>();
        stableSelector.forEach((key, value) -> stable.put(prometheusName(key), value));
        stable.put(ROLE, ""); // PromQL: the label is absent
        return new AnalysisTargets(spec.namespace(), role(spec, "canary"), spec.baseline() ? role(spec, "baseline") : null,
                stable);
    }

    static String prometheusName(String podLabel) {
        String name = podLabel.replaceAll("[^a-zA-Z0-9_]", "_");
        return Character.isDigit(name.charAt(0)) ? "_" + name : name;
    }

    private static Map<String, String> role(CanarySpec spec, String role) {
        Map<String, String> matchers = new LinkedHashMap<>();
        matchers.put(CANARY_OF, spec.deployment());
        matchers.put(ROLE, role);
        return matchers;
    }
}
