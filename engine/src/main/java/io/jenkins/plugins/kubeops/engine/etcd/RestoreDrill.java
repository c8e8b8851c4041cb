package io.jenkins.plugins.kubeops.engine.etcd;

import io.jenkins.plugins.kubeops.engine.common.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * A restore drill: fetch a backup and verify it, restore it with etcd's own tools into a throw-away member on loopback,
 * start that member, and compare its key count and revision with the backup's metadata. The member is stopped and its
 * directory removed whatever happens. Proves what a checksum cannot: that the backup brings a cluster back.
 */
public final class RestoreDrill {

    /** The outcome, with timings of each phase; {@code passed} false comes with {@code problem}. */
    public record Report(String backupId, String cluster, boolean passed, String problem, long expectedRevision,
                         long actualRevision, long expectedKeys, long actualKeys, String etcdVersion, Duration fetch,
                         Duration restore, Duration start, Duration total) {

        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("backupId", backupId);
            map.put("cluster", cluster);
            map.put("passed", passed);
            map.put("problem", problem);
            map.put("expectedRevision", expectedRevision);
            map.put("actualRevision", actualRevision);
            map.put("expectedKeys", expectedKeys);
            map.put("actualKeys", actualKeys);
            map.put("etcdVersion", etcdVersion);
            map.put("fetchMillis", fetch.toMillis());
            map.put("restoreMillis", restore.toMillis());
            map.put("startMillis", start.toMillis());
            map.put("totalMillis", total.toMillis());
            return map;
        }
    }

    private final Clock clock;
    private final Consumer<String> log;

    public RestoreDrill(Clock clock, Consumer<String> log) {
        this.clock = clock;
        this.log = log;
    }

    /**
     * Runs the drill; a backup that does not come back is a failed report, not an exception. Exceptions are left for
     * failures to reach the store or run etcd at all.
     */
    public Report run(BackupStore store, BackupMetadata backup, List<EncryptionKey> keys, EtcdBinaries binaries, Path workDir,
                      Duration timeout) {
        Instant started = clock.instant();
        Instant deadline = Instant.now().plus(timeout);
        Path directory = null;
        try {
            Files.createDirectories(workDir);
            directory = Files.createTempDirectory(workDir, "kube-ops-etcd-drill");
            Path snapshot = directory.resolve("snapshot.db");
            log.accept("Drill: fetching backup " + backup.id() + " of " + backup.cluster() + " from " + store.describe());
            new BackupFetcher(clock).fetch(store, backup, keys, snapshot);
            Instant fetched = clock.instant();

            String peerUrl = "http://127.0.0.1:" + LoopbackPorts.next();
            Path dataDir = directory.resolve("data");
            RestoreCommand restore = new RestoreCommand(snapshot.toString(), ThrowAwayEtcd.NAME,
                    ThrowAwayEtcd.NAME + "=" + peerUrl, "kube-ops-drill-" + backup.id(), peerUrl, dataDir.toString(),
                    OptionalLong.empty());
            List<String> command = binaries.restore(restore);
            log.accept("Drill: " + RestoreCommand.shell(command));
            Processes.Result restored = Processes.run(command, Map.of("ETCDCTL_API", "3"), directory,
                    Duration.between(Instant.now(), deadline));
            Instant restoredAt = clock.instant();
            if (restored.exitCode() != 0) {
                return failed(backup, started, fetched, restoredAt, restoredAt, "etcd's restore failed: " + restored.tail());
            }
            try (ThrowAwayEtcd etcd = ThrowAwayEtcd.start(binaries.etcd(), dataDir, peerUrl, directory, deadline)) {
                Instant up = clock.instant();
                MemberStatus status;
                EtcdClient.KeyCount count;
                try (EtcdClient client = EtcdClient.connect(etcd.target(), etcd.clientUrl())) {
                    status = client.status();
                    count = client.countKeys();
                }
                log.accept("Drill: restored member (etcd " + status.version() + ") reports revision " + count.revision()
                        + " and " + count.keys() + " keys; the backup says revision " + backup.revision() + " and "
                        + backup.keyCount() + " keys");
                String problem = "";
                if (count.revision() != backup.revision() || count.keys() != backup.keyCount()) {
                    problem = "the restored member reports revision " + count.revision() + " and " + count.keys()
                            + " keys, but the backup's metadata says revision " + backup.revision() + " and "
                            + backup.keyCount() + " keys";
                }
                return new Report(backup.id(), backup.cluster(), problem.isEmpty(), problem, backup.revision(),
                        count.revision(), backup.keyCount(), count.keys(), status.version(), Duration.between(started, fetched),
                        Duration.between(fetched, restoredAt), Duration.between(restoredAt, up),
                        Duration.between(started, clock.instant()));
            }
        } catch (IOException e) {
            throw new EtcdException(FailureCause.DRILL_FAILED, "the restore drill of backup " + backup.id() + " could not run: "
                    + e.getMessage(), e);
        } finally {
            Processes.deleteTree(directory);
        }
    }

    private Report failed(BackupMetadata backup, Instant started, Instant fetched, Instant restored, Instant up, String problem) {
        return new Report(backup.id(), backup.cluster(), false, problem, backup.revision(), 0, backup.keyCount(), 0, "",
                Duration.between(started, fetched), Duration.between(fetched, restored), Duration.between(restored, up),
                Duration.between(started, clock.instant()));
    }
}
