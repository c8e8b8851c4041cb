package io.jenkins.plugins.kubeops.engine.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.testing.PrometheusServer;
import io.jenkins.plugins.kubeops.engine.testing.TestExporter;
import io.jenkins.plugins.kubeops.engine.testing.Waits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client against a real Prometheus scraping the test exporter. */
class PrometheusClientIT {

    @RegisterExtension
    static final TestExporter EXPORTER = TestExporter.start();
    @RegisterExtension
    static final PrometheusServer PROMETHEUS = PrometheusServer.scraping(EXPORTER.target());

    private static PrometheusClient client;

    @BeforeAll
    static void traffic() {
        EXPORTER.workload(Map.of("app", "web", "version", "v1"), "web-v1", 2, 100).errorRate(0.1);
        client = new PrometheusClient(PROMETHEUS.address(), Duration.ofSeconds(5), PrometheusClient.Auth.none());
        String scrapes = "count_over_time(http_requests_total{pod=\"web-v1-0\",code=\"200\"}[10s])";
        Waits.until(Instant.now().plusSeconds(60), "six scrapes of the exporter", () ->
                client.query(scrapes, Instant.now()).stream().anyMatch(s -> s.values()[0] >= 6));
    }

    @Test
    void instantQueriesReturnOneSamplePerSeries() {
        List<PrometheusSeries> series = client.query("sum by (code) (rate(http_requests_total{app=\"web\"}[3s]))",
                Instant.now());
        assertThat(series).extracting(s -> s.labels().get("code")).containsExactlyInAnyOrder("200", "500");
        double total = series.stream().mapToDouble(s -> s.values()[0]).sum();
        assertThat(total).isBetween(50.0, 150.0); // 100 requests per second, sampled over a few scrapes
        assertThat(client.query("scalar(vector(42))", Instant.now())).singleElement()
                .satisfies(s -> assertThat(s.values()).containsExactly(42.0));
    }

    @Test
    void rangeQueriesReturnOneSamplePerStep() {
        Instant end = Instant.now();
        List<PrometheusSeries> series = client.queryRange("sum(http_requests_total{app=\"web\"})", end.minusSeconds(4), end,
                Duration.ofSeconds(1));
        assertThat(series).singleElement().satisfies(s -> {
            assertThat(s.samples()).hasSize(5);
            assertThat(s.samples().get(4).at()).isEqualTo(Instant.ofEpochMilli(end.toEpochMilli()));
            assertThat(s.values()[4]).isGreaterThanOrEqualTo(s.values()[0]);
        });
    }

    @Test
    void aQueryPrometheusCannotParseIsReportedWithItsError() {
        assertThatThrownBy(() -> client.query("sum(rate(http_requests_total[1m])", Instant.now()))
                .isInstanceOf(PrometheusException.class)
                .hasMessageStartingWith("Prometheus at " + PROMETHEUS.address() + " answered query "
                        + "'sum(rate(http_requests_total[1m])' with HTTP 400: bad_data: ")
                .hasMessageContaining("parse error");
    }

    @Test
    void aStringResultIsRejected() {
        assertThatThrownBy(() -> client.query("\"text\"", Instant.now())).hasMessageContaining("with a string result");
    }

    @Test
    void versionIsReadFromBuildInfo() {
        assertThat(client.version()).startsWith("2.");
    }
}
