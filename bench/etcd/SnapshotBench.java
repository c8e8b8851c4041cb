package io.jenkins.plugins.kubeops.engine.etcd;

import io.etcd.jetcd.api.MaintenanceGrpc;
import io.etcd.jetcd.api.SnapshotRequest;
import io.etcd.jetcd.api.SnapshotResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.io.FileOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One snapshot of a plain-http etcd into a file, timed, by one of several client paths (benchmark, not a test):
 * <ul>
 *   <li>{@code engine}: the engine's path (large window, raw chunks, trailer check while streaming, fsync)</li>
 *   <li>{@code grpc-defaults}: grpc-java with its default channel settings and generated protobuf stub, same file writes</li>
 *   <li>{@code grpc-window}: as grpc-defaults plus only the engine's 16 MiB flow-control window</li>
 * </ul>
 * Usage: SnapshotBench MODE ENDPOINT FILE (one cold run; prints "MODE SECONDS BYTES"), or
 * SnapshotBench compare ENDPOINT ETCDCTL DIR RUNS: in one JVM, RUNS rounds of etcdctl snapshot save (a subprocess) and
 * the engine's path side by side, then the medians and the throughput ratio. The first engine round includes JVM warm-up
 * and is reported apart; a Jenkins controller's JVM is long-lived.
 */
public final class SnapshotBench {

    public static void main(String[] args) throws Exception {
        if (args[0].equals("compare")) {
            compare(URI.create(args[1]), args[2], Path.of(args[3]), Integer.parseInt(args[4]));
            return;
        }
        if (args[0].equals("compare-e2e")) {
            compareEndToEnd(URI.create(args[1]), args[2], Path.of(args[3]), Integer.parseInt(args[4]), URI.create(args[5]));
            return;
        }
        String mode = args[0];
        URI endpoint = URI.create(args[1]);
        Path file = Path.of(args[2]);
        long started = System.nanoTime();
        long bytes;
        switch (mode) {
            case "engine":
                bytes = engine(endpoint, file);
                break;
            case "grpc-defaults":
                bytes = grpc(endpoint, file, false);
                break;
            case "grpc-window":
                bytes = grpc(endpoint, file, true);
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.out.printf("%s %.3f %d%n", mode, (System.nanoTime() - started) / 1e9, bytes);
    }

    static void compare(URI endpoint, String etcdctl, Path dir, int runs) throws Exception {
        java.util.List<Double> tool = new java.util.ArrayList<>();
        java.util.List<Double> ours = new java.util.ArrayList<>();
        java.util.List<Double> plain = new java.util.ArrayList<>();
        long bytes = 0;
        double first = 0;
        for (int i = 0; i <= runs; i++) {
            Path saved = dir.resolve("etcdctl.db");
            java.nio.file.Files.deleteIfExists(saved);
            long t0 = System.nanoTime();
            Process process = new ProcessBuilder(etcdctl, "--endpoints", endpoint.toString(), "snapshot", "save", saved.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("etcdctl snapshot save failed");
            }
            double toolSeconds = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            bytes = engine(endpoint, dir.resolve("engine.db"));
            double oursSeconds = (System.nanoTime() - t1) / 1e9;
            long t2 = System.nanoTime();
            grpc(endpoint, dir.resolve("grpc.db"), false);
            double plainSeconds = (System.nanoTime() - t2) / 1e9;
            if (i == 0) {
                first = oursSeconds;
                continue; // warm-up round
            }
            tool.add(toolSeconds);
            ours.add(oursSeconds);
            plain.add(plainSeconds);
            System.out.printf("round %d: etcdctl %.2f s, engine %.2f s, grpc-java defaults %.2f s%n", i, toolSeconds,
                    oursSeconds, plainSeconds);
        }
        double mb = bytes / 1e6;
        double toolMedian = median(tool);
        double oursMedian = median(ours);
        double plainMedian = median(plain);
        System.out.printf("snapshot of %.0f MB, median of %d rounds (first engine round, cold JVM: %.2f s):%n", mb, runs, first);
        System.out.printf("  etcdctl snapshot save   %.2f s  %6.0f MB/s%n", toolMedian, mb / toolMedian);
        System.out.printf("  engine                  %.2f s  %6.0f MB/s%n", oursMedian, mb / oursMedian);
        System.out.printf("  grpc-java defaults      %.2f s  %6.0f MB/s%n", plainMedian, mb / plainMedian);
        System.out.printf("RATIO engine/etcdctl throughput: %.2f (goal >= 0.95)%n", toolMedian / oursMedian);
    }

    /**
     * In one JVM (as the etcdBackup step runs in a Jenkins controller), RUNS rounds of the sequential script (a subprocess:
     * etcdctl save, gzip, curl upload) and the engine's backup to the same S3 server, side by side; round 0 warms up.
     */
    static void compareEndToEnd(URI endpoint, String etcdctl, Path dir, int runs, URI s3) throws Exception {
        java.util.List<Double> script = new java.util.ArrayList<>();
        java.util.List<Double> ours = new java.util.ArrayList<>();
        S3Settings settings = new S3Settings(Optional.of(s3), "us-east-1", "bench", "warm", true, Optional.empty(),
                Optional.of("bench"), Optional.of(io.jenkins.plugins.kubeops.engine.common.Secret.of("bench-secret")),
                Duration.ofSeconds(5), Duration.ofSeconds(60));
        EtcdTarget target = new EtcdTarget("bench", List.of(endpoint), Optional.empty(), Duration.ofSeconds(5),
                Duration.ofMinutes(10), false);
        for (int i = 0; i <= runs; i++) {
            String db = dir.resolve("script.db").toString();
            long t0 = System.nanoTime();
            Process process = new ProcessBuilder("bash", "-c", "set -e; rm -f " + db + " " + db + ".gz; " + etcdctl
                    + " --endpoints " + endpoint + " snapshot save " + db + " >/dev/null; gzip " + db + "; curl -sS -f "
                    + "--aws-sigv4 aws:amz:us-east-1:s3 --user bench:bench-secret -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' "
                    + "-T " + db + ".gz " + s3 + "/bench/script/warm-" + i + ".db.gz").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("the sequential script failed");
            }
            double scriptSeconds = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            try (S3Store store = new S3Store(settings)) {
                new SnapshotTaker(java.time.Clock.systemUTC(), new java.util.Random(), new java.security.SecureRandom(),
                        new SnapshotLocks(dir.resolve("locks")), line -> { }).backup(target, store, BackupOptions.defaults(dir));
            }
            double oursSeconds = (System.nanoTime() - t1) / 1e9;
            System.out.printf("round %d: script %.2f s, engine backup (in-process) %.2f s%n", i, scriptSeconds, oursSeconds);
            if (i > 0) {
                script.add(scriptSeconds);
                ours.add(oursSeconds);
            }
        }
        System.out.printf("RATIO engine backup (warm JVM) / script time: %.2f (medians %.2f s / %.2f s; goal <= 0.70)%n",
                median(ours) / median(script), median(ours), median(script));
    }

    static double median(java.util.List<Double> values) {
        java.util.List<Double> sorted = new java.util.ArrayList<>(values);
        java.util.Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static long engine(URI endpoint, Path file) throws Exception {
        EtcdTarget target = new EtcdTarget("bench", List.of(endpoint), Optional.empty(), Duration.ofSeconds(5),
                Duration.ofMinutes(10), false);
        try (EtcdClient client = EtcdClient.connect(target, endpoint);
             FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            SnapshotTrailer trailer = new SnapshotTrailer((b, o, l) -> {
                ByteBuffer buffer = ByteBuffer.wrap(b, o, l);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            });
            client.snapshot(Instant.now().plus(Duration.ofMinutes(10)), trailer);
            trailer.finish();
            out.force(true);
            return trailer.bytes();
        }
    }

    static long grpc(URI endpoint, Path file, boolean bigWindow) throws Exception {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(endpoint.getHost(), endpoint.getPort()).usePlaintext()
                .maxInboundMessageSize(8 << 20);
        if (bigWindow) {
            builder.flowControlWindow(EtcdChannels.FLOW_CONTROL_WINDOW);
        }
        ManagedChannel channel = builder.build();
        long bytes = 0;
        try (FileOutputStream out = new FileOutputStream(file.toFile())) {
            Iterator<SnapshotResponse> responses = MaintenanceGrpc.newBlockingStub(channel).snapshot(SnapshotRequest.getDefaultInstance());
            while (responses.hasNext()) {
                SnapshotResponse response = responses.next();
                response.getBlob().writeTo(out);
                bytes += response.getBlob().size();
            }
            out.getFD().sync();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        return bytes;
    }
}
