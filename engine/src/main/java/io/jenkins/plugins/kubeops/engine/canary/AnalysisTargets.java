package io.jenkins.plugins.kubeops.engine.canary;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.util.Map;
import java.util.Objects;

/**
 * Which pods an analysis compares: label matchers for the canary, the baseline (the old version at the canary's size,
 * when one runs, so both are equally fresh) and the stable workload, in one namespace. Comparisons set the canary against
 * the baseline, or against the stable workload when there is no baseline ({@link #reference()}).
 *
 * @param namespace added to every target's matchers as {@code namespace="..."} when not blank
 * @param baseline null when no baseline runs
 */
public record AnalysisTargets(String namespace, Map<String, String> canary, Map<String, String> baseline,
        Map<String, String> stable) {

    /** Whose series a query reads; its name is {@code {{role}}} in query templates. */
    public enum Role {
        CANARY, BASELINE, STABLE;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public AnalysisTargets {
        Objects.requireNonNull(namespace, "namespace");
        canary = Map.copyOf(canary);
        baseline = baseline == null ? null : Map.copyOf(baseline);
        stable = Map.copyOf(stable);
    }

    /** What comparisons hold the canary against: the baseline when one runs, else the stable workload. */
    public Role reference() {
        return baseline != null ? Role.BASELINE : Role.STABLE;
    }

    /** The role's label matchers; never empty, since a query without them would measure every series. */
    public Map<String, String> matchers(Role role) {
        Map<String, String> matchers = switch (role) {
            case CANARY -> canary;
            case BASELINE -> baseline == null ? Map.of() : baseline;
            case STABLE -> stable;
        };
        if (matchers.isEmpty()) {
            throw new KubeOpsException("the " + role.text() + " has no label matchers" + (role == Role.BASELINE
                    && baseline == null ? " (no baseline runs)" : "") + ": a query without them would measure every "
                    + "series.");
        }
        return matchers;
    }
}
