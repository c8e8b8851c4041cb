package io.jenkins.plugins.kubeops.engine.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.LoopbackPorts;
import io.jenkins.plugins.kubeops.engine.common.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Request shapes and error sentences against a stand-in HTTP server on loopback; the queries themselves are tested against a
 * real Prometheus in {@code PrometheusClientIT}.
 */
class PrometheusClientTest {

    private final AtomicReference<String> authorization = new AtomicReference<>();
    private final AtomicReference<String> requestBody = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private URI serve(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", LoopbackPorts.next()), 4);
        server.createContext("/", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            requestBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (body == null) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] bytes = (body == null ? "" : body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prom/");
    }

    private static final String VECTOR = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
            + "{\"metric\":{\"version\":\"v2\"},\"value\":[1765108800.5,\"0.25\"]},"
            + "{\"metric\":{\"version\":\"v1\"},\"value\":[1765108800.5,\"NaN\"]}]}}";

    @Test
    void bearerTokenIsSentAsAuthorizationHeaderAndTheQueryAsForm() throws IOException {
        PrometheusClient client = new PrometheusClient(serve(200, VECTOR), Duration.ofSeconds(5),
                PrometheusClient.Auth.bearer(Secret.of("t0ken")));
        List<PrometheusSeries> series = client.query("sum(up{job=\"x\"})", Instant.ofEpochSecond(1765108800));
        assertThat(authorization.get()).isEqualTo("Bearer t0ken");
        assertThat(requestBody.get()).isEqualTo("query=sum%28up%7Bjob%3D%22x%22%7D%29&time=1765108800.000&timeout=5000ms");
        assertThat(series).hasSize(2);
        assertThat(series.get(0).labels()).containsEntry("version", "v2");
        assertThat(series.get(0).samples().get(0).at()).isEqualTo(Instant.ofEpochMilli(1765108800500L));
        assertThat(series.get(0).values()).containsExactly(0.25);
        assertThat(series.get(1).values()[0]).isNaN();
    }

    @Test
    void basicAuthenticationEncodesUserAndPasswordAndNeverPrintsThem() throws IOException {
        PrometheusClient.Auth auth = PrometheusClient.Auth.basic("alice", Secret.of("s3cret"));
        new PrometheusClient(serve(200, VECTOR), Duration.ofSeconds(5), auth).query("up", Instant.EPOCH);
        assertThat(authorization.get()).isEqualTo("Basic YWxpY2U6czNjcmV0");
        assertThat(auth.toString()).doesNotContain("s3cret");
        assertThat(PrometheusClient.Auth.bearer(Secret.of("t0ken")).toString()).doesNotContain("t0ken");
    }

    @Test
    void httpErrorsCarryPrometheusErrorText() throws IOException {
        PrometheusClient client = new PrometheusClient(serve(422, "{\"status\":\"error\",\"errorType\":\"execution\","
                + "\"error\":\"query processing would load too many samples\"}"), Duration.ofSeconds(5),
                PrometheusClient.Auth.none());
        assertThatThrownBy(() -> client.query("x", Instant.EPOCH)).isInstanceOf(PrometheusException.class)
                .hasMessageEndingWith("answered query 'x' with HTTP 422: execution: query processing would load too many "
                        + "samples");
    }

    @Test
    void refusedCredentialsNameTheFix() throws IOException {
        PrometheusClient client = new PrometheusClient(serve(401, "Unauthorized"), Duration.ofSeconds(5),
                PrometheusClient.Auth.bearer(Secret.of("wrong")));
        assertThatThrownBy(() -> client.query("x", Instant.EPOCH))
                .hasMessageEndingWith("refused query 'x' with HTTP 401: check the bearer token or the user and password.")
                .hasMessageNotContaining("wrong");
    }

    @Test
    void anAnswerThatIsNotPrometheusIsReportedWithItsStatus() throws IOException {
        PrometheusClient client = new PrometheusClient(serve(502, "<html>Bad Gateway</html>"), Duration.ofSeconds(5),
                PrometheusClient.Auth.none());
        assertThatThrownBy(() -> client.query("x", Instant.EPOCH)).hasMessageEndingWith("with HTTP 502: <html>Bad Gateway</html>");
    }

    @Test
    void aServerThatDoesNotAnswerTimesOut() throws IOException {
        PrometheusClient client = new PrometheusClient(serve(200, null), Duration.ofMillis(500), PrometheusClient.Auth.none());
        assertThatThrownBy(() -> client.query("x", Instant.EPOCH))
                .hasMessageEndingWith("did not answer query 'x' within 0.5s.");
    }

    @Test
    void nothingListeningIsUnreachable() {
        URI nowhere = URI.create("http://127.0.0.1:" + LoopbackPorts.next());
        PrometheusClient client = new PrometheusClient(nowhere, Duration.ofSeconds(2), PrometheusClient.Auth.none());
        assertThatThrownBy(() -> client.queryRange("x", Instant.EPOCH, Instant.EPOCH.plusSeconds(60), Duration.ofSeconds(10)))
                .hasMessage("Prometheus at " + nowhere + " is unreachable (connection refused): is it running, and is the "
                        + "address right?");
    }

    @Test
    void addressesAndCredentialsAreChecked() {
        assertThatThrownBy(() -> new PrometheusClient(URI.create("prometheus:9090"), Duration.ofSeconds(1),
                PrometheusClient.Auth.none())).isInstanceOf(KubeOpsException.class).hasMessageContaining("not an http(s) URL");
        assertThatThrownBy(() -> new PrometheusClient(URI.create("http://bob:pw@prometheus:9090"), Duration.ofSeconds(1),
                PrometheusClient.Auth.none())).hasMessageNotContaining("pw").hasMessageContaining("must not carry a user");
        assertThatThrownBy(() -> new PrometheusClient.Auth(java.util.Optional.of(Secret.of("t")),
                java.util.Optional.of("u"), java.util.Optional.of(Secret.of("p")))).hasMessageContaining("not both");
        assertThat(PrometheusClient.number("+Inf")).isInfinite();
        assertThat(PrometheusClient.number("-Inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(PrometheusClient.number("1e-3")).isEqualTo(0.001);
    }
}
