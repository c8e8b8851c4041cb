package io.jenkins.plugins.kubeops.engine.canary;

/** The judgement of one metric, one analysis round or a whole analysis. */
public enum Verdict {
    /** The canary is as good as the baseline (or within its thresholds). */
    SUCCESSFUL,
    /** The canary is worse: counts towards the failure limit. */
    FAILED,
    /** Not enough evidence either way: a person decides. */
    INCONCLUSIVE,
    /** The measurement itself failed (Prometheus down, empty result): counts towards the consecutive-error limit. */
    ERROR
}
