package io.jenkins.plugins.kubeops.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.testing.EtcdServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Snapshot files as operators have them: saved by the real etcdctl, compressed by the real gzip and zstd, damaged copies. */
public final class SnapshotFiles {

    private SnapshotFiles() {
    }

    /** {@code etcdctl snapshot save FILE} against the server. */
    public static Path save(EtcdServer etcd, List<String> tlsFlags, Path file) {
        EtcdServer.Result saved = etcd.etcdctl(tlsFlags, "snapshot", "save", file.toString());
        assertThat(saved.exitCode()).as(saved.output()).isZero();
        return file;
    }

    /** Compresses with the real tool ({@code gzip} or {@code zstd}, both from Debian), keeping the original. */
    public static Path compress(String tool, Path file) throws IOException, InterruptedException {
        Path compressed = file.resolveSibling(file.getFileName() + (tool.equals("gzip") ? ".gz" : ".zst"));
        Process process = new ProcessBuilder(tool, "-q", "-k", "-f", file.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0).as(tool + ": " + output).isTrue();
        return compressed;
    }

    public static Path truncated(Path file, int missing, Path to) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return Files.write(to, Arrays.copyOf(bytes, bytes.length - missing));
    }

    public static Path bitFlipped(Path file, long position, Path to) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) position] ^= 0x08;
        return Files.write(to, bytes);
    }

    public static Path withGarbage(Path file, int extra, Path to) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] longer = Arrays.copyOf(bytes, bytes.length + extra);
        Arrays.fill(longer, bytes.length, longer.length, (byte) '\n');
        return Files.write(to, longer);
    }

    /** The message and cause verifying {@code file} fails with; "valid" when it passes. */
    public static String refusal(Path file, Path workDir) {
        try {
            SnapshotFile.verify(file, workDir);
            return "valid";
        } catch (EtcdException e) {
            return "[" + e.failureCause() + "] " + e.getMessage();
        }
    }
}
