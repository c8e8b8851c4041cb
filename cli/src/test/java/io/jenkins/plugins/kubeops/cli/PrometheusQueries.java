package io.jenkins.plugins.kubeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.kubeops.engine.testing.PrometheusServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Instant queries against the real Prometheus of the metrics ITs. */
final class PrometheusQueries {

    private PrometheusQueries() {
    }

    /** The instant vector of {@code expression}, by cluster label (or by file, when there is none). */
    static Map<String, Double> instant(PrometheusServer prometheus, String expression) {
        try {
            URI uri = prometheus.address().resolve("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = new ObjectMapper().readTree(response.body());
            assertThat(body.path("status").asText()).as(expression + ": " + response.body()).isEqualTo("success");
            Map<String, Double> byCluster = new TreeMap<>();
            List<JsonNode> results = new ArrayList<>();
            body.path("data").path("result").forEach(results::add);
            for (JsonNode result : results) {
                JsonNode metric = result.path("metric");
                String key = metric.has("cluster") ? metric.get("cluster").asText() : metric.path("file").asText(metric.toString());
                byCluster.put(key, Double.parseDouble(result.path("value").get(1).asText()));
            }
            return byCluster;
        } catch (IOException e) {
            throw new AssertionError("querying Prometheus for " + expression, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
