package io.jenkins.plugins.kubeops.engine.canary.bench;

import static io.jenkins.plugins.kubeops.engine.canary.bench.SyntheticTraffic.ROUNDS;
import static io.jenkins.plugins.kubeops.engine.canary.bench.SyntheticTraffic.TICKS_PER_INTERVAL;
import static io.jenkins.plugins.kubeops.engine.canary.bench.SyntheticTraffic.roundEnd;

import io.jenkins.plugins.kubeops.engine.canary.AnalysisPolicy;
import io.jenkins.plugins.kubeops.engine.canary.AnalysisRound;
import io.jenkins.plugins.kubeops.engine.canary.AnalysisStatus;
import io.jenkins.plugins.kubeops.engine.canary.AnalysisVerdicts;
import io.jenkins.plugins.kubeops.engine.canary.Judge;
import io.jenkins.plugins.kubeops.engine.canary.MetricDefinition;
import io.jenkins.plugins.kubeops.engine.canary.MetricResult;
import io.jenkins.plugins.kubeops.engine.canary.MetricSpecParser;
import io.jenkins.plugins.kubeops.engine.canary.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** The three ways of judging a run that the benchmark sets side by side. */
final class Policies {

    private Policies() {
    }

    /** How a run ended: rolled back after round {@code round}, paused for a person (inconclusive), or promoted. */
    record Outcome(Kind kind, int round) {
        enum Kind { ROLLBACK, PAUSED, PROMOTED }
    }

    interface Policy {
        String name();

        String describe();

        Outcome judge(SyntheticTraffic run);
    }

    /**
     * Ours: the built-in success-rate and latency (p99) templates judged by comparison with the baseline, all defaults
     * (ten samples per interval, each a rate over its own 6 s, which needs scrapes at least every 3 s, taken at the same
     * instants for both versions and so judged pairwise; confidence 0.995 that the canary is worse by more than the
     * tolerance, 0.005 absolute for the success rate and 20% relative for the p99), and
     * Argo's default limits (failureLimit 0, consecutiveErrorLimit 4, inconclusiveLimit 0).
     */
    static final class KubeOps implements Policy {
        private final MetricDefinition successRate = MetricSpecParser.parse("bench", Map.of("name", "success-rate",
                "template", "success-rate"));
        private final MetricDefinition latency = MetricSpecParser.parse("bench", Map.of("name", "latency-p99",
                "template", "latency"));
        private final AnalysisPolicy policy = AnalysisPolicy.of(Duration.ofMinutes(1), ROUNDS);

        @Override
        public String name() {
            return "kube-ops";
        }

        @Override
        public String describe() {
            return "signed-rank vs baseline: success-rate and p99 worse beyond tolerance 0.005 / 20%, "
                    + "confidence 0.995, failureLimit 0";
        }

        @Override
        public Outcome judge(SyntheticTraffic run) {
            List<AnalysisRound> rounds = new ArrayList<>();
            int step = TICKS_PER_INTERVAL / 10; // a tenth of the interval, as sampleStep() chooses
            int window = step; // the templates' default for comparisons: each sample a rate over its own step
            for (int round = 1; round <= ROUNDS; round++) {
                int end = roundEnd(round);
                double[] canaryRate = new double[10];
                double[] baselineRate = new double[10];
                double[] canaryP99 = new double[10];
                double[] baselineP99 = new double[10];
                for (int k = 0; k < 10; k++) {
                    int t = end - (9 - k) * step;
                    canaryRate[k] = run.canary.successRate(t, window);
                    baselineRate[k] = run.baseline.successRate(t, window);
                    canaryP99[k] = run.canary.quantile(0.99, t, window);
                    baselineP99[k] = run.baseline.quantile(0.99, t, window);
                }
                // The templates' window follows the step, so the analysis also reads each version over the whole interval.
                Judge.IntervalValues rate = new Judge.IntervalValues(
                        OptionalDouble.of(run.canary.successRate(end, TICKS_PER_INTERVAL)),
                        OptionalDouble.of(run.baseline.successRate(end, TICKS_PER_INTERVAL)), "");
                Judge.IntervalValues p99 = new Judge.IntervalValues(
                        OptionalDouble.of(run.canary.quantile(0.99, end, TICKS_PER_INTERVAL)),
                        OptionalDouble.of(run.baseline.quantile(0.99, end, TICKS_PER_INTERVAL)), "");
                List<MetricResult> results = List.of(Judge.comparePaired(successRate, canaryRate, baselineRate, rate),
                        Judge.comparePaired(latency, canaryP99, baselineP99, p99));
                rounds.add(new AnalysisRound(Instant.EPOCH.plusSeconds(60L * round), results));
                AnalysisStatus status = AnalysisVerdicts.assess(policy, rounds);
                if (status.rollback()) {
                    if (Boolean.getBoolean("bench.debug") && (!run.degradation.degraded()
                            || round - run.degradation.onsetRound() > 1 && run.degradation.extraErrorRate() >= 0.05)) {
                        System.out.println(run.degradation.name() + " rollback at round " + round + ": " + status.reason()
                                + "; incident ticks " + run.incidentStart + ".." + run.incidentEnd + ", round ends at tick "
                                + end + "; rounds: " + rounds.stream().map(AnalysisRound::describe).toList());
                    }
                    return new Outcome(Outcome.Kind.ROLLBACK, round);
                }
                if (status.outcome().filter(v -> v == Verdict.INCONCLUSIVE).isPresent()) {
                    return new Outcome(Outcome.Kind.PAUSED, round);
                }
            }
            return new Outcome(Outcome.Kind.PROMOTED, ROUNDS);
        }
    }

    /**
     * Flagger's analysis as its documentation shows it: every interval the canary's request success rate over the last
     * minute must be at least 99% and its p99 request duration at most 500 ms; a check that fails counts, and the canary is
     * rolled back when the failed checks reach the threshold (5).
     */
    static final class FlaggerStyle implements Policy {
        static final int THRESHOLD = 5;

        @Override
        public String name() {
            return "flagger-style";
        }

        @Override
        public String describe() {
            return "fixed thresholds success >= 99%, p99 <= 500 ms each interval; rollback at " + THRESHOLD + " failed checks";
        }

        @Override
        public Outcome judge(SyntheticTraffic run) {
            int failedChecks = 0;
            for (int round = 1; round <= ROUNDS; round++) {
                int end = roundEnd(round);
                boolean failed = run.canary.successRate(end, TICKS_PER_INTERVAL) < 0.99
                        || run.canary.quantile(0.99, end, TICKS_PER_INTERVAL) > 0.5;
                if (failed && ++failedChecks >= THRESHOLD) {
                    return new Outcome(Outcome.Kind.ROLLBACK, round);
                }
            }
            return new Outcome(Outcome.Kind.PROMOTED, ROUNDS);
        }
    }

    /**
     * Argo Rollouts' AnalysisTemplate as its documentation shows it: {@code successCondition: result[0] >= 0.95} on the
     * success rate, here with a p99 <= 500 ms metric next to it, measured every interval; the analysis fails when a metric
     * failed more than failureLimit (3) times.
     */
    static final class ArgoStyle implements Policy {
        static final int FAILURE_LIMIT = 3;

        @Override
        public String name() {
            return "argo-style";
        }

        @Override
        public String describe() {
            return "successCondition success >= 0.95 (and p99 <= 500 ms) each interval; failureLimit " + FAILURE_LIMIT;
        }

        @Override
        public Outcome judge(SyntheticTraffic run) {
            int rateFailures = 0;
            int latencyFailures = 0;
            for (int round = 1; round <= ROUNDS; round++) {
                int end = roundEnd(round);
                if (run.canary.successRate(end, TICKS_PER_INTERVAL) < 0.95) {
                    rateFailures++;
                }
                if (run.canary.quantile(0.99, end, TICKS_PER_INTERVAL) > 0.5) {
                    latencyFailures++;
                }
                if (rateFailures > FAILURE_LIMIT || latencyFailures > FAILURE_LIMIT) {
                    return new Outcome(Outcome.Kind.ROLLBACK, round);
                }
            }
            return new Outcome(Outcome.Kind.PROMOTED, ROUNDS);
        }
    }
}
