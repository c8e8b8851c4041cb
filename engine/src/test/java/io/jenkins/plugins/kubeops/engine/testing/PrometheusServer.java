package io.jenkins.plugins.kubeops.engine.testing;

import io.jenkins.plugins.kubeops.engine.common.LoopbackPorts;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Prometheus (Debian's {@code prometheus} 2.42, installed with apt-get when missing; the tests run as root) on a free
 * loopback port per test class, scraping the given targets every second:
 * {@code @RegisterExtension static PrometheusServer prometheus = PrometheusServer.scraping(exporter.target());}
 * {@link #stop()} and {@link #start()} let a test take it down and bring it back on the same port and data.
 */
public final class PrometheusServer implements BeforeAllCallback, AfterAllCallback {

    private static final Path BINARY = Path.of("/usr/bin/prometheus");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final long INSTALL_MINUTES = 10;

    private final List<String> targets;
    private Path directory;
    private int port;
    private Process process;

    private PrometheusServer(List<String> targets) {
        this.targets = List.copyOf(targets);
    }

    /** @param targets host:port of each exporter to scrape, e.g. {@link TestExporter#target()} */
    public static PrometheusServer scraping(String... targets) {
        return new PrometheusServer(List.of(targets));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        install();
        directory = Files.createTempDirectory("kube-ops-prometheus");
        port = LoopbackPorts.next();
        String config = "global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\n  evaluation_interval: 1s\n"
                + "scrape_configs:\n  - job_name: test-exporter\n    honor_labels: true\n    static_configs:\n"
                + "      - targets: [" + String.join(", ", targets.stream().map(t -> "'" + t + "'").toList()) + "]\n";
        Files.writeString(directory.resolve("prometheus.yml"), config);
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Starts (again) on the same port and data directory and waits until Prometheus is ready. */
    public void start() throws IOException {
        process = new ProcessBuilder(BINARY.toString(), "--config.file=" + directory.resolve("prometheus.yml"),
                "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.path=" + directory.resolve("data"),
                "--web.enable-lifecycle", "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("prometheus.log")
                        .toFile())).start();
        awaitReady();
    }

    /** Stops Prometheus (tests of an unreachable server); its data stays until the class ends. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    public URI address() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private void awaitReady() throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(address().resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ": "
                        + Files.readString(directory.resolve("prometheus.log")));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for prometheus", e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for prometheus", e);
            }
        }
        throw new IllegalStateException("prometheus at " + address() + " not ready within " + START_TIMEOUT + ": "
                + Files.readString(directory.resolve("prometheus.log")));
    }

    private static synchronized void install() throws IOException, InterruptedException {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        run(List.of("apt-get", "update", "-qq"));
        run(List.of("apt-get", "install", "-y", "-qq", "prometheus"));
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("apt-get installed prometheus, but " + BINARY + " is missing");
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process install = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] output = install.getInputStream().readAllBytes();
        if (!install.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES) || install.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (the Prometheus tests install Debian's "
                    + "prometheus as root): " + new String(output, StandardCharsets.UTF_8));
        }
    }
}
