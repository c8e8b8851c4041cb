package io.jenkins.plugins.kubeops.engine.testing;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.kubeops.engine.common.LoopbackPorts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A tiny Prometheus exporter on 127.0.0.1 that simulates HTTP traffic the test drives: per workload (labels such as
 * {@code app}, {@code version}, {@code namespace}) and pod, a request counter {@code http_requests_total{code}} and a latency
 * histogram {@code http_request_duration_seconds}. Requests are generated when scraped, for the time since the last scrape,
 * at the workload's current rate, error rate and latency (log-normal around the median), from a seeded Random. Started on
 * creation so its port is known before Prometheus' configuration is written:
 * {@code @RegisterExtension static TestExporter exporter = TestExporter.start();}
 */
public final class TestExporter implements AfterAllCallback, AutoCloseable {

    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final double LATENCY_SIGMA = 0.35;

    private final HttpServer server;
    private final Random random = new Random(20261207);
    private final List<Workload> workloads = new ArrayList<>();
    private long lastNanos = System.nanoTime();

    private TestExporter(HttpServer server) {
        this.server = server;
    }

    public static TestExporter start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", LoopbackPorts.next()), 16);
            TestExporter exporter = new TestExporter(server);
            server.createContext("/metrics", exchange -> {
                byte[] body = exporter.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return exporter;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** host:port for a scrape configuration. */
    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * A workload whose pods are named {@code podPrefix-0..pods-1}, serving {@code requestsPerSecond} in all, with no
     * errors and a 50 ms median latency until changed.
     */
    public synchronized Workload workload(Map<String, String> labels, String podPrefix, int pods, double requestsPerSecond) {
        Workload workload = new Workload(new TreeMap<>(labels), podPrefix, pods, requestsPerSecond);
        workloads.add(workload);
        return workload;
    }

    /** One simulated workload; setters take effect for the requests after the call. */
    public final class Workload {
        private final Map<String, String> labels;
        private final String podPrefix;
        private final int pods;
        private final long[][] requests; // [pod][0 ok, 1 error]
        private final long[][] buckets; // [pod][bucket], cumulative counts per le, last is +Inf
        private final double[] latencySums;
        private double requestsPerSecond;
        private double errorRate;
        private double medianSeconds = 0.05;
        private double pending;

        private Workload(Map<String, String> labels, String podPrefix, int pods, double requestsPerSecond) {
            this.labels = labels;
            this.podPrefix = podPrefix;
            this.pods = pods;
            this.requests = new long[pods][2];
            this.buckets = new long[pods][BUCKETS.length + 1];
            this.latencySums = new double[pods];
            this.requestsPerSecond = requestsPerSecond;
        }

        public Workload errorRate(double rate) {
            synchronized (TestExporter.this) {
                advance();
                this.errorRate = rate;
            }
            return this;
        }

        public Workload medianLatency(double seconds) {
            synchronized (TestExporter.this) {
                advance();
                this.medianSeconds = seconds;
            }
            return this;
        }

        public Workload requestsPerSecond(double rate) {
            synchronized (TestExporter.this) {
                advance();
                this.requestsPerSecond = rate;
            }
            return this;
        }

        private void simulate(double seconds) {
            pending += requestsPerSecond * seconds;
            int count = (int) pending;
            pending -= count;
            for (int i = 0; i < count; i++) {
                int pod = random.nextInt(pods);
                requests[pod][random.nextDouble() < errorRate ? 1 : 0]++;
                double latency = medianSeconds * Math.exp(LATENCY_SIGMA * random.nextGaussian());
                latencySums[pod] += latency;
                for (int b = 0; b < BUCKETS.length; b++) {
                    if (latency <= BUCKETS[b]) {
                        buckets[pod][b]++;
                    }
                }
                buckets[pod][BUCKETS.length]++;
            }
        }

        private String podLabels(int pod) {
            Map<String, String> podLabels = new LinkedHashMap<>(labels);
            podLabels.put("pod", podPrefix + "-" + pod);
            return podLabels.entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                    .collect(Collectors.joining(","));
        }

        private void writeRequests(StringBuilder out) {
            for (int pod = 0; pod < pods; pod++) {
                String base = podLabels(pod);
                out.append("http_requests_total{").append(base).append(",code=\"200\"} ").append(requests[pod][0]).append('\n');
                out.append("http_requests_total{").append(base).append(",code=\"500\"} ").append(requests[pod][1]).append('\n');
            }
        }

        private void writeLatencies(StringBuilder out) {
            for (int pod = 0; pod < pods; pod++) {
                String base = podLabels(pod);
                for (int b = 0; b <= BUCKETS.length; b++) {
                    String le = b == BUCKETS.length ? "+Inf" : Double.toString(BUCKETS[b]);
                    out.append("http_request_duration_seconds_bucket{").append(base).append(",le=\"").append(le)
                            .append("\"} ").append(buckets[pod][b]).append('\n');
                }
                out.append("http_request_duration_seconds_sum{").append(base).append("} ")
                        .append(String.format(Locale.ROOT, "%.6f", latencySums[pod])).append('\n');
                out.append("http_request_duration_seconds_count{").append(base).append("} ")
                        .append(buckets[pod][BUCKETS.length]).append('\n');
            }
        }
    }

    private void advance() {
        long now = System.nanoTime();
        double seconds = (now - lastNanos) / 1e9;
        lastNanos = now;
        workloads.forEach(w -> w.simulate(seconds));
    }

    synchronized String scrape() {
        advance();
        StringBuilder out = new StringBuilder();
        out.append("# TYPE http_requests_total counter\n");
        workloads.forEach(w -> w.writeRequests(out));
        out.append("# TYPE http_request_duration_seconds histogram\n");
        workloads.forEach(w -> w.writeLatencies(out));
        return out.toString();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
