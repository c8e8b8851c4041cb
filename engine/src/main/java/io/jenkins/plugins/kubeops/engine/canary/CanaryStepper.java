package io.jenkins.plugins.kubeops.engine.canary;

import io.jenkins.plugins.kubeops.engine.canary.CanaryAction.AnalysisKind;
import io.jenkins.plugins.kubeops.engine.canary.CanaryState.AnalysisProgress;
import io.jenkins.plugins.kubeops.engine.canary.CanaryState.Phase;
import io.jenkins.plugins.kubeops.engine.canary.CanaryState.PauseKind;
import io.jenkins.plugins.kubeops.engine.canary.CanaryState.PauseReason;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Instant;
import java.util.Optional;

/**
 * The canary's decisions, pure: from the spec, the persisted state and the time, the next action and the state to keep once
 * it is done. The orchestrator executes the action, persists the returned state and asks again; analysis outcomes come back
 * through {@link #record}. Because the state alone determines what happens next, any process can resume a canary.
 */
public final class CanaryStepper {

    /** The next action, and the state to persist after it succeeded. */
    public record Decision(CanaryState state, CanaryAction action) {
    }

    private CanaryStepper() {
    }

    public static Decision next(CanarySpec spec, CanaryState state, Instant now) {
        switch (state.phase()) {
            case PROMOTED, ABORTED -> {
                return new Decision(state, new CanaryAction.Finished(state.phase(), state.outcome().orElse("")));
            }
            case PAUSED -> {
                return new Decision(state, new CanaryAction.PauseForPerson(state.paused().map(PauseReason::message).orElse("")));
            }
            case PROMOTING -> {
                return new Decision(state, new CanaryAction.Promote());
            }
            case ABORTING -> {
                return new Decision(state, new CanaryAction.Abort(state.outcome().orElse("aborted")));
            }
            default -> {
                return progressing(spec, state, now);
            }
        }
    }

    private static Decision progressing(CanarySpec spec, CanaryState state, Instant now) {
        int index = state.stepIndex();
        if (index >= spec.steps().size()) {
            return new Decision(state.withPhase(Phase.PROMOTING), new CanaryAction.Promote());
        }
        Optional<Instant> backgroundDue = backgroundDue(spec, state);
        if (backgroundDue.isPresent() && !now.isBefore(backgroundDue.get())) {
            return new Decision(state, new CanaryAction.RunAnalysis(AnalysisKind.BACKGROUND,
                    spec.background().orElseThrow().settings(), state.background().rounds().size() + 1));
        }
        CanaryStep step = spec.steps().get(index);
        String label = "step " + (index + 1) + " of " + spec.steps().size();
        if (step instanceof CanaryStep.SetWeight setWeight) {
            CanaryState next = enterStep(spec, state.withWeight(setWeight.percent()), index + 1, now);
            return new Decision(next, new CanaryAction.SetWeight(setWeight.percent()));
        }
        if (step instanceof CanaryStep.Pause pause) {
            if (pause.untilPromoted()) {
                return new Decision(state.withPaused(Optional.of(new PauseReason(PauseKind.STEP, label
                        + ": paused until promoted (weight " + state.weight() + "%): promote to continue, abort to roll back"))),
                        new CanaryAction.PauseForPerson(label + ": paused until promoted"));
            }
            Instant deadline = state.stepStartedAt().plus(pause.duration().orElseThrow());
            if (!now.isBefore(deadline)) {
                return new Decision(enterStep(spec, state, index + 1, now), new CanaryAction.NextStep(label + " done: "
                        + step.describe()));
            }
            return waitUntil(state, deadline, label + ": " + step.describe(), backgroundDue);
        }
        CanaryAnalysisSettings analysis = ((CanaryStep.Analysis) step).settings();
        AnalysisProgress progress = state.stepAnalysis();
        AnalysisStatus status = AnalysisVerdicts.assess(analysis.policy(), progress.rounds());
        if (status.outcome().filter(verdict -> verdict == Verdict.SUCCESSFUL).isPresent()) {
            return new Decision(enterStep(spec, state, index + 1, now).withResult(label + ": analysis passed (" + status.reason()
                    + ")"), new CanaryAction.NextStep(label + " done: analysis passed"));
        }
        Instant due = progress.lastActivity().orElse(state.stepStartedAt()).plus(analysis.interval());
        int round = progress.rounds().size() + 1;
        if (!now.isBefore(due)) {
            return new Decision(state, new CanaryAction.RunAnalysis(AnalysisKind.STEP, analysis, round));
        }
        return waitUntil(state, due, label + ": analysis round " + round + " of " + analysis.count(), backgroundDue);
    }

    /**
     * Takes an analysis round and judges the analysis so far by {@link AnalysisVerdicts}: a failed (or never measured)
     * analysis aborts the canary, an inconclusive one pauses it for a person; a passed step analysis moves on at the next
     * decision.
     */
    public static CanaryState record(CanarySpec spec, CanaryState state, AnalysisKind kind, AnalysisRound round) {
        if (state.phase() != Phase.PROGRESSING) {
            return state; // a person aborted or promoted while the round ran: their decision stands
        }
        boolean background = kind == AnalysisKind.BACKGROUND;
        CanaryAnalysisSettings settings = background ? spec.background().orElseThrow().settings()
                : ((CanaryStep.Analysis) spec.steps().get(state.stepIndex())).settings();
        AnalysisProgress after = (background ? state.background() : state.stepAnalysis()).with(round);
        String which = background ? "background analysis" : "step " + (state.stepIndex() + 1) + " analysis";
        CanaryState next = (background ? state.withAnalysis(state.stepAnalysis(), after)
                : state.withAnalysis(after, state.background())).withResult(which + " round " + after.rounds().size() + ": "
                + summary(round));
        AnalysisStatus status = AnalysisVerdicts.assess(settings.policy(), after.rounds());
        if (status.rollback()) {
            return next.withOutcome(Phase.ABORTING, which + " " + status.outcome().orElseThrow().name().toLowerCase(
                    java.util.Locale.ROOT) + ": " + status.reason());
        }
        if (status.outcome().filter(verdict -> verdict == Verdict.INCONCLUSIVE).isPresent()) {
            return next.withPaused(Optional.of(new PauseReason(background ? PauseKind.INCONCLUSIVE_BACKGROUND_ANALYSIS
                    : PauseKind.INCONCLUSIVE_STEP_ANALYSIS, which + " is inconclusive: " + status.reason()
                    + " (promote accepts it and continues, abort rolls back)")));
        }
        return next;
    }

    /**
     * The state to keep once a weight is in place: the next step starts now, not when the weight was decided, so that its
     * pause and analysis intervals count from the moment the canary's pods serve their share.
     */
    public static CanaryState weightApplied(CanarySpec spec, CanaryState decided, Instant now) {
        return enterStep(spec, decided, decided.stepIndex(), now);
    }

    /** A person continues a paused canary: past a {@code pause: {}} step, or on with the analysis after an inconclusive round. */
    public static CanaryState proceed(CanarySpec spec, CanaryState state, Instant now) {
        if (state.phase() != Phase.PAUSED) {
            throw new KubeOpsException("the canary of " + spec.target() + " is " + describe(spec, state)
                    + ", not paused: promote continues only a paused canary (use --full to promote now).");
        }
        PauseReason reason = state.paused().orElseThrow();
        CanaryState resumed = state.withPaused(Optional.empty());
        if (reason.kind() == PauseKind.INCONCLUSIVE_BACKGROUND_ANALYSIS) {
            return resumed.withAnalysis(state.stepAnalysis(), AnalysisProgress.beginning(now))
                    .withResult("background analysis accepted by a person; it starts afresh");
        }
        CanaryState next = enterStep(spec, resumed, state.stepIndex() + 1, now);
        return reason.kind() == PauseKind.STEP ? next : next.withResult("step " + (state.stepIndex() + 1)
                + " analysis accepted by a person");
    }

    /** A person skips the remaining steps: the stable Deployment takes the new version now. */
    public static CanaryState promoteFully(CanarySpec spec, CanaryState state) {
        requireActive(spec, state, "promote");
        return state.withOutcome(Phase.PROMOTING, "promoted by a person at step " + (state.stepIndex() + 1));
    }

    public static CanaryState abort(CanarySpec spec, CanaryState state, String reason) {
        requireActive(spec, state, "abort");
        return state.withOutcome(Phase.ABORTING, reason);
    }

    /** The promotion finished: the stable Deployment runs the new version and serves all traffic. */
    public static CanaryState promoted(CanaryState state) {
        return state.withWeight(0).withOutcome(Phase.PROMOTED, state.outcome().orElse("promoted after all steps passed"));
    }

    /** The rollback finished: the stable version serves all traffic, the canary is gone. */
    public static CanaryState aborted(CanaryState state) {
        return state.withWeight(0).withOutcome(Phase.ABORTED, state.outcome().orElse("aborted"));
    }

    /** "success-rate 0.998 successful; latency-p99 0.212 failed" — kept in the canary's results. */
    public static String summary(AnalysisRound round) {
        return round.verdict().name().toLowerCase(java.util.Locale.ROOT) + (round.metrics().isEmpty() ? "" : " — ")
                + String.join("; ", round.metrics().stream().map(result -> result.metric() + " " + result.value() + " "
                + result.verdict().name().toLowerCase(java.util.Locale.ROOT)).toList());
    }

    /** "progressing at step 3 of 7, weight 40%" and the like, for status lines and messages. */
    public static String describe(CanarySpec spec, CanaryState state) {
        int steps = spec.steps().size();
        return state.phase().name().toLowerCase(java.util.Locale.ROOT) + " at step " + Math.min(state.stepIndex() + 1, steps)
                + " of " + steps + ", weight " + state.weight() + "%";
    }

    private static void requireActive(CanarySpec spec, CanaryState state, String verb) {
        if (state.phase().finished()) {
            throw new KubeOpsException("the canary of " + spec.target() + " is already " + state.phase().name().toLowerCase(
                    java.util.Locale.ROOT) + ": nothing to " + verb + " (start a new canary to release again).");
        }
    }

    private static CanaryState enterStep(CanarySpec spec, CanaryState state, int index, Instant now) {
        CanaryState next = state.atStep(index, now);
        if (spec.background().isPresent() && index == spec.background().get().startingStep()
                && next.background().since().isEmpty()) {
            // background rounds are due an interval after the starting step began
            next = next.withAnalysis(next.stepAnalysis(), AnalysisProgress.beginning(now));
        }
        return next;
    }

    private static Optional<Instant> backgroundDue(CanarySpec spec, CanaryState state) {
        if (spec.background().isEmpty() || state.stepIndex() < spec.background().get().startingStep()) {
            return Optional.empty();
        }
        Instant since = state.background().lastActivity().orElse(state.startedAt());
        return Optional.of(since.plus(spec.background().get().settings().interval()));
    }

    private static Decision waitUntil(CanaryState state, Instant until, String reason, Optional<Instant> backgroundDue) {
        if (backgroundDue.isPresent() && backgroundDue.get().isBefore(until)) {
            return new Decision(state, new CanaryAction.WaitUntil(backgroundDue.get(), reason + " (background analysis due first)"));
        }
        return new Decision(state, new CanaryAction.WaitUntil(until, reason));
    }
}
