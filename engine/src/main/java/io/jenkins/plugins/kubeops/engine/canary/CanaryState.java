package io.jenkins.plugins.kubeops.engine.canary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a canary stands, kept in the cluster next to its Deployment so that another process can resume it.
 *
 * @param stepIndex      the step being executed (0-based); equal to the number of steps once all are done
 * @param weight         the share of traffic (percent) the canary receives
 * @param stableReplicas the stable Deployment's replicas when the canary started (what it returns to)
 * @param stepStartedAt  when the current step began (pause deadlines and analysis rounds count from it)
 * @param paused         why the canary waits for a person, if it does
 * @param stepAnalysis   rounds of the current step's analysis
 * @param background     rounds of the background analysis
 * @param results        the latest results, newest last (at most {@link #MAX_RESULTS})
 */
public record CanaryState(Phase phase, int stepIndex, int weight, int stableReplicas, Instant startedAt, Instant stepStartedAt,
                          Optional<PauseReason> paused, AnalysisProgress stepAnalysis, AnalysisProgress background,
                          Optional<String> outcome, List<String> results) {

    public static final int MAX_RESULTS = 30;

    public enum Phase {
        /** Walking the steps. */
        PROGRESSING,
        /** Waiting for a person: promote continues, abort rolls back. */
        PAUSED,
        /** All steps passed (or a person promoted fully): the stable Deployment takes the new version. */
        PROMOTING,
        /** Traffic goes back to stable and the canary is removed. */
        ABORTING,
        PROMOTED,
        ABORTED;

        public boolean finished() {
            return this == PROMOTED || this == ABORTED;
        }
    }

    public enum PauseKind {
        /** A {@code pause: {}} step: continuing moves to the next step. */
        STEP,
        /** An inconclusive analysis round: continuing accepts the round and carries on with the analysis. */
        INCONCLUSIVE
    }

    public record PauseReason(PauseKind kind, String message) {
        public PauseReason {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Counters of one analysis: rounds measured (errors excluded), failed rounds, errors in a row, and when it last ran. */
    public record AnalysisProgress(int rounds, int failures, int consecutiveErrors, int inconclusive, Optional<Instant> lastRoundAt) {
        public static final AnalysisProgress NONE = new AnalysisProgress(0, 0, 0, 0, Optional.empty());

        public AnalysisProgress {
            Objects.requireNonNull(lastRoundAt, "lastRoundAt");
        }
    }

    public CanaryState {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(stepStartedAt, "stepStartedAt");
        Objects.requireNonNull(paused, "paused");
        Objects.requireNonNull(stepAnalysis, "stepAnalysis");
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(outcome, "outcome");
        List<String> kept = new ArrayList<>(results);
        results = List.copyOf(kept.subList(Math.max(0, kept.size() - MAX_RESULTS), kept.size()));
    }

    public static CanaryState start(int stableReplicas, Instant now) {
        return new CanaryState(Phase.PROGRESSING, 0, 0, stableReplicas, now, now, Optional.empty(), AnalysisProgress.NONE,
                AnalysisProgress.NONE, Optional.empty(), List.of());
    }

    CanaryState withPhase(Phase newPhase) {
        return new CanaryState(newPhase, stepIndex, weight, stableReplicas, startedAt, stepStartedAt, paused, stepAnalysis,
                background, outcome, results);
    }

    CanaryState withWeight(int newWeight) {
        return new CanaryState(phase, stepIndex, newWeight, stableReplicas, startedAt, stepStartedAt, paused, stepAnalysis,
                background, outcome, results);
    }

    /** Moves to step {@code index}, which starts now with a fresh step analysis. */
    CanaryState atStep(int index, Instant now) {
        return new CanaryState(phase, index, weight, stableReplicas, startedAt, now, paused, AnalysisProgress.NONE, background,
                outcome, results);
    }

    CanaryState withPaused(Optional<PauseReason> reason) {
        return new CanaryState(reason.isPresent() ? Phase.PAUSED : Phase.PROGRESSING, stepIndex, weight, stableReplicas,
                startedAt, stepStartedAt, reason, stepAnalysis, background, outcome, results);
    }

    CanaryState withAnalysis(AnalysisProgress step, AnalysisProgress backgroundProgress) {
        return new CanaryState(phase, stepIndex, weight, stableReplicas, startedAt, stepStartedAt, paused, step,
                backgroundProgress, outcome, results);
    }

    CanaryState withOutcome(Phase newPhase, String message) {
        return new CanaryState(newPhase, stepIndex, weight, stableReplicas, startedAt, stepStartedAt, Optional.empty(),
                stepAnalysis, background, Optional.of(message), results);
    }

    CanaryState withResult(String line) {
        List<String> lines = new ArrayList<>(results);
        lines.add(line);
        return new CanaryState(phase, stepIndex, weight, stableReplicas, startedAt, stepStartedAt, paused, stepAnalysis,
                background, outcome, lines);
    }
}
