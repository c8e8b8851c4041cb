package io.jenkins.plugins.kubeops.engine.testing;

import io.jenkins.plugins.kubeops.engine.common.LoopbackPorts;
import java.net.InetAddress;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real S3-compatible server per test class: s3proxy (Maven Central, {@code org.gaul:s3proxy}, copied to
 * {@code target/s3proxy/s3proxy.jar} by the build) with its filesystem backend and real SigV4 authentication, on a free
 * loopback port, run as its own process so that its dependencies stay off the test classpath. Register with
 * {@code @RegisterExtension static S3ProxyServer s3 = new S3ProxyServer("bucket");}.
 */
public final class S3ProxyServer implements BeforeAllCallback, AfterAllCallback {

    public static final String ACCESS_KEY = "kube-ops-test";
    public static final String SECRET_KEY = "kube-ops-test-secret";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final List<String> buckets;
    private Path directory;
    private Process process;
    private int port;

    public S3ProxyServer(String... buckets) {
        this.buckets = List.of(buckets);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path jar = Path.of(System.getProperty("kubeops.s3proxy.jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests through Maven (process-test-resources copies it).");
        }
        directory = Files.createTempDirectory("kube-ops-s3proxy");
        Path data = Files.createDirectories(directory.resolve("data"));
        for (String bucket : buckets) {
            Files.createDirectories(data.resolve(bucket));
        }
        port = LoopbackPorts.next();
        Path properties = directory.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data,
                ""));
        process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", jar.toString(), "--properties", properties.toString()))
                .redirectErrorStream(true).redirectOutput(directory.resolve("s3proxy.log").toFile()).start();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!listening()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited: " + Files.readString(directory.resolve("s3proxy.log")));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("s3proxy did not listen on " + endpoint() + " within " + START_TIMEOUT);
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
        if (directory != null) {
            try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Stops the server (tests of an unreachable store). */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Where the filesystem backend keeps bucket {@code bucket}'s objects (to damage one on purpose). */
    public Path bucketDirectory(String bucket) {
        return directory.resolve("data").resolve(bucket);
    }

    private boolean listening() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

}
