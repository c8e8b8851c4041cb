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
 * and is reported apart; a Jenkins controller's JVM is long-lived. Or SnapshotBench compare-e2e ENDPOINT DIR RUNS S3 OUT:
 * the whole backup against the bare transfer and the zstd script (see {@link #compareEndToEnd}).
 */
public final class SnapshotBench {

    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws Exception {
        if (args[0].equals("compare")) {
            compare(URI.create(args[1]), args[2], Path.of(args[3]), Integer.parseInt(args[4]));
            return;
        }
        if (args[0].equals("compare-e2e")) {
            compareEndToEnd(URI.create(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), URI.create(args[4]), Path.of(args[5]),
                    Integer.parseInt(args[6]));
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
     * In one JVM (as the etcdBackup step runs in a Jenkins controller), RUNS rounds of the bare transfer and the zstd
     * script (the shell functions {@code bare} and {@code script} that run.sh exports, run as subprocesses) and the engine's
     * backup to the same S3 server, side by side, in an order that rotates per round; the first WARMUP rounds are not
     * counted: the JIT is still compiling the byte paths then (the engine's CPU per backup falls for about three rounds),
     * which a long-lived controller JVM has long finished.
     * Writes the per-run seconds as JSON ({"bare": [...], "script": [...], "kubeOps": [...]}) to OUT.
     */
    static void compareEndToEnd(URI endpoint, Path dir, int runs, URI s3, Path out, int warmUp) throws Exception {
        java.util.Map<String, java.util.List<Double>> times = new java.util.LinkedHashMap<>();
        List.of("bare", "script", "kubeOps").forEach(name -> times.put(name, new java.util.ArrayList<>()));
        S3Settings settings = new S3Settings(Optional.of(s3), "us-east-1", "bench", "warm", true, Optional.empty(),
                Optional.of("bench"), Optional.of(io.jenkins.plugins.kubeops.engine.common.Secret.of("bench-secret")),
                Duration.ofSeconds(5), Duration.ofSeconds(60));
        EtcdTarget target = new EtcdTarget("bench", List.of(endpoint), Optional.empty(), Duration.ofSeconds(5),
                Duration.ofMinutes(10), false);
        List<String> names = List.copyOf(times.keySet());
        List<Double> engineCpu = new java.util.ArrayList<>();
        for (int i = 1 - warmUp; i <= runs; i++) {
            StringBuilder line = new StringBuilder("  round " + i + ":");
            for (int k = 0; k < names.size(); k++) {
                String name = names.get(Math.floorMod(k + i, names.size()));
                long t0 = System.nanoTime();
                long cpu0 = PROCESS.getProcessCpuTime();
                if (name.equals("kubeOps")) {
                    try (S3Store store = new S3Store(settings)) {
                        new SnapshotTaker(java.time.Clock.systemUTC(), new java.util.Random(), new java.security.SecureRandom(),
                                new SnapshotLocks(dir.resolve("locks")), l -> { }).backup(target, store, BackupOptions.defaults(dir));
                    }
                } else {
                    Process process = new ProcessBuilder("bash", "-c", name.equals("bare") ? "bare" : "script warm" + i)
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (process.waitFor() != 0) {
                        throw new IllegalStateException("the " + name + " baseline failed");
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double cpu = (PROCESS.getProcessCpuTime() - cpu0) / 1e9;
                line.append(String.format(" %s %.3f s%s%s", name.equals("kubeOps") ? "engine" : name, seconds,
                        name.equals("kubeOps") ? String.format(" (cpu %.2f s)", cpu) : "", k < names.size() - 1 ? "," : ""));
                if (i > 0) {
                    times.get(name).add(seconds);
                    if (name.equals("kubeOps")) {
                        engineCpu.add(cpu);
                    }
                }
            }
            System.out.println(line + (i <= 0 ? " (warm-up, not counted)" : ""));
        }
        StringBuilder json = new StringBuilder("{");
        times.forEach((name, values) -> json.append(json.length() > 1 ? ", " : "").append('"').append(name).append("\": ")
                .append(values));
        json.append(", \"kubeOpsCpu\": ").append(engineCpu);
        java.nio.file.Files.writeString(out, json.append('}').toString());
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
