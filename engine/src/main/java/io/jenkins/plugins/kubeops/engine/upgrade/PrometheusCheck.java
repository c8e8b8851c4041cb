package io.jenkins.plugins.kubeops.engine.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The optional Prometheus gate: an instant query ({@code /api/v1/query}) that must return no series, e.g.
 * {@code ALERTS{alertstate="firing",severity="critical"}} (kured's "no firing alerts").
 */
final class PrometheusCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Duration timeout;
    private final HttpClient http;

    PrometheusCheck(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Why the query does not pass (series returned, or the server could not be asked); empty when it returned nothing. */
    Optional<String> problem(HealthGateSettings.PrometheusQuery query) {
        URI uri = URI.create(query.server().toString().replaceAll("/+$", "") + "/api/v1/query?query="
                + URLEncoder.encode(query.query(), StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.of("query '" + query.query() + "' answered HTTP " + response.statusCode());
            }
            JsonNode result = JSON.readTree(response.body()).path("data").path("result");
            if (!result.isArray()) {
                return Optional.of("query '" + query.query() + "' returned no result list");
            }
            if (result.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of("query '" + query.query() + "' returned " + result.size() + " series, e.g. "
                    + result.get(0).path("metric"));
        } catch (IOException e) {
            return Optional.of("cannot reach " + query.server() + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while asking " + query.server());
        }
    }
}
