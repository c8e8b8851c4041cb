package io.jenkins.plugins.kubeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.PrometheusServer;
import io.jenkins.plugins.kubeops.engine.testing.TestExporter;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kube-ops canary start --prometheus URL} as a user runs it: the real control plane, a real Prometheus scraping the
 * test exporter, which serves the canary's and the baseline's traffic under the labels Prometheus' Kubernetes discovery
 * would give their pods. A healthy canary runs to promotion and a bad one to rollback, each step printed.
 */
@ExtendWith(KubernetesClusterExtension.class)
class CanaryCliPrometheusIT {

    @RegisterExtension
    static final TestExporter EXPORTER = TestExporter.start();
    @RegisterExtension
    static final PrometheusServer PROMETHEUS = PrometheusServer.scraping(EXPORTER.target());

    @TempDir
    Path home;

    private Path spec() throws Exception {
        return Files.writeString(home.resolve("canary.yaml"), """
                target: {deployment: web}
                images: {web: registry.invalid/web:2}
                baseline: true
                steps:
                  - setWeight: 50
                  - analysis:
                      interval: 20s
                      count: 2
                      # a round short of samples (a loaded machine scrapes late) is inconclusive; one is tolerated
                      inconclusiveLimit: 1
                      metrics:
                        - {name: success-rate, template: success-rate}
                        - {name: latency-p99, template: latency}
                  - setWeight: 100
                """);
    }

    private void stableWebWithTraffic(TestNamespace namespace, double canaryErrorRate) {
        CanaryCliFixtures.stableWeb(namespace, 4);
        traffic(namespace, "baseline", 0.002);
        traffic(namespace, "canary", canaryErrorRate);
    }

    private static void traffic(TestNamespace namespace, String role, double errorRate) {
        EXPORTER.workload(Map.of("namespace", namespace.name(), "kube_ops_io_canary_of", "web", "kube_ops_io_canary_role", role),
                "web-" + role, 2, 200).errorRate(errorRate);
    }

    /** What the user sees, in the build log too (a failed assertion then shows the whole run). */
    private static void show(CliRun run) {
        run.err().lines().forEach(line -> System.err.println("[canary-cli] " + line));
        run.out().lines().forEach(line -> System.err.println("[canary-cli] stdout: " + line));
    }

    private String image(TestNamespace namespace) {
        return namespace.client().apps().deployments().inNamespace(namespace.name()).withName("web").get().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getImage();
    }

    @Test
    void aHealthyCanaryRunsToPromotionPrintingEachStep(TestNamespace namespace) throws Exception {
        stableWebWithTraffic(namespace, 0.002);

        CliRun start = CliRun.run(home, "canary", "start", "-f", spec().toString(), "-n", namespace.name(), "--kubeconfig",
                namespace.cluster().kubeconfig().toString(), "--prometheus", PROMETHEUS.address().toString());
        show(start);

        assertThat(start.exitCode()).as(start.err()).isZero();
        assertThat(start.err()).contains("step 1 of 3: weight 50%").containsPattern("step 2 of 3: analysis round 2 .*: successful")
                .contains("success-rate").contains("latency-p99").contains("step 3 of 3: weight 100%")
                .contains("promoted: " + namespace.name() + "/web runs web=registry.invalid/web:2");
        assertThat(start.out()).contains("promoted at step");
        assertThat(image(namespace)).isEqualTo("registry.invalid/web:2");
    }

    @Test
    void aCanaryWithTwentyPercentErrorsIsRolledBackPrintingWhy(TestNamespace namespace) throws Exception {
        stableWebWithTraffic(namespace, 0.2);

        CliRun start = CliRun.run(home, "canary", "start", "-f", spec().toString(), "-n", namespace.name(), "--kubeconfig",
                namespace.cluster().kubeconfig().toString(), "--prometheus", PROMETHEUS.address().toString());
        show(start);

        assertThat(start.exitCode()).as(start.err()).isEqualTo(1);
        assertThat(start.err()).contains("step 1 of 3: weight 50%").containsPattern("analysis round [12] .*: failed")
                .containsPattern("success-rate: [0-9.]+ vs [0-9.]+ — failed \\(over the interval canary vs baseline")
                .contains("analysis failed").doesNotContain("step 3 of 3");
        assertThat(image(namespace)).isEqualTo("registry.invalid/web:1");
    }
}
