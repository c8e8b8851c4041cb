package io.jenkins.plugins.kubeops.engine.etcd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The optional deep check of a snapshot: etcd's own restore (which checks the trailer again and rewrites the membership)
 * into a temporary directory, then the restored database is opened and must hold the same revision and keys.
 */
final class DeepCheck {

    private DeepCheck() {
    }

    static void run(Path snapshot, SnapshotContents expected, EtcdBinaries binaries, Path workDir, Instant deadline) throws IOException {
        Path directory = Files.createTempDirectory(workDir, "kube-ops-etcd-check");
        try {
            Path dataDir = directory.resolve("data");
            RestoreCommand restore = new RestoreCommand(snapshot.toString(), "check", "check=http://127.0.0.1:2380",
                    "kube-ops-check", "http://127.0.0.1:2380", dataDir.toString(), OptionalLong.empty());
            Processes.Result result = Processes.run(binaries.restore(restore), Map.of("ETCDCTL_API", "3"), directory,
                    Duration.between(Instant.now(), deadline));
            if (result.exitCode() != 0) {
                throw new InvalidSnapshotException("etcd's restore rejected the snapshot: " + result.tail());
            }
            Path db = dataDir.resolve("member").resolve("snap").resolve("db");
            SnapshotContents restored = SnapshotContents.read(db, Files.size(db));
            if (restored.revision() != expected.revision() || restored.keyCount() != expected.keyCount()) {
                throw new InvalidSnapshotException("the restored database holds revision " + restored.revision() + " and "
                        + restored.keyCount() + " keys, the snapshot " + expected.revision() + " and " + expected.keyCount());
            }
        } finally {
            Processes.deleteTree(directory);
        }
    }
}
