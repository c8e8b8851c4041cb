package io.jenkins.plugins.kubeops.engine.canary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of an analysis from its rounds so far under an {@link AnalysisPolicy}. Pure; called after every round.
 *
 * <p>Each metric is counted on its own, over all rounds so far, and the first rule that applies decides:
 * <ol>
 * <li><b>FAILED</b> — a metric has more FAILED measurements than {@code failureLimit} (with the default 0, the first failed
 * measurement rolls the canary back), or more ERROR measurements <em>in a row</em> than {@code consecutiveErrorLimit}: a
 * canary that cannot be measured (Prometheus down, a query matching nothing) is not promoted on hope.</li>
 * <li><b>INCONCLUSIVE</b> — a metric has more INCONCLUSIVE measurements than {@code inconclusiveLimit} (too few samples, no
 * traffic): the analysis stops and a person decides whether to promote or abort.</li>
 * <li>Fewer than {@code count} rounds (or a background analysis, {@code count} 0): still <b>running</b>.</li>
 * <li><b>ERROR</b> — all rounds taken, but a metric was never measured (each of its measurements errored, never more in a row
 * than tolerated): there is nothing to judge it on, so the canary is rolled back like a failure, with this reason.</li>
 * <li><b>SUCCESSFUL</b> — otherwise (errors below the limits are tolerated, like Argo Rollouts does).</li>
 * </ol>
 */
public final class AnalysisVerdicts {

    private AnalysisVerdicts() {
    }

    public static AnalysisStatus assess(AnalysisPolicy policy, List<AnalysisRound> rounds) {
        Map<String, Tally> tallies = new LinkedHashMap<>();
        for (int i = 0; i < rounds.size(); i++) {
            for (MetricResult result : rounds.get(i).metrics()) {
                tallies.computeIfAbsent(result.metric(), Tally::new).add(i + 1, result);
            }
        }
        for (Tally tally : tallies.values()) {
            if (tally.failed > policy.failureLimit()) {
                return AnalysisStatus.finished(Verdict.FAILED, rounds.size(), tally.metric + " failed " + tally.failed
                        + " time(s), more than failureLimit " + policy.failureLimit() + " (round " + tally.lastFailedRound
                        + ": " + tally.lastFailed.reason() + ")");
            }
            if (tally.longestErrorRun > policy.consecutiveErrorLimit()) {
                return AnalysisStatus.finished(Verdict.FAILED, rounds.size(), tally.metric + " could not be measured "
                        + tally.longestErrorRun + " times in a row, more than consecutiveErrorLimit "
                        + policy.consecutiveErrorLimit() + " (" + tally.lastError.reason() + ")");
            }
        }
        for (Tally tally : tallies.values()) {
            if (tally.inconclusive > policy.inconclusiveLimit()) {
                return AnalysisStatus.finished(Verdict.INCONCLUSIVE, rounds.size(), tally.metric + " was inconclusive "
                        + tally.inconclusive + " time(s), more than inconclusiveLimit " + policy.inconclusiveLimit() + " ("
                        + tally.lastInconclusive.reason() + "): promote or abort by hand");
            }
        }
        String last = rounds.isEmpty() ? "no round yet" : "last round " + rounds.get(rounds.size() - 1).describe();
        if (policy.count() == 0 || rounds.size() < policy.count()) {
            return AnalysisStatus.running(rounds.size(), (policy.count() == 0 ? rounds.size() + " round(s)"
                    : rounds.size() + " of " + policy.count() + " rounds") + "; " + last);
        }
        List<String> neverMeasured = new ArrayList<>();
        for (Tally tally : tallies.values()) {
            if (tally.successful == 0 && tally.inconclusive == 0) {
                neverMeasured.add(tally.metric + " (" + tally.lastError.reason() + ")");
            }
        }
        if (!neverMeasured.isEmpty()) {
            return AnalysisStatus.finished(Verdict.ERROR, rounds.size(), "never measured in " + rounds.size() + " rounds: "
                    + String.join("; ", neverMeasured));
        }
        return AnalysisStatus.finished(Verdict.SUCCESSFUL, rounds.size(), "all " + rounds.size() + " rounds judged within "
                + "the limits; " + last);
    }

    /** One metric's measurements so far. */
    private static final class Tally {
        final String metric;
        int successful;
        int failed;
        int inconclusive;
        int errorRun;
        int longestErrorRun;
        int lastFailedRound;
        MetricResult lastFailed;
        MetricResult lastError;
        MetricResult lastInconclusive;

        Tally(String metric) {
            this.metric = metric;
        }

        void add(int round, MetricResult result) {
            errorRun = result.verdict() == Verdict.ERROR ? errorRun + 1 : 0;
            longestErrorRun = Math.max(longestErrorRun, errorRun);
            switch (result.verdict()) {
                case SUCCESSFUL -> successful++;
                case FAILED -> {
                    failed++;
                    lastFailedRound = round;
                    lastFailed = result;
                }
                case INCONCLUSIVE -> {
                    inconclusive++;
                    lastInconclusive = result;
                }
                case ERROR -> lastError = result;
            }
        }
    }
}
