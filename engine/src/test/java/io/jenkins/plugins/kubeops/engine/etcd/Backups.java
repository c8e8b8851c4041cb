package io.jenkins.plugins.kubeops.engine.etcd;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Metadata records for tests that need backups but no server. */
final class Backups {

    private Backups() {
    }

    static BackupMetadata at(String cluster, Instant createdAt, long revision) {
        String id = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC)
                .format(createdAt) + "-0000";
        return new BackupMetadata(id, cluster, createdAt, Duration.ofSeconds(3), cluster + "/" + id + ".db.zst", Compression.ZSTD,
                Optional.empty(), 1000, "ab".repeat(32), 4128, "cd".repeat(32), 4096, revision, 42, "3.6.8", "3.6.0", "cp-1",
                "8e9e05c52164694d", "https://10.0.0.1:2379", false, List.of(), Optional.empty());
    }
}
