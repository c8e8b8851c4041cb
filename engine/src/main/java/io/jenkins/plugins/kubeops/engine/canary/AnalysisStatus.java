package io.jenkins.plugins.kubeops.engine.canary;

import java.util.Objects;
import java.util.Optional;

/**
 * Where an analysis stands after its rounds so far: still running, or finished with a verdict, and why.
 *
 * @param outcome empty while the analysis needs more rounds
 * @param reason one sentence for the canary's progress and the recorded state
 */
public record AnalysisStatus(Optional<Verdict> outcome, int rounds, String reason) {

    public AnalysisStatus {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
    }

    static AnalysisStatus running(int rounds, String reason) {
        return new AnalysisStatus(Optional.empty(), rounds, reason);
    }

    static AnalysisStatus finished(Verdict verdict, int rounds, String reason) {
        return new AnalysisStatus(Optional.of(verdict), rounds, reason);
    }

    public boolean finished() {
        return outcome.isPresent();
    }

    /** True once the analysis failed or errored: the canary must be rolled back. */
    public boolean rollback() {
        return outcome.filter(v -> v == Verdict.FAILED || v == Verdict.ERROR).isPresent();
    }

    public String describe() {
        return outcome.map(Verdict::toString).orElse("RUNNING") + ": " + reason;
    }
}
