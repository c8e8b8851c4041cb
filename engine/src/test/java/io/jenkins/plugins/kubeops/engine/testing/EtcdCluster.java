package io.jenkins.plugins.kubeops.engine.testing;

import io.jenkins.plugins.kubeops.localcluster.LocalCluster;
import io.jenkins.plugins.kubeops.engine.common.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real three-member etcd v3.6.8 cluster (plain) on free loopback ports, per test class, for member choice: leader and
 * followers, and a stopped member. Register with {@code @RegisterExtension static EtcdCluster etcd = new EtcdCluster(3);}.
 */
public final class EtcdCluster implements BeforeAllCallback, AfterAllCallback {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 3;

    private final int size;
    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> clientPorts = new ArrayList<>();
    private Path directory;
    private Path binaries;

    public EtcdCluster(int size) {
        this.size = size;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        binaries = LocalCluster.binaries(LocalCluster.START_TIMEOUT, line -> System.out.println("[etcd] " + line));
        // A member that dies while the cluster forms (e.g. a port taken between choosing and binding it) gets the whole
        // cluster started again on new ports, twice at most; the error names the member and shows its log.
        for (int attempt = 1; ; attempt++) {
            try {
                start();
                return;
            } catch (IllegalStateException e) {
                stopAll();
                deleteDirectory();
                if (attempt == START_ATTEMPTS) {
                    throw e;
                }
                System.out.println("[etcd] cluster start " + attempt + " of " + START_ATTEMPTS + " failed, trying again: "
                        + e.getMessage());
            }
        }
    }

    private void start() throws IOException, InterruptedException {
        processes.clear();
        clientPorts.clear();
        directory = Files.createTempDirectory("kube-ops-etcd-cluster");
        List<Integer> peerPorts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            clientPorts.add(LoopbackPorts.next());
            peerPorts.add(LoopbackPorts.next());
        }
        String initialCluster = java.util.stream.IntStream.range(0, size)
                .mapToObj(i -> "m" + i + "=http://127.0.0.1:" + peerPorts.get(i)).collect(Collectors.joining(","));
        for (int i = 0; i < size; i++) {
            String client = "http://127.0.0.1:" + clientPorts.get(i);
            String peer = "http://127.0.0.1:" + peerPorts.get(i);
            processes.add(new ProcessBuilder(List.of(binaries.resolve("etcd").toString(), "--name", "m" + i,
                    "--data-dir", directory.resolve("m" + i).toString(), "--listen-client-urls", client,
                    "--advertise-client-urls", client, "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                    "--initial-cluster", initialCluster, "--initial-cluster-token", "kube-ops-test",
                    "--listen-metrics-urls", "http://127.0.0.1:" + LoopbackPorts.next(), "--log-level", "warn"))
                    .redirectErrorStream(true).redirectOutput(directory.resolve("m" + i + ".log").toFile()).start());
        }
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!healthy()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("etcd cluster not healthy within " + START_TIMEOUT + "; member m0 logged: "
                        + Files.readString(directory.resolve("m0.log")));
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stopAll();
        deleteDirectory();
    }

    private void stopAll() throws InterruptedException {
        for (int i = 0; i < processes.size(); i++) {
            stop(i);
        }
    }

    private void deleteDirectory() throws IOException {
        if (directory != null) {
            try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            directory = null;
        }
    }

    public List<String> endpoints() {
        return clientPorts.stream().map(port -> "http://127.0.0.1:" + port).toList();
    }

    public Path binaries() {
        return binaries;
    }

    /** Stops member {@code index} (its data stays). */
    public void stop(int index) throws InterruptedException {
        Process process = processes.get(index);
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Runs etcdctl against all members. */
    public EtcdServer.Result etcdctl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binaries.resolve("etcdctl").toString(), "--endpoints",
                String.join(",", endpoints()), "--dial-timeout", "2s", "--command-timeout", "3s"));
        command.addAll(List.of(arguments));
        Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes());
        if (!run.waitFor(20, TimeUnit.SECONDS)) {
            run.destroyForcibly();
            return new EtcdServer.Result(-1, "etcdctl timed out");
        }
        return new EtcdServer.Result(run.exitValue(), output);
    }

    private boolean healthy() throws IOException, InterruptedException {
        for (int i = 0; i < processes.size(); i++) {
            if (!processes.get(i).isAlive()) {
                throw new IllegalStateException("etcd member m" + i + " exited with " + processes.get(i).exitValue()
                        + ": " + Files.readString(directory.resolve("m" + i + ".log")));
            }
        }
        return etcdctl("endpoint", "health").exitCode() == 0;
    }

}
