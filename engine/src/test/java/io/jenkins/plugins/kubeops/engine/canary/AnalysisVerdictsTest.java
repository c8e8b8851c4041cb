package io.jenkins.plugins.kubeops.engine.canary;

import static io.jenkins.plugins.kubeops.engine.canary.Verdict.ERROR;
import static io.jenkins.plugins.kubeops.engine.canary.Verdict.FAILED;
import static io.jenkins.plugins.kubeops.engine.canary.Verdict.INCONCLUSIVE;
import static io.jenkins.plugins.kubeops.engine.canary.Verdict.SUCCESSFUL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisVerdictsTest {

    private static final Instant START = Instant.parse("2026-12-07T12:00:00Z");

    /** One round per argument; each string gives the verdicts of metrics "rate" and "latency", e.g. "SF". */
    private static List<AnalysisRound> rounds(String... verdicts) {
        List<AnalysisRound> rounds = new ArrayList<>();
        for (int i = 0; i < verdicts.length; i++) {
            List<MetricResult> results = new ArrayList<>();
            String[] names = {"rate", "latency"};
            for (int m = 0; m < verdicts[i].length(); m++) {
                Verdict verdict = switch (verdicts[i].charAt(m)) {
                    case 'S' -> SUCCESSFUL;
                    case 'F' -> FAILED;
                    case 'I' -> INCONCLUSIVE;
                    default -> ERROR;
                };
                results.add(new MetricResult(names[m], verdict, "1", "why " + names[m] + " " + (i + 1)));
            }
            rounds.add(new AnalysisRound(START.plusSeconds(60L * i), results));
        }
        return rounds;
    }

    private static AnalysisPolicy policy(int count, int failureLimit, int consecutiveErrorLimit, int inconclusiveLimit) {
        return new AnalysisPolicy(Duration.ofMinutes(1), count, failureLimit, consecutiveErrorLimit, inconclusiveLimit);
    }

    @Test
    void runsUntilCountRoundsThenSucceeds() {
        AnalysisPolicy policy = policy(3, 0, 4, 0);
        assertThat(AnalysisVerdicts.assess(policy, rounds()).finished()).isFalse();
        AnalysisStatus running = AnalysisVerdicts.assess(policy, rounds("SS", "SS"));
        assertThat(running.outcome()).isEmpty();
        assertThat(running.reason()).startsWith("2 of 3 rounds");
        AnalysisStatus done = AnalysisVerdicts.assess(policy, rounds("SS", "SS", "SS"));
        assertThat(done.outcome()).hasValue(SUCCESSFUL);
        assertThat(done.rollback()).isFalse();
    }

    @Test
    void theFirstFailureFailsWithTheDefaultFailureLimit() {
        AnalysisStatus status = AnalysisVerdicts.assess(AnalysisPolicy.of(Duration.ofMinutes(1), 5), rounds("SS", "SF"));
        assertThat(status.outcome()).hasValue(FAILED);
        assertThat(status.rollback()).isTrue();
        assertThat(status.reason()).isEqualTo("latency failed 1 time(s), more than failureLimit 0 (round 2: why latency 2)");
    }

    @Test
    void failuresUpToTheLimitAreToleratedPerMetric() {
        AnalysisPolicy policy = policy(5, 1, 4, 0);
        assertThat(AnalysisVerdicts.assess(policy, rounds("FS", "SF", "SS")).finished()).isFalse();
        assertThat(AnalysisVerdicts.assess(policy, rounds("FS", "SF", "SS", "FS")).outcome()).hasValue(FAILED);
    }

    @Test
    void errorsInARowBeyondTheLimitFailButInterruptedRunsDoNot() {
        AnalysisPolicy policy = policy(10, 0, 2, 0);
        assertThat(AnalysisVerdicts.assess(policy, rounds("ES", "ES", "SS", "ES", "ES")).finished()).isFalse();
        AnalysisStatus status = AnalysisVerdicts.assess(policy, rounds("SS", "ES", "ES", "ES"));
        assertThat(status.outcome()).hasValue(FAILED);
        assertThat(status.reason()).isEqualTo("rate could not be measured 3 times in a row, more than consecutiveErrorLimit 2"
                + " (why rate 4)");
    }

    @Test
    void toleratedErrorsDoNotStopSuccess() {
        assertThat(AnalysisVerdicts.assess(policy(3, 0, 4, 0), rounds("SS", "ES", "SS")).outcome()).hasValue(SUCCESSFUL);
    }

    @Test
    void aMetricNeverMeasuredEndsInError() {
        AnalysisStatus status = AnalysisVerdicts.assess(policy(3, 0, 4, 0), rounds("SE", "SE", "SE"));
        assertThat(status.outcome()).hasValue(ERROR);
        assertThat(status.rollback()).isTrue();
        assertThat(status.reason()).isEqualTo("never measured in 3 rounds: latency (why latency 3)");
    }

    @Test
    void inconclusiveBeyondTheLimitStopsForAPerson() {
        AnalysisStatus status = AnalysisVerdicts.assess(policy(5, 0, 4, 1), rounds("IS", "SS", "IS"));
        assertThat(status.outcome()).hasValue(INCONCLUSIVE);
        assertThat(status.rollback()).isFalse();
        assertThat(status.reason()).contains("rate was inconclusive 2 time(s), more than inconclusiveLimit 1")
                .endsWith("promote or abort by hand");
        assertThat(AnalysisVerdicts.assess(policy(5, 0, 4, 1), rounds("IS", "SS")).finished()).isFalse();
    }

    @Test
    void failureWinsOverInconclusiveInTheSameRound() {
        assertThat(AnalysisVerdicts.assess(policy(5, 0, 4, 0), rounds("IF")).outcome()).hasValue(FAILED);
    }

    @Test
    void backgroundAnalysisNeverSucceedsByItself() {
        AnalysisPolicy background = policy(0, 0, 4, 0);
        AnalysisStatus status = AnalysisVerdicts.assess(background, rounds("SS", "SS", "SS", "SS", "SS", "SS"));
        assertThat(status.finished()).isFalse();
        assertThat(status.reason()).startsWith("6 round(s)");
        assertThat(AnalysisVerdicts.assess(background, rounds("SS", "FS")).outcome()).hasValue(FAILED);
    }

    @Test
    void aRoundIsAsBadAsItsWorstMetric() {
        assertThat(rounds("SI").get(0).verdict()).isEqualTo(INCONCLUSIVE);
        assertThat(rounds("IE").get(0).verdict()).isEqualTo(ERROR);
        assertThat(rounds("EF").get(0).verdict()).isEqualTo(FAILED);
        assertThat(rounds("SS").get(0).verdict()).isEqualTo(SUCCESSFUL);
    }
}
