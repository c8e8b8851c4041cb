package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The request shape of the Prometheus gate and how it reads answers, against a stand-in HTTP server on loopback. */
class PrometheusCheckTest {

    private HttpServer server;
    private final AtomicReference<String> answer = new AtomicReference<>();
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private final List<String> queries = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/prom/api/v1/query", exchange -> {
            queries.add(exchange.getRequestURI().getRawQuery());
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    HealthGateSettings.PrometheusQuery query() {
        return new HealthGateSettings.PrometheusQuery(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prom/"),
                "ALERTS{alertstate=\"firing\"}");
    }

    @Test
    void anEmptyResultPassesAndTheQueryIsSentEncoded() {
        answer.set("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        assertThat(new PrometheusCheck(Duration.ofSeconds(5)).problem(query())).isEmpty();
        assertThat(queries).containsExactly("query=ALERTS%7Balertstate%3D%22firing%22%7D");
    }

    @Test
    void seriesAnErrorStatusOrNoServerAreProblemsNamingTheQuery() {
        answer.set("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"alertname\":"
                + "\"KubeNodeNotReady\"},\"value\":[1,\"1\"]}]}}");
        assertThat(new PrometheusCheck(Duration.ofSeconds(5)).problem(query())).get().asString()
                .contains("returned 1 series", "KubeNodeNotReady");
        status.set(503);
        assertThat(new PrometheusCheck(Duration.ofSeconds(5)).problem(query())).get().asString().contains("answered HTTP 503");
        server.stop(0);
        assertThat(new PrometheusCheck(Duration.ofSeconds(2)).problem(query())).get().asString().contains("cannot reach");
    }
}
