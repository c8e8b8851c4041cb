package io.jenkins.plugins.kubeops.engine.testing;

import io.jenkins.plugins.kubeops.engine.common.LoopbackPorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real node-exporter (Debian's {@code prometheus-node-exporter}, installed with apt-get when missing) on a free loopback
 * port with only its textfile collector, reading {@link #textfileDirectory()}. Started on creation, so that its address is
 * known before Prometheus' configuration is written:
 * {@code @RegisterExtension static NodeExporter node = NodeExporter.start();} then
 * {@code PrometheusServer.scraping(node.target())}.
 */
public final class NodeExporter implements AfterAllCallback {

    private static final Path BINARY = Path.of("/usr/bin/prometheus-node-exporter");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private final int port;
    private final Process process;

    private NodeExporter(Path directory, int port, Process process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
    }

    public static NodeExporter start() {
        try {
            install();
            Path directory = Files.createTempDirectory("kube-ops-node-exporter");
            Files.createDirectories(directory.resolve("textfile"));
            int port = LoopbackPorts.next();
            Process process = new ProcessBuilder(BINARY.toString(), "--collector.disable-defaults", "--collector.textfile",
                    "--collector.textfile.directory=" + directory.resolve("textfile"), "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("node-exporter.log").toFile())).start();
            NodeExporter exporter = new NodeExporter(directory, port, process);
            exporter.awaitServing();
            return exporter;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted starting node-exporter", e);
        }
    }

    /** The directory of {@code *.prom} files it reads (its {@code --collector.textfile.directory}). */
    public Path textfileDirectory() {
        return directory.resolve("textfile");
    }

    /** host:port for a scrape configuration. */
    public String target() {
        return "127.0.0.1:" + port;
    }

    /** What it serves now, as Prometheus would scrape it. */
    public String scrape() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + target() + "/metrics")).timeout(Duration.ofSeconds(5)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private void awaitServing() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node-exporter exited with " + process.exitValue() + ": "
                        + Files.readString(directory.resolve("node-exporter.log")));
            }
            try {
                if (scrape().contains("node_textfile_scrape_error")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("node-exporter on " + target() + " did not serve within " + START_TIMEOUT + ": "
                + Files.readString(directory.resolve("node-exporter.log")));
    }

    private static synchronized void install() throws IOException, InterruptedException {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        for (List<String> command : List.of(List.of("apt-get", "update", "-qq"),
                List.of("apt-get", "install", "-y", "-qq", "prometheus-node-exporter"))) {
            Process install = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            byte[] output = install.getInputStream().readAllBytes();
            if (!install.waitFor(10, TimeUnit.MINUTES) || install.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (the metrics tests install Debian's "
                        + "prometheus-node-exporter as root): " + new String(output, StandardCharsets.UTF_8));
            }
        }
    }
}
