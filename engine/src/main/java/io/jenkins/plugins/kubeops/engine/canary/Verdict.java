package io.jenkins.plugins.kubeops.engine.canary;

/** The judgement of one metric, one analysis round or a whole analysis ({@link AnalysisVerdicts} has the rules). */
public enum Verdict {
    /** The canary is as good as the baseline (or within its thresholds). */
    SUCCESSFUL,
    /** The canary is worse: counts towards the failure limit; a failed analysis rolls the canary back. */
    FAILED,
    /** Not enough evidence either way (too few samples, no traffic): a person decides. */
    INCONCLUSIVE,
    /** The measurement itself failed (Prometheus down, empty result): counts towards the consecutive-error limit. */
    ERROR;

    /** How bad for a round made of several metrics: successful, inconclusive, error, failed. */
    int severity() {
        return switch (this) {
            case SUCCESSFUL -> 0;
            case INCONCLUSIVE -> 1;
            case ERROR -> 2;
            case FAILED -> 3;
        };
    }

    public static Verdict worst(Verdict a, Verdict b) {
        return a.severity() >= b.severity() ? a : b;
    }
}
