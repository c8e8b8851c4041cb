package io.jenkins.plugins.kubeops.engine.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.canary.CanaryAction.AnalysisKind;
import io.jenkins.plugins.kubeops.engine.canary.CanaryState.Phase;
import io.jenkins.plugins.kubeops.engine.canary.CanaryStepper.Decision;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CanaryStepperTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final List<MetricSpec> METRICS = List.of(new MetricSpec("error-rate", Map.of("template", "success-rate")));
    private static final CanaryAnalysisSettings ANALYSIS = analysis(2, 0, 1);

    private static CanaryAnalysisSettings analysis(int count, int failureLimit, int consecutiveErrorLimit) {
        return new CanaryAnalysisSettings(new AnalysisPolicy(Duration.ofSeconds(30), count, failureLimit, consecutiveErrorLimit,
                0), METRICS);
    }

    private static AnalysisRound round(Instant at, Verdict verdict) {
        return new AnalysisRound(at, List.of(new MetricResult("error-rate", verdict, verdict == Verdict.FAILED ? "7%" : "0.1%",
                "scripted")));
    }

    private static CanarySpec spec(List<CanaryStep> steps, Optional<CanarySpec.BackgroundAnalysis> background) {
        return new CanarySpec("shop", "web", Map.of("web", "web:2"), steps, background, new RouterSpec.ReplicaRatio(), true,
                Duration.ofSeconds(30), Duration.ofMinutes(5), Map.of());
    }

    private static CanarySpec spec(CanaryStep... steps) {
        return spec(List.of(steps), Optional.empty());
    }

    @Test
    void setsTheWeightThenWaitsOutATimedPauseThenPromotes() {
        CanarySpec spec = spec(new CanaryStep.SetWeight(20), new CanaryStep.Pause(Optional.of(Duration.ofMinutes(2))));
        CanaryState state = CanaryState.start(5, T0);

        Decision weight = CanaryStepper.next(spec, state, T0);
        assertThat(weight.action()).isEqualTo(new CanaryAction.SetWeight(20));
        assertThat(weight.state().weight()).isEqualTo(20);
        assertThat(weight.state().stepIndex()).isEqualTo(1);

        Instant weightSet = T0.plusSeconds(5);
        state = CanaryStepper.next(spec, state, weightSet).state();
        Decision waiting = CanaryStepper.next(spec, state, weightSet.plusSeconds(60));
        assertThat(waiting.action()).isEqualTo(new CanaryAction.WaitUntil(weightSet.plus(Duration.ofMinutes(2)),
                "step 2 of 2: pause 2m"));
        assertThat(waiting.state()).isEqualTo(state);

        Decision paused = CanaryStepper.next(spec, state, weightSet.plus(Duration.ofMinutes(2)));
        assertThat(paused.action()).isInstanceOf(CanaryAction.NextStep.class);
        assertThat(paused.state().stepIndex()).isEqualTo(2);

        Decision promote = CanaryStepper.next(spec, paused.state(), weightSet.plus(Duration.ofMinutes(3)));
        assertThat(promote.action()).isEqualTo(new CanaryAction.Promote());
        assertThat(promote.state().phase()).isEqualTo(Phase.PROMOTING);
        CanaryState promoted = CanaryStepper.promoted(promote.state());
        assertThat(CanaryStepper.next(spec, promoted, T0.plusSeconds(999)).action())
                .isEqualTo(new CanaryAction.Finished(Phase.PROMOTED, "promoted after all steps passed"));
        assertThat(promoted.weight()).isZero();
    }

    @Test
    void theStepAfterAWeightCountsFromWhenTheWeightWasInPlace() {
        CanarySpec spec = spec(new CanaryStep.SetWeight(20), new CanaryStep.Analysis(ANALYSIS));
        Decision weight = CanaryStepper.next(spec, CanaryState.start(5, T0), T0);

        CanaryState applied = CanaryStepper.weightApplied(spec, weight.state(), T0.plusSeconds(40));

        assertThat(CanaryStepper.next(spec, applied, T0.plusSeconds(41)).action())
                .isEqualTo(new CanaryAction.WaitUntil(T0.plusSeconds(70), "step 2 of 2: analysis round 1 of 2"));
    }

    @Test
    void durationsPrintAsSpecsWriteThem() {
        assertThat(CanarySpec.format(Duration.ofSeconds(5430))).isEqualTo("1h30m30s");
        assertThat(CanarySpec.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(CanarySpec.format(Duration.ofMillis(900))).isEqualTo("0s");
        assertThat(new CanaryStep.Pause(Optional.of(Duration.ofMinutes(90))).describe()).isEqualTo("pause 1h30m");
    }

    @Test
    void anIndefinitePauseWaitsForAPersonAndPromoteMovesPastIt() {
        CanarySpec spec = spec(new CanaryStep.Pause(Optional.empty()), new CanaryStep.SetWeight(50));

        Decision paused = CanaryStepper.next(spec, CanaryState.start(4, T0), T0);

        assertThat(paused.action()).isInstanceOf(CanaryAction.PauseForPerson.class);
        assertThat(paused.state().phase()).isEqualTo(Phase.PAUSED);
        assertThat(CanaryStepper.next(spec, paused.state(), T0.plus(Duration.ofDays(3))).action())
                .isInstanceOf(CanaryAction.PauseForPerson.class);
        CanaryState continued = CanaryStepper.proceed(spec, paused.state(), T0.plusSeconds(60));
        assertThat(continued.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(CanaryStepper.next(spec, continued, T0.plusSeconds(60)).action()).isEqualTo(new CanaryAction.SetWeight(50));
    }

    @Test
    void runsAnalysisRoundsOneIntervalApartAndPassesAfterCountGoodRounds() {
        CanarySpec spec = spec(new CanaryStep.Analysis(ANALYSIS));
        CanaryState state = CanaryState.start(4, T0);

        assertThat(CanaryStepper.next(spec, state, T0.plusSeconds(10)).action())
                .isEqualTo(new CanaryAction.WaitUntil(T0.plusSeconds(30), "step 1 of 1: analysis round 1 of 2"));
        assertThat(CanaryStepper.next(spec, state, T0.plusSeconds(30)).action())
                .isEqualTo(new CanaryAction.RunAnalysis(AnalysisKind.STEP, ANALYSIS, 1));
        state = CanaryStepper.record(spec, state, AnalysisKind.STEP, round(T0.plusSeconds(31), Verdict.SUCCESSFUL));
        assertThat(CanaryStepper.next(spec, state, T0.plusSeconds(40)).action())
                .isEqualTo(new CanaryAction.WaitUntil(T0.plusSeconds(61), "step 1 of 1: analysis round 2 of 2"));
        state = CanaryStepper.record(spec, state, AnalysisKind.STEP, round(T0.plusSeconds(61), Verdict.SUCCESSFUL));

        Decision passed = CanaryStepper.next(spec, state, T0.plusSeconds(62));
        assertThat(passed.action()).isEqualTo(new CanaryAction.NextStep("step 1 of 1 done: analysis passed"));
        assertThat(passed.state().results()).hasSize(3).startsWith("step 1 analysis round 1: successful — error-rate 0.1% successful");
        assertThat(passed.state().results().get(2)).startsWith("step 1 of 1: analysis passed (all 2 rounds judged within the limits");
    }

    @Test
    void aFailedRoundBeyondTheFailureLimitAborts() {
        CanarySpec spec = spec(new CanaryStep.Analysis(ANALYSIS));

        CanaryState state = CanaryStepper.record(spec, CanaryState.start(4, T0), AnalysisKind.STEP,
                round(T0.plusSeconds(30), Verdict.FAILED));

        assertThat(state.phase()).isEqualTo(Phase.ABORTING);
        Decision abort = CanaryStepper.next(spec, state, T0.plusSeconds(31));
        assertThat(abort.action()).isEqualTo(new CanaryAction.Abort("step 1 analysis failed: error-rate failed 1 time(s), more "
                + "than failureLimit 0 (round 1: scripted)"));
        assertThat(CanaryStepper.aborted(abort.state()).phase()).isEqualTo(Phase.ABORTED);
    }

    @Test
    void failuresWithinTheLimitOnlyCount() {
        CanarySpec spec = spec(new CanaryStep.Analysis(analysis(3, 1, 1)));

        CanaryState once = CanaryStepper.record(spec, CanaryState.start(4, T0), AnalysisKind.STEP, round(T0, Verdict.FAILED));
        assertThat(once.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(CanaryStepper.record(spec, once, AnalysisKind.STEP, round(T0, Verdict.FAILED)).phase())
                .isEqualTo(Phase.ABORTING);
    }

    @Test
    void anInconclusiveAnalysisPausesForAPersonWhoMayAcceptItAndGoOn() {
        CanarySpec spec = spec(new CanaryStep.Analysis(ANALYSIS), new CanaryStep.SetWeight(100));

        CanaryState state = CanaryStepper.record(spec, CanaryState.start(4, T0), AnalysisKind.STEP,
                round(T0.plusSeconds(30), Verdict.INCONCLUSIVE));

        assertThat(state.phase()).isEqualTo(Phase.PAUSED);
        assertThat(state.paused()).hasValueSatisfying(reason -> {
            assertThat(reason.kind()).isEqualTo(CanaryState.PauseKind.INCONCLUSIVE_STEP_ANALYSIS);
            assertThat(reason.message()).startsWith("step 1 analysis is inconclusive: error-rate was inconclusive 1 time(s)");
        });
        assertThat(CanaryStepper.next(spec, state, T0.plusSeconds(3600)).action()).isInstanceOf(CanaryAction.PauseForPerson.class);

        CanaryState accepted = CanaryStepper.proceed(spec, state, T0.plusSeconds(100));
        assertThat(accepted.stepIndex()).isEqualTo(1);
        assertThat(accepted.results()).last().isEqualTo("step 1 analysis accepted by a person");
        assertThat(CanaryStepper.next(spec, accepted, T0.plusSeconds(100)).action()).isEqualTo(new CanaryAction.SetWeight(100));
    }

    @Test
    void consecutiveErrorsBeyondTheLimitFailWhileAMeasuredRoundInBetweenResetsTheRun() {
        CanarySpec spec = spec(new CanaryStep.Analysis(analysis(5, 0, 1)));
        CanaryState state = CanaryState.start(4, T0);

        state = CanaryStepper.record(spec, state, AnalysisKind.STEP, round(T0.plusSeconds(30), Verdict.ERROR));
        state = CanaryStepper.record(spec, state, AnalysisKind.STEP, round(T0.plusSeconds(60), Verdict.SUCCESSFUL));
        state = CanaryStepper.record(spec, state, AnalysisKind.STEP, round(T0.plusSeconds(90), Verdict.ERROR));
        assertThat(state.phase()).isEqualTo(Phase.PROGRESSING);

        state = CanaryStepper.record(spec, state, AnalysisKind.STEP, round(T0.plusSeconds(120), Verdict.ERROR));

        assertThat(state.phase()).isEqualTo(Phase.ABORTING);
        assertThat(state.outcome()).hasValue("step 1 analysis failed: error-rate could not be measured 2 times in a row, more "
                + "than consecutiveErrorLimit 1 (scripted)");
    }

    @Test
    void anAnalysisThatNeverMeasuredItsMetricRollsBackRatherThanPassBlind() {
        CanarySpec spec = spec(new CanaryStep.Analysis(analysis(2, 0, 4)));

        CanaryState state = CanaryStepper.record(spec, CanaryState.start(4, T0), AnalysisKind.STEP, round(T0, Verdict.ERROR));
        state = CanaryStepper.record(spec, state, AnalysisKind.STEP, round(T0.plusSeconds(30), Verdict.ERROR));

        assertThat(state.outcome()).hasValue("step 1 analysis error: never measured in 2 rounds: error-rate (scripted)");
        assertThat(CanaryStepper.next(spec, state, T0.plusSeconds(31)).action()).isInstanceOf(CanaryAction.Abort.class);
    }

    @Test
    void backgroundAnalysisRunsFromItsStartingStepAcrossWaits() {
        CanaryAnalysisSettings background = new CanaryAnalysisSettings(new AnalysisPolicy(Duration.ofSeconds(20), 0, 0, 1, 0),
                METRICS);
        CanarySpec spec = spec(List.of(new CanaryStep.SetWeight(10), new CanaryStep.Pause(Optional.of(Duration.ofMinutes(1)))),
                Optional.of(new CanarySpec.BackgroundAnalysis(1, background)));
        CanaryState state = CanaryState.start(4, T0);
        assertThat(CanaryStepper.next(spec, state, T0.plusSeconds(25)).action()).as("not before its starting step")
                .isEqualTo(new CanaryAction.SetWeight(10));

        state = CanaryStepper.next(spec, state, T0.plusSeconds(25)).state();

        assertThat(CanaryStepper.next(spec, state, T0.plusSeconds(30)).action()).isEqualTo(new CanaryAction.WaitUntil(
                T0.plusSeconds(45), "step 2 of 2: pause 1m (background analysis due first)"));
        assertThat(CanaryStepper.next(spec, state, T0.plusSeconds(45)).action())
                .isEqualTo(new CanaryAction.RunAnalysis(AnalysisKind.BACKGROUND, background, 1));
        CanaryState measured = CanaryStepper.record(spec, state, AnalysisKind.BACKGROUND, round(T0.plusSeconds(46), Verdict.SUCCESSFUL));
        assertThat(CanaryStepper.next(spec, measured, T0.plusSeconds(50)).action()).isEqualTo(new CanaryAction.WaitUntil(
                T0.plusSeconds(66), "step 2 of 2: pause 1m (background analysis due first)"));
        CanaryState failed = CanaryStepper.record(spec, measured, AnalysisKind.BACKGROUND, round(T0.plusSeconds(66), Verdict.FAILED));
        assertThat(CanaryStepper.next(spec, failed, T0.plusSeconds(67)).action()).isInstanceOf(CanaryAction.Abort.class);
        assertThat(failed.outcome()).hasValueSatisfying(outcome -> assertThat(outcome).startsWith("background analysis failed: "));
    }

    @Test
    void anInconclusiveBackgroundAnalysisAcceptedByAPersonStartsAfresh() {
        CanaryAnalysisSettings background = new CanaryAnalysisSettings(new AnalysisPolicy(Duration.ofSeconds(20), 0, 0, 1, 0),
                METRICS);
        CanarySpec spec = spec(List.of(new CanaryStep.Pause(Optional.of(Duration.ofMinutes(5)))),
                Optional.of(new CanarySpec.BackgroundAnalysis(0, background)));

        CanaryState paused = CanaryStepper.record(spec, CanaryState.start(4, T0), AnalysisKind.BACKGROUND,
                round(T0.plusSeconds(20), Verdict.INCONCLUSIVE));
        assertThat(paused.paused().orElseThrow().kind()).isEqualTo(CanaryState.PauseKind.INCONCLUSIVE_BACKGROUND_ANALYSIS);

        CanaryState accepted = CanaryStepper.proceed(spec, paused, T0.plusSeconds(200));

        assertThat(accepted.stepIndex()).isZero();
        assertThat(accepted.background().rounds()).isEmpty();
        assertThat(CanaryStepper.next(spec, accepted, T0.plusSeconds(201)).action()).isEqualTo(new CanaryAction.WaitUntil(
                T0.plusSeconds(220), "step 1 of 1: pause 5m (background analysis due first)"));
    }

    @Test
    void aPersonsAbortStandsOverARoundThatFinishesLater() {
        CanarySpec spec = spec(new CanaryStep.Analysis(ANALYSIS));
        CanaryState aborted = CanaryStepper.abort(spec, CanaryState.start(4, T0), "aborted by a person");

        assertThat(CanaryStepper.record(spec, aborted, AnalysisKind.STEP, round(T0, Verdict.SUCCESSFUL))).isEqualTo(aborted);
        assertThat(CanaryStepper.next(spec, aborted, T0).action()).isEqualTo(new CanaryAction.Abort("aborted by a person"));
    }

    @Test
    void finishedCanariesCannotBePromotedOrAbortedAgain() {
        CanarySpec spec = spec(new CanaryStep.SetWeight(10));
        CanaryState done = CanaryStepper.promoted(CanaryStepper.promoteFully(spec, CanaryState.start(4, T0)));

        assertThat(done.outcome()).hasValue("promoted by a person at step 1");
        assertThatThrownBy(() -> CanaryStepper.abort(spec, done, "late")).isInstanceOf(KubeOpsException.class)
                .hasMessage("the canary of shop/web is already promoted: nothing to abort (start a new canary to release again).");
        assertThatThrownBy(() -> CanaryStepper.proceed(spec, CanaryState.start(4, T0), T0)).isInstanceOf(KubeOpsException.class)
                .hasMessageContaining("not paused: promote continues only a paused canary (use --full to promote now)");
    }

    @Test
    void aRoundsSummaryNamesEachMetricsValueAndVerdict() {
        AnalysisRound round = new AnalysisRound(T0, List.of(new MetricResult("success-rate", Verdict.SUCCESSFUL, "0.998", ""),
                new MetricResult("latency-p99", Verdict.FAILED, "0.412", "")));

        assertThat(CanaryStepper.summary(round)).isEqualTo("failed — success-rate 0.998 successful; latency-p99 0.412 failed");
    }
}
