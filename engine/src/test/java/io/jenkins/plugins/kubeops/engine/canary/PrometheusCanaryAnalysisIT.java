package io.jenkins.plugins.kubeops.engine.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.testing.PrometheusServer;
import io.jenkins.plugins.kubeops.engine.testing.TestExporter;
import io.jenkins.plugins.kubeops.engine.testing.Waits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The analysis end to end on a real Prometheus scraping the test exporter: every test has its own canary and baseline
 * workloads (an {@code app} label of its own) serving 200 requests per second each, and takes a round every 20 seconds.
 */
class PrometheusCanaryAnalysisIT {

    private static final Duration INTERVAL = Duration.ofSeconds(20);

    @RegisterExtension
    static final TestExporter EXPORTER = TestExporter.start();
    @RegisterExtension
    static final PrometheusServer PROMETHEUS = PrometheusServer.scraping(EXPORTER.target());

    /**
     * Comparisons of success rate and p99 latency with the templates' defaults (ten samples per round, each a rate over its
     * own 2 seconds, two scrapes), and a 95% success-rate floor.
     */
    private static final List<MetricSpec> METRICS = MetricSpec.parseList("analysis.metrics", List.of(
            map("name", "success-rate", "template", "success-rate"),
            map("name", "latency-p99", "template", "latency"),
            map("name", "success-floor", "template", "success-rate", "window", "3s", "min", 0.95)));

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private record Canary(TestExporter.Workload canary, TestExporter.Workload baseline, AnalysisTargets targets) {
    }

    /** Canary and baseline of app {@code app}, 0.2% errors and 50 ms median latency, with data for one interval. */
    private static Canary canary(String app, double canaryRequestsPerSecond) {
        TestExporter.Workload baseline = EXPORTER.workload(Map.of("namespace", "shop", "app", app, "version", "v1",
                "track", "baseline"), app + "-baseline", 1, 200).errorRate(0.002);
        TestExporter.Workload canary = EXPORTER.workload(Map.of("namespace", "shop", "app", app, "version", "v2",
                "track", "canary"), app + "-canary", 1, canaryRequestsPerSecond).errorRate(0.002);
        AnalysisTargets targets = new AnalysisTargets("shop", Map.of("app", app, "track", "canary"),
                Map.of("app", app, "track", "baseline"), Map.of("app", app, "track", "stable"));
        PrometheusClient client = client();
        String scrapes = "count_over_time(http_requests_total{app=\"" + app + "\",track=\"baseline\",code=\"200\"}["
                + (INTERVAL.toSeconds() + 3) + "s])";
        Waits.until(Instant.now().plusSeconds(60), "the " + app + " baseline scraped for one interval and a window", () ->
                client.query(scrapes, Instant.now()).stream().anyMatch(s -> s.values()[0] >= INTERVAL.toSeconds() + 2));
        return new Canary(canary, baseline, targets);
    }

    private static PrometheusClient client() {
        return new PrometheusClient(PROMETHEUS.address(), Duration.ofSeconds(5), PrometheusClient.Auth.none());
    }

    /** Takes a round every interval until the analysis finishes or {@code maxRounds} are taken; before round n calls hook. */
    private static List<AnalysisRound> analyse(AnalysisTargets targets, AnalysisPolicy policy, int maxRounds,
                                               IntConsumer beforeRound) {
        PrometheusCanaryAnalysis analysis = new PrometheusCanaryAnalysis(client(), policy.interval());
        List<AnalysisRound> rounds = new ArrayList<>();
        Instant next = Instant.now();
        for (int n = 1; n <= maxRounds; n++) {
            Instant due = next;
            Waits.until(due.plusSeconds(5), "round " + n + " at " + due, () -> !Instant.now().isBefore(due));
            AnalysisRound round = analysis.measure(METRICS, targets, Instant.now());
            rounds.add(round);
            AnalysisStatus status = AnalysisVerdicts.assess(policy, rounds);
            System.out.println("[canary-it] round " + n + ": " + round.describe() + " => " + status.describe());
            if (status.finished()) {
                break;
            }
            beforeRound.accept(n + 1);
            next = due.plus(policy.interval());
        }
        return rounds;
    }

    @Test
    void aHealthyCanaryIsSuccessful() {
        Canary canary = canary("healthy", 200);
        AnalysisPolicy policy = AnalysisPolicy.of(INTERVAL, 3);
        List<AnalysisRound> rounds = analyse(canary.targets(), policy, 3, n -> { });
        assertThat(rounds).hasSize(3).allSatisfy(round -> assertThat(round.verdict()).isEqualTo(Verdict.SUCCESSFUL));
        assertThat(rounds.get(0).metrics()).extracting(MetricResult::metric)
                .containsExactly("success-rate", "latency-p99", "success-floor");
        assertThat(rounds.get(0).metrics().get(0).canaryValue().getAsDouble()).isGreaterThan(0.98);
        assertThat(rounds.get(0).metrics().get(1).baselineValue().getAsDouble()).isBetween(0.05, 0.25);
        assertThat(AnalysisVerdicts.assess(policy, rounds).outcome()).hasValue(Verdict.SUCCESSFUL);
    }

    @Test
    void anErrorRateRisingMidAnalysisFailsWithinOneInterval() {
        Canary canary = canary("rising", 200);
        AnalysisPolicy policy = AnalysisPolicy.of(INTERVAL, 6);
        List<AnalysisRound> rounds = analyse(canary.targets(), policy, 6, n -> {
            if (n == 3) {
                canary.canary().errorRate(0.2);
            }
        });
        assertThat(rounds).hasSize(3);
        assertThat(rounds.get(0).verdict()).isEqualTo(Verdict.SUCCESSFUL);
        assertThat(rounds.get(1).verdict()).isEqualTo(Verdict.SUCCESSFUL);
        AnalysisRound third = rounds.get(2);
        assertThat(third.metrics().get(0).verdict()).isEqualTo(Verdict.FAILED);
        assertThat(third.metrics().get(0).canaryValue().getAsDouble()).isBetween(0.7, 0.9);
        assertThat(third.metrics().get(2).verdict()).isEqualTo(Verdict.FAILED);
        AnalysisStatus status = AnalysisVerdicts.assess(policy, rounds);
        assertThat(status.outcome()).hasValue(Verdict.FAILED);
        assertThat(status.rollback()).isTrue();
        assertThat(status.reason()).startsWith("success-rate failed 1 time(s), more than failureLimit 0 (round 3: ");
    }

    @Test
    void aCanaryWhoseSeriesAreMissingErrorsAndFailsAfterTheErrorLimit() {
        Canary canary = canary("missing", 200);
        AnalysisTargets misnamed = new AnalysisTargets("shop", Map.of("app", "missing", "track", "canary-typo"),
                canary.targets().baseline(), canary.targets().stable());
        PrometheusCanaryAnalysis analysis = new PrometheusCanaryAnalysis(client(), INTERVAL);
        AnalysisPolicy policy = new AnalysisPolicy(INTERVAL, 5, 0, 1, 0);
        List<AnalysisRound> rounds = new ArrayList<>();
        rounds.add(analysis.measure(METRICS, misnamed, Instant.now()));
        assertThat(rounds.get(0).metrics()).allSatisfy(result -> {
            assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
            assertThat(result.reason()).startsWith("no data for the canary: query '").contains("track=\"canary-typo\"")
                    .endsWith("matched no series (is the workload scraped, do its labels match, and does each rate window "
                            + "hold two scrapes?)");
        });
        assertThat(AnalysisVerdicts.assess(policy, rounds).finished()).isFalse();
        rounds.add(analysis.measure(METRICS, misnamed, Instant.now()));
        AnalysisStatus status = AnalysisVerdicts.assess(policy, rounds);
        assertThat(status.outcome()).hasValue(Verdict.FAILED);
        assertThat(status.reason()).startsWith("success-rate could not be measured 2 times in a row, more than "
                + "consecutiveErrorLimit 1 (no data for the canary");
    }

    @Test
    void aCanaryWithoutTrafficIsInconclusive() {
        Canary canary = canary("idle", 0);
        AnalysisRound round = new PrometheusCanaryAnalysis(client(), INTERVAL).measure(METRICS, canary.targets(),
                Instant.now());
        assertThat(round.metrics()).allSatisfy(result -> assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE));
        assertThat(round.metrics().get(0).reason()).startsWith("too few samples to compare: canary 0, baseline ");
        assertThat(round.metrics().get(2).reason()).contains("no traffic");
        AnalysisStatus status = AnalysisVerdicts.assess(AnalysisPolicy.of(INTERVAL, 3), List.of(round));
        assertThat(status.outcome()).hasValue(Verdict.INCONCLUSIVE);
        assertThat(status.rollback()).isFalse();
    }

    @Test
    void prometheusDownIsAnErrorAndFailsAfterTheConsecutiveErrorLimit() throws Exception {
        Canary canary = canary("down", 200);
        PrometheusCanaryAnalysis analysis = new PrometheusCanaryAnalysis(client(), INTERVAL);
        AnalysisPolicy policy = new AnalysisPolicy(INTERVAL, 10, 0, 2, 0);
        List<AnalysisRound> rounds = new ArrayList<>(List.of(analysis.measure(METRICS, canary.targets(), Instant.now())));
        assertThat(rounds.get(0).verdict()).isEqualTo(Verdict.SUCCESSFUL);
        PROMETHEUS.stop();
        try {
            for (int n = 0; n < 3; n++) {
                AnalysisRound round = analysis.measure(METRICS, canary.targets(), Instant.now());
                assertThat(round.metrics()).allSatisfy(result -> {
                    assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
                    assertThat(result.reason()).isEqualTo("Prometheus at " + PROMETHEUS.address() + " is unreachable "
                            + "(connection refused): is it running, and is the address right?");
                });
                rounds.add(round);
                AnalysisStatus status = AnalysisVerdicts.assess(policy, rounds);
                assertThat(status.finished()).as("after %d errors", n + 1).isEqualTo(n == 2);
            }
            AnalysisStatus status = AnalysisVerdicts.assess(policy, rounds);
            assertThat(status.outcome()).hasValue(Verdict.FAILED);
            assertThat(status.reason()).contains("could not be measured 3 times in a row, more than consecutiveErrorLimit 2");
        } finally {
            PROMETHEUS.start();
        }
    }
}
