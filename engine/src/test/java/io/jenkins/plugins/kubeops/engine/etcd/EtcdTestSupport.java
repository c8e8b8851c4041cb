package io.jenkins.plugins.kubeops.engine.etcd;

import io.jenkins.plugins.kubeops.engine.testing.EtcdServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Shared set-up for the etcd tests: targets for the test servers, data, and a snapshot taker that logs to a list. */
public final class EtcdTestSupport {

    final List<String> log = new ArrayList<>();
    final Path lockDir;

    EtcdTestSupport(Path lockDir) {
        this.lockDir = lockDir;
    }

    static EtcdTarget plainTarget(String cluster, String... endpoints) {
        return new EtcdTarget(cluster, java.util.Arrays.stream(endpoints).map(URI::create).toList(), Optional.empty(),
                Duration.ofSeconds(2), Duration.ofSeconds(60), false);
    }

    SnapshotTaker taker() {
        return new SnapshotTaker(Clock.systemUTC(), new Random(), new SecureRandom(), new SnapshotLocks(lockDir), log::add);
    }

    /** Writes {@code count} keys under {@code prefix} with values of {@code size} bytes; returns the revision after. */
    static long fill(EtcdServer etcd, String prefix, int count, int size) {
        EtcdTarget target = plainTarget("fill", etcd.endpoint());
        try (EtcdClient client = EtcdClient.connect(target, URI.create(etcd.endpoint()))) {
            long revision = 0;
            byte[] value = new byte[size];
            new Random(7).nextBytes(value);
            for (int i = 0; i < count; i++) {
                revision = client.put(prefix + i, value);
            }
            return revision;
        }
    }

    /** Key count and revision as etcd itself reports them, through etcdctl. */
    public static long[] etcdctlCountAndRevision(EtcdServer etcd, List<String> tlsFlags) {
        // --limit 1: the response still counts every key in the range (etcdctl 3.4 has no --count-only)
        String output = etcd.etcdctl(tlsFlags, "get", "", "--prefix", "--limit", "1", "-w", "fields").output();
        long count = field(output, "\"Count\"");
        long revision = field(output, "\"Revision\"");
        return new long[] {count, revision};
    }

    private static long field(String output, String name) {
        for (String line : output.split("\n")) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new AssertionError("no " + name + " in etcdctl output: " + output);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
