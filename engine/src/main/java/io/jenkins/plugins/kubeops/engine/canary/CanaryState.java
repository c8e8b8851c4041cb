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
        /** A step's analysis ended inconclusive: continuing accepts it and moves to the next step. */
        INCONCLUSIVE_STEP_ANALYSIS,
        /** The background analysis ended inconclusive: continuing starts it afresh. */
        INCONCLUSIVE_BACKGROUND_ANALYSIS
    }

    public record PauseReason(PauseKind kind, String message) {
        public PauseReason {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The rounds of one analysis so far, and since when it runs (its first round is due an interval later).
     *
     * @param since empty for an analysis that has not begun
     */
    public record AnalysisProgress(List<AnalysisRound> rounds, Optional<Instant> since) {
        public static final AnalysisProgress NONE = new AnalysisProgress(List.of(), Optional.empty());

        public AnalysisProgress {
            rounds = List.copyOf(rounds);
            Objects.requireNonNull(since, "since");
        }

        public static AnalysisProgress beginning(Instant at) {
            return new AnalysisProgress(List.of(), Optional.of(at));
        }

        /** When the latest round ran, else when the analysis began. */
        public Optional<Instant> lastActivity() {
            return rounds.isEmpty() ? since : Optional.of(rounds.get(rounds.size() - 1).at());
        }

        public AnalysisProgress with(AnalysisRound round) {
            List<AnalysisRound> all = new ArrayList<>(rounds);
            all.add(round);
            return new AnalysisProgress(all, since);
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
