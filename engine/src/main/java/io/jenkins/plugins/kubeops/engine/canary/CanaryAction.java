package io.jenkins.plugins.kubeops.engine.canary;

import java.time.Instant;

/** What the orchestrator does next, as decided by {@link CanaryStepper}. */
public sealed interface CanaryAction {

    /** Which analysis a round belongs to. */
    enum AnalysisKind { STEP, BACKGROUND }

    /** Shift {@code weight} percent of the traffic to the canary. */
    record SetWeight(int weight) implements CanaryAction {
    }

    /** A step finished without outside work (a timed pause ran out, an analysis passed); carry on. */
    record NextStep(String message) implements CanaryAction {
    }

    /** Nothing to do before {@code until}; {@code reason} says what is waited for. */
    record WaitUntil(Instant until, String reason) implements CanaryAction {
    }

    /** Measure one analysis round now and hand the outcome to {@link CanaryStepper#record}. */
    record RunAnalysis(AnalysisKind kind, CanaryAnalysisSettings settings, int round) implements CanaryAction {
    }

    /** Stop and wait for a person: promote continues, abort rolls back. */
    record PauseForPerson(String reason) implements CanaryAction {
    }

    /** The stable Deployment takes the new version; traffic back to stable; canary and baseline to zero. */
    record Promote() implements CanaryAction {
    }

    /** Traffic back to stable at once; the canary goes after a delay; the failure is recorded. */
    record Abort(String reason) implements CanaryAction {
    }

    /** The canary is over (promoted or aborted). */
    record Finished(CanaryState.Phase phase, String outcome) implements CanaryAction {
    }
}
