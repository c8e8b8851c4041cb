package io.jenkins.plugins.kubeops.engine.etcd;

import io.jenkins.plugins.kubeops.engine.common.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A single-member etcd on free loopback ports, started on a restored data directory for a drill and stopped afterwards.
 * It never listens beyond 127.0.0.1, and its log stays in the drill's directory for the report.
 */
final class ThrowAwayEtcd implements AutoCloseable {

    static final String NAME = "drill";

    private final Process process;
    private final URI clientUrl;
    private final Path log;

    private ThrowAwayEtcd(Process process, URI clientUrl, Path log) {
        this.process = process;
        this.clientUrl = clientUrl;
        this.log = log;
    }

    /** Starts etcd on {@code dataDir} (restored with member {@link #NAME} at {@code peerUrl}) and waits until it answers. */
    static ThrowAwayEtcd start(Path etcd, Path dataDir, String peerUrl, Path directory, Instant deadline) throws IOException {
        int clientPort = LoopbackPorts.next();
        URI client = URI.create("http://127.0.0.1:" + clientPort);
        Path log = directory.resolve("etcd.log");
        Process process = new ProcessBuilder(List.of(etcd.toString(), "--name", NAME, "--data-dir", dataDir.toString(),
                "--listen-client-urls", client.toString(), "--advertise-client-urls", client.toString(),
                "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", NAME + "=" + peerUrl, "--listen-metrics-urls", "http://127.0.0.1:" + LoopbackPorts.next(),
                "--log-level", "warn"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ThrowAwayEtcd started = new ThrowAwayEtcd(process, client, log);
        try {
            started.awaitHealthy(deadline);
            return started;
        } catch (IOException | RuntimeException e) {
            started.close();
            throw e;
        }
    }

    URI clientUrl() {
        return clientUrl;
    }

    EtcdTarget target() {
        return new EtcdTarget(NAME, List.of(clientUrl), Optional.empty(), Duration.ofSeconds(2), Duration.ofMinutes(1), false);
    }

    private void awaitHealthy(Instant deadline) throws IOException {
        EtcdException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("the restored etcd exited with code " + process.exitValue() + ": " + logTail());
            }
            try (EtcdClient client = EtcdClient.connect(target(), clientUrl)) {
                if (client.status().healthy()) {
                    return;
                }
            } catch (EtcdException e) {
                last = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the restored etcd", e);
            }
        }
        throw new IOException("the restored etcd did not become healthy in time" + (last == null ? "" : " (" + last.getMessage()
                + ")") + ": " + logTail());
    }

    String logTail() {
        try {
            String text = Files.readString(log).strip();
            return text.length() <= 1500 ? text : "..." + text.substring(text.length() - 1500);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
