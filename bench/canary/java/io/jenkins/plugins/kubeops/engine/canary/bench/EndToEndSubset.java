package io.jenkins.plugins.kubeops.engine.canary.bench;

import io.jenkins.plugins.kubeops.engine.canary.AnalysisPolicy;
import io.jenkins.plugins.kubeops.engine.canary.AnalysisRound;
import io.jenkins.plugins.kubeops.engine.canary.AnalysisStatus;
import io.jenkins.plugins.kubeops.engine.canary.AnalysisTargets;
import io.jenkins.plugins.kubeops.engine.canary.AnalysisVerdicts;
import io.jenkins.plugins.kubeops.engine.canary.MetricSpec;
import io.jenkins.plugins.kubeops.engine.canary.PrometheusCanaryAnalysis;
import io.jenkins.plugins.kubeops.engine.canary.PrometheusClient;
import io.jenkins.plugins.kubeops.engine.testing.PrometheusServer;
import io.jenkins.plugins.kubeops.engine.testing.TestExporter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A subset of the benchmark's labelled runs end to end: the test exporter serves canary and baseline traffic, a real
 * Prometheus (Debian's) scrapes it every second, and PrometheusCanaryAnalysis judges with the built-in templates' defaults
 * on a compressed clock (20 s intervals: ten 2 s samples each, at 90 requests per second so that a sample holds as many
 * requests as a synthetic run's 6 s sample). Three runs side by side: healthy, errors +5% from the start,
 * errors +5% from halfway. Prints each run's outcome and detection latency next to what the synthetic benchmark expects
 * (healthy promoted; the others rolled back one interval after the onset).
 */
public final class EndToEndSubset {

    private static final Duration INTERVAL = Duration.ofSeconds(20);
    private static final int ROUNDS = 6;
    /** 180 requests per 2 s sample, as many as the synthetic runs' 6 s samples at 30 requests per second hold. */
    private static final int REQUESTS_PER_SECOND = 90;

    private record Run(String name, double extraErrors, int onsetRound, TestExporter.Workload canary, AnalysisTargets targets,
                       List<AnalysisRound> rounds) {
    }

    public static void main(String[] args) throws Exception {
        TestExporter exporter = TestExporter.start();
        PrometheusServer prometheus = PrometheusServer.scraping(exporter.target());
        prometheus.beforeAll(null);
        try {
            run(exporter, prometheus);
        } finally {
            prometheus.afterAll(null);
            exporter.close();
        }
    }

    private static void run(TestExporter exporter, PrometheusServer prometheus) throws InterruptedException {
        List<MetricSpec> metrics = MetricSpec.parseList("metrics", List.of(
                Map.of("name", "success-rate", "template", "success-rate"),
                Map.of("name", "latency-p99", "template", "latency")));
        List<Run> runs = new ArrayList<>();
        for (Object[] scenario : new Object[][] {{"healthy", 0.0, 0}, {"errors +5%", 0.05, 0},
            {"errors +5% halfway", 0.05, ROUNDS / 2}}) {
            String app = "e2e-" + runs.size();
            exporter.workload(Map.of("app", app, "track", "baseline"), app + "-baseline", 1, REQUESTS_PER_SECOND)
                    .errorRate(0.003);
            TestExporter.Workload canary = exporter.workload(Map.of("app", app, "track", "canary"), app + "-canary", 1,
                    REQUESTS_PER_SECOND).errorRate(0.003);
            AnalysisTargets targets = new AnalysisTargets("", Map.of("app", app, "track", "canary"),
                    Map.of("app", app, "track", "baseline"), Map.of("app", app));
            runs.add(new Run((String) scenario[0], (double) scenario[1], (int) scenario[2], canary, targets,
                    new ArrayList<>()));
        }
        PrometheusClient client = new PrometheusClient(prometheus.address(), Duration.ofSeconds(5),
                PrometheusClient.Auth.none());
        PrometheusCanaryAnalysis analysis = new PrometheusCanaryAnalysis(client, INTERVAL);
        AnalysisPolicy policy = AnalysisPolicy.of(INTERVAL, ROUNDS);
        System.out.println("End to end through Prometheus " + client.version() + " (scrape 1 s), interval " + INTERVAL.toSeconds()
                + " s, " + ROUNDS + " rounds; waiting one interval for data");
        Instant next = Instant.now().plus(INTERVAL).plusSeconds(2);
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (int round = 1; round <= ROUNDS && outcomes.size() < runs.size(); round++) {
            for (Run run : runs) {
                if (run.extraErrors() > 0 && run.onsetRound() == round - 1) {
                    run.canary().errorRate(0.003 + run.extraErrors());
                }
            }
            long wait = Duration.between(Instant.now(), next).toMillis();
            if (wait > 0) {
                Thread.sleep(wait); // the analysis clock itself: a round is due every interval
            }
            Instant now = Instant.now();
            for (Run run : runs) {
                if (outcomes.containsKey(run.name())) {
                    continue;
                }
                run.rounds().add(analysis.measure(metrics, run.targets(), now));
                AnalysisStatus status = AnalysisVerdicts.assess(policy, run.rounds());
                System.out.printf("  %-20s round %d: %s%n", run.name(), round, run.rounds().get(run.rounds().size() - 1)
                        .describe().replaceAll("\\(medians canary vs baseline, [a-z-]+; ", "("));
                if (status.finished()) {
                    String outcome = status.rollback() ? "rolled back at round " + round
                            + (run.extraErrors() > 0 ? " (detection latency " + (round - run.onsetRound()) + " interval(s))"
                                    : " (FALSE rollback)")
                            : status.outcome().get() + " after " + round + " rounds";
                    outcomes.put(run.name(), outcome);
                }
            }
            next = next.plus(INTERVAL);
        }
        System.out.println();
        for (Run run : runs) {
            String expected = run.extraErrors() > 0 ? "rollback 1 interval after the onset (round " + (run.onsetRound() + 1)
                    + ")" : "SUCCESSFUL";
            System.out.printf("  %-20s %s; synthetic benchmark expects %s%n", run.name(),
                    outcomes.getOrDefault(run.name(), "undecided"), expected);
        }
    }
}
