package io.jenkins.plugins.kubeops.engine.canary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one gateway to Prometheus: instant and range queries over its HTTP API ({@code /api/v1/query},
 * {@code /api/v1/query_range}), sent as form posts so long queries fit. Every call has a deadline; credentials are
 * {@link Secret}s and appear only in the Authorization header. Failures are {@link PrometheusException}s whose message is one
 * sentence: unreachable, timed out, HTTP status with Prometheus' own error text, or an answer that is not Prometheus'.
 */
public final class PrometheusClient {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_TEXT = 300;

    /** How requests authenticate: nothing, a bearer token, or a user and password (basic). */
    public record Auth(Optional<Secret> bearerToken, Optional<String> user, Optional<Secret> password) {

        public Auth {
            Objects.requireNonNull(bearerToken, "bearerToken");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (bearerToken.isPresent() && user.isPresent()) {
                throw new KubeOpsException("Prometheus credentials: give a bearer token or a user and password, not both.");
            }
            if (user.isPresent() != password.isPresent()) {
                throw new KubeOpsException("Prometheus basic authentication needs both a user and a password.");
            }
        }

        public static Auth none() {
            return new Auth(Optional.empty(), Optional.empty(), Optional.empty());
        }

        public static Auth bearer(Secret token) {
            return new Auth(Optional.of(token), Optional.empty(), Optional.empty());
        }

        public static Auth basic(String user, Secret password) {
            return new Auth(Optional.empty(), Optional.of(user), Optional.of(password));
        }

        Optional<String> header() {
            if (bearerToken.isPresent()) {
                return Optional.of("Bearer " + bearerToken.get().reveal());
            }
            return user.map(name -> "Basic " + Base64.getEncoder().encodeToString((name + ":" + password.get().reveal())
                    .getBytes(StandardCharsets.UTF_8)));
        }
    }

    private final URI address;
    private final Duration timeout;
    private final Auth auth;
    private final HttpClient http;

    /**
     * @param address Prometheus' base URL, e.g. {@code http://prometheus.monitoring:9090} (a path prefix is kept)
     * @param timeout for connecting and for each answer
     */
    public PrometheusClient(URI address, Duration timeout, Auth auth) {
        this.address = checkAddress(address);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public URI address() {
        return address;
    }

    /** The value of {@code promql} at {@code at}: a vector (one sample per series) or a scalar (one series, no labels). */
    public List<PrometheusSeries> query(String promql, Instant at) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", promql);
        form.put("time", seconds(at));
        form.put("timeout", timeout.toMillis() + "ms");
        return parse(promql, post("/api/v1/query", form, promql));
    }

    /** Samples of {@code promql} from {@code start} to {@code end}, one every {@code step}. */
    public List<PrometheusSeries> queryRange(String promql, Instant start, Instant end, Duration step) {
        if (step.isZero() || step.isNegative() || end.isBefore(start)) {
            throw new IllegalArgumentException("range " + start + ".." + end + " step " + step);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", promql);
        form.put("start", seconds(start));
        form.put("end", seconds(end));
        form.put("step", String.format(Locale.ROOT, "%.3f", step.toMillis() / 1000.0)); // float seconds
        form.put("timeout", timeout.toMillis() + "ms");
        return parse(promql, post("/api/v1/query_range", form, promql));
    }

    /** Prometheus' version, from {@code /api/v1/status/buildinfo}: a cheap check of address and credentials. */
    public String version() {
        JsonNode data = send(request("/api/v1/status/buildinfo").GET().build(), "its build info").path("data");
        return data.path("version").asText("unknown");
    }

    private JsonNode post(String path, Map<String, String> form, String promql) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return send(request, "query '" + abbreviate(promql) + "'");
    }

    private HttpRequest.Builder request(String path) {
        String base = address.toString().replaceAll("/+$", "");
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json");
        auth.header().ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    private JsonNode send(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new PrometheusException("Prometheus at " + address + " did not accept a connection within "
                    + seconds(timeout) + "s: check the address and that it is reachable from here.", e);
        } catch (HttpTimeoutException e) {
            throw new PrometheusException("Prometheus at " + address + " did not answer " + what + " within "
                    + seconds(timeout) + "s.", e);
        } catch (ConnectException e) {
            throw new PrometheusException("Prometheus at " + address + " is unreachable (connection refused): is it "
                    + "running, and is the address right?", e);
        } catch (IOException e) {
            throw new PrometheusException("Prometheus at " + address + " could not be asked " + what + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrometheusException("interrupted while asking Prometheus at " + address + " " + what + ".", e);
        }
        JsonNode json = readJson(response.body());
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new PrometheusException("Prometheus at " + address + " refused " + what + " with HTTP "
                    + response.statusCode() + ": check the bearer token or the user and password.");
        }
        if (response.statusCode() / 100 != 2 || json == null || !"success".equals(json.path("status").asText())) {
            String error = json == null ? abbreviate(response.body().strip())
                    : json.path("errorType").asText("error") + ": " + json.path("error").asText("(no error text)");
            throw new PrometheusException("Prometheus at " + address + " answered " + what + " with HTTP "
                    + response.statusCode() + ": " + error);
        }
        return json;
    }

    private static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private List<PrometheusSeries> parse(String promql, JsonNode json) {
        JsonNode data = json.path("data");
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        List<PrometheusSeries> series = new ArrayList<>();
        switch (type) {
            case "vector" -> result.forEach(item -> series.add(new PrometheusSeries(labels(item),
                    List.of(sample(item.path("value"))))));
            case "matrix" -> result.forEach(item -> {
                List<PrometheusSeries.Sample> samples = new ArrayList<>();
                item.path("values").forEach(pair -> samples.add(sample(pair)));
                series.add(new PrometheusSeries(labels(item), samples));
            });
            case "scalar" -> series.add(new PrometheusSeries(Map.of(), List.of(sample(result))));
            default -> throw new PrometheusException("Prometheus at " + address + " answered query '" + abbreviate(promql)
                    + "' with a " + (type.isEmpty() ? "result without type" : type + " result") + ": write a query that "
                    + "gives numbers (a vector or a scalar).");
        }
        return series;
    }

    private static Map<String, String> labels(JsonNode item) {
        Map<String, String> labels = new LinkedHashMap<>();
        item.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static PrometheusSeries.Sample sample(JsonNode pair) {
        double seconds = pair.path(0).asDouble();
        Instant at = Instant.ofEpochMilli(Math.round(seconds * 1000));
        return new PrometheusSeries.Sample(at, number(pair.path(1).asText()));
    }

    /** Prometheus writes sample values as strings, with {@code NaN}, {@code +Inf} and {@code -Inf}. */
    static double number(String text) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    private static String seconds(Instant at) {
        return String.format(Locale.ROOT, "%.3f", at.toEpochMilli() / 1000.0);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0).replaceAll("\\.0$", "");
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT) + "...";
    }

    private static URI checkAddress(URI address) {
        Objects.requireNonNull(address, "address");
        if (address.getUserInfo() != null) {
            throw new KubeOpsException("Prometheus address must not carry a user or password (it would be printed): give "
                    + "them as credentials instead.");
        }
        String scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || address.getHost() == null) {
            throw new KubeOpsException("Prometheus address '" + address + "' is not an http(s) URL: use e.g. "
                    + "http://prometheus.monitoring:9090.");
        }
        return address;
    }
}
