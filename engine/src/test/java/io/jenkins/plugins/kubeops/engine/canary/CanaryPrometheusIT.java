package io.jenkins.plugins.kubeops.engine.canary;

import static io.jenkins.plugins.kubeops.engine.canary.CanaryFixtures.image;
import static io.jenkins.plugins.kubeops.engine.canary.CanaryFixtures.replicas;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.canary.CanaryState.Phase;
import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.PrometheusServer;
import io.jenkins.plugins.kubeops.engine.testing.TestExporter;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Canaries end to end: CanaryService on the real control plane (kwok nodes run the pods), judged by PrometheusCanaryAnalysis
 * against a real Prometheus that scrapes the test exporter. The exporter serves the canary's and the baseline's traffic
 * under the labels Prometheus' Kubernetes discovery would give their pods (namespace, kube_ops_io_canary_of,
 * kube_ops_io_canary_role), so the targets CanaryService computes select them.
 */
@ExtendWith(KubernetesClusterExtension.class)
class CanaryPrometheusIT {

    private static final Duration INTERVAL = Duration.ofSeconds(20);

    @RegisterExtension
    static final TestExporter EXPORTER = TestExporter.start();
    @RegisterExtension
    static final PrometheusServer PROMETHEUS = PrometheusServer.scraping(EXPORTER.target());

    private final List<String> log = new CopyOnWriteArrayList<>();

    private static final String SPEC = """
            baseline: true
            steps:
              - setWeight: 50
              - analysis:
                  # ten samples a round, each a rate over its own 2 s (two scrapes): independent, as the test assumes
                  interval: 20s
                  count: 2
                  # a round short of samples (a loaded machine scrapes late) is inconclusive; one is tolerated
                  inconclusiveLimit: 1
                  metrics:
                    - {name: success-rate, template: success-rate}
                    - {name: latency-p99, template: latency}
              - setWeight: 100
            """;

    private TestExporter.Workload traffic(TestNamespace namespace, String role, double errorRate) {
        return EXPORTER.workload(Map.of("namespace", namespace.name(), "kube_ops_io_canary_of", "web",
                "kube_ops_io_canary_role", role), "web-" + role, 2, 200).errorRate(errorRate);
    }

    private CanaryService service(TestNamespace namespace) {
        PrometheusClient prometheus = new PrometheusClient(PROMETHEUS.address(), Duration.ofSeconds(5),
                PrometheusClient.Auth.none());
        return new CanaryService(namespace.client(), new PrometheusCanaryAnalysis(prometheus, INTERVAL), Clock.systemUTC());
    }

    @Test
    void aHealthyCanaryIsJudgedByPrometheusAndPromoted(TestNamespace namespace) {
        CanaryFixtures.stableWorkload(namespace, 4);
        traffic(namespace, "baseline", 0.002);
        traffic(namespace, "canary", 0.002);

        CanaryService.Report report = service(namespace).start(CanaryFixtures.spec(namespace, SPEC), "test", log::add);

        assertThat(report.state().phase()).as(String.join("\n", log)).isEqualTo(Phase.PROMOTED);
        assertThat(log).anyMatch(line -> line.matches("step 2 of 3: analysis round 2 .*: successful"))
                .anyMatch(line -> line.trim().startsWith("success-rate"));
        assertThat(image(namespace, "web")).isEqualTo("registry.invalid/web:2");
        assertThat(List.of(replicas(namespace, "web-canary"), replicas(namespace, "web-baseline"))).containsOnly(0);
    }

    @Test
    void aCanaryWithRisingErrorsIsRolledBackAndStableServesEverything(TestNamespace namespace) {
        CanaryFixtures.stableWorkload(namespace, 4);
        traffic(namespace, "baseline", 0.002);
        traffic(namespace, "canary", 0.2);

        CanaryService.Report report = service(namespace).start(CanaryFixtures.spec(namespace, SPEC), "test", log::add);

        assertThat(report.state().phase()).as(String.join("\n", log)).isEqualTo(Phase.ABORTED);
        assertThat(report.state().outcome()).hasValueSatisfying(outcome -> assertThat(outcome).contains("analysis failed"));
        // Round 1 fails, or, when it had too few samples to be significant, is inconclusive and round 2 fails: never a
        // success for a canary with 20 % errors.
        assertThat(report.state().results()).anyMatch(result -> result.matches(".*round [12]: failed.*")
                && result.contains("success-rate"));
        assertThat(report.state().results()).noneMatch(result -> result.matches(".*success-rate [^;]* successful.*"));
        assertThat(report.state().weight()).isZero();
        assertThat(image(namespace, "web")).isEqualTo("registry.invalid/web:1");
        assertThat(replicas(namespace, "web")).isEqualTo(4);
    }
}
