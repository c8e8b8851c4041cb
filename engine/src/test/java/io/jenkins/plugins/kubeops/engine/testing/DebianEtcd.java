package io.jenkins.plugins.kubeops.engine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's etcd 3.4 ({@code apt-get install etcd-server etcd-client}), installed by the tests when it is missing. Debian
 * ships no systemd here, so installing it starts nothing; {@link EtcdServer#debian34()} runs it on free ports.
 */
final class DebianEtcd {

    private static final Path BIN = Path.of("/usr/bin");
    private static final long INSTALL_MINUTES = 10;

    private DebianEtcd() {
    }

    /** The directory with Debian's etcd and etcdctl 3.4, after installing them if needed. */
    static synchronized Path binaries() throws IOException, InterruptedException {
        if (!isEtcd34()) {
            run(List.of("apt-get", "update", "-qq"));
            run(List.of("apt-get", "install", "-y", "-qq", "etcd-server", "etcd-client"));
        }
        if (!isEtcd34()) {
            throw new IllegalStateException("apt-get installed etcd-server, but /usr/bin/etcd is not etcd 3.4");
        }
        return BIN;
    }

    private static boolean isEtcd34() throws IOException, InterruptedException {
        if (!Files.isExecutable(BIN.resolve("etcd")) || !Files.isExecutable(BIN.resolve("etcdctl"))) {
            return false;
        }
        Process version = new ProcessBuilder(BIN.resolve("etcd").toString(), "--version").redirectErrorStream(true).start();
        String output = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return version.waitFor(30, TimeUnit.SECONDS) && output.contains("etcd Version: 3.4.");
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (the etcd 3.4 tests install Debian's "
                    + "etcd-server and etcd-client as root): " + new String(output, StandardCharsets.UTF_8));
        }
    }
}
