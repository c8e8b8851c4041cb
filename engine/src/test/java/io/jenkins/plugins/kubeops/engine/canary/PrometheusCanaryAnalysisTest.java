package io.jenkins.plugins.kubeops.engine.canary;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.kubeops.engine.common.LoopbackPorts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The queries a round sends, against a stand-in HTTP server on loopback that answers every range query with ten samples
 * (the judging itself is tested against a real Prometheus in {@code PrometheusCanaryAnalysisIT}).
 */
class PrometheusCanaryAnalysisTest {

    private final List<String> forms = new CopyOnWriteArrayList<>();
    private HttpServer server;
    /** The baseline's range answers miss their third sample, as a series with a gap does. */
    private volatile boolean baselineHasAGap;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private PrometheusClient client() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", LoopbackPorts.next()), 4);
        server.createContext("/", exchange -> {
            forms.add(URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    StandardCharsets.UTF_8));
            StringBuilder values = new StringBuilder();
            boolean baseline = forms.get(forms.size() - 1).contains("baseline");
            for (int i = 0; i < 10; i++) {
                if (baselineHasAGap && baseline && i == 2) {
                    continue;
                }
                values.append(values.length() == 0 ? "" : ",").append("[").append(1765108806 + 6 * i).append(",\"0.99").append(i)
                        .append("\"]");
            }
            boolean range = forms.get(forms.size() - 1).contains("start=");
            byte[] body = (range ? "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},"
                    + "\"values\":[" + values + "]}]}}" : "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
                    + "\"result\":[{\"metric\":{},\"value\":[1765108860,\"0.995\"]}]}}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new PrometheusClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5),
                PrometheusClient.Auth.none());
    }

    @Test
    void aComparisonTakesTenSamplesPerIntervalEachARateOverItsOwnStep() throws IOException {
        AnalysisTargets targets = new AnalysisTargets("shop", Map.of("kube-ops.io/canary-role", "canary"),
                Map.of("kube-ops.io/canary-role", "baseline"), Map.of("app", "web"));
        Instant now = Instant.ofEpochSecond(1765108860);
        AnalysisRound round = new PrometheusCanaryAnalysis(client(), Duration.ofMinutes(5)).measure(
                List.of(new MetricSpec("success-rate", Map.of("template", "success-rate"))), targets, now,
                Duration.ofMinutes(1));
        assertThat(forms).hasSize(4);
        assertThat(forms.get(0)).contains("kube_ops_io_canary_role=\"canary\"").contains("[6s]")
                .contains("start=1765108806.000&end=1765108860.000&step=6.000");
        assertThat(forms.get(1)).contains("kube_ops_io_canary_role=\"baseline\"").contains("[6s]");
        assertThat(round.metrics()).singleElement().satisfies(result -> {
            assertThat(result.verdict()).isEqualTo(Verdict.SUCCESSFUL);
            assertThat(result.reason()).startsWith("over the interval canary vs baseline").endsWith("10 pairs");
        });
    }

    @Test
    void samplesAreComparedAsWholesWhenTheSeriesDoNotShareTheirInstants() throws IOException {
        AnalysisTargets targets = new AnalysisTargets("shop", Map.of("kube-ops.io/canary-role", "canary"),
                Map.of("kube-ops.io/canary-role", "baseline"), Map.of("app", "web"));
        baselineHasAGap = true;
        AnalysisRound round = new PrometheusCanaryAnalysis(client(), Duration.ofMinutes(5)).measure(
                List.of(new MetricSpec("success-rate", Map.of("template", "success-rate"))), targets,
                Instant.ofEpochSecond(1765108860), Duration.ofMinutes(1));
        assertThat(round.metrics()).singleElement().satisfies(result -> assertThat(result.reason()).endsWith("n=10/9"));
    }

    @Test
    void theSizeOfADifferenceIsReadOverTheWholeInterval() throws IOException {
        AnalysisTargets targets = new AnalysisTargets("shop", Map.of("kube-ops.io/canary-role", "canary"),
                Map.of("kube-ops.io/canary-role", "baseline"), Map.of("app", "web"));
        AnalysisRound round = new PrometheusCanaryAnalysis(client(), Duration.ofMinutes(1)).measure(
                List.of(new MetricSpec("latency", Map.of("template", "latency"))), targets, Instant.ofEpochSecond(1765108860));
        assertThat(forms).hasSize(4);
        assertThat(forms.get(2)).contains("kube_ops_io_canary_role=\"canary\"").contains("[60s]").doesNotContain("start=")
                .contains("time=1765108860.000");
        assertThat(forms.get(3)).contains("kube_ops_io_canary_role=\"baseline\"").contains("[60s]");
        assertThat(round.metrics()).singleElement().satisfies(result -> assertThat(result.canaryValue()).hasValue(0.995));
    }

    @Test
    void samplesWhoseWindowsOverlapAreThinnedToIndependentOnesAndTheReasonSaysSo() throws IOException {
        AnalysisTargets targets = new AnalysisTargets("shop", Map.of("kube-ops.io/canary-role", "canary"),
                Map.of("kube-ops.io/canary-role", "baseline"), Map.of("app", "web"));
        // 18-second windows every 6 seconds: of ten samples only every third is independent, four are fewer than five.
        AnalysisRound round = new PrometheusCanaryAnalysis(client(), Duration.ofMinutes(1)).measure(
                List.of(new MetricSpec("success-rate", Map.of("template", "success-rate", "window", "18s"))), targets,
                Instant.ofEpochSecond(1765108860));
        assertThat(forms.get(0)).contains("[18s]").contains("step=6.000");
        assertThat(round.metrics()).singleElement().satisfies(result -> {
            assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(result.reason()).contains("canary 4, baseline 4").contains("only samples 18s apart compared: rate "
                    + "windows of 18s every 6s share requests; make the window no longer than step");
        });
    }
}
