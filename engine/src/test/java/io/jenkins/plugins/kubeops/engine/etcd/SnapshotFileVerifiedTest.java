package io.jenkins.plugins.kubeops.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one line the CLI prints and the etcdVerifyFile step logs for a valid file. */
class SnapshotFileVerifiedTest {

    private static SnapshotFile.Verified verified(Compression compression, String storageVersion) {
        return new SnapshotFile.Verified(Path.of("snap.db.gz"), "ab".repeat(32), 2490400, 48213, 1200, 2490368, storageVersion,
                compression, 512043, Instant.parse("2026-12-01T03:00:00Z"));
    }

    @Test
    void aCompressedFileSaysWhatItHoldsAndItsStorageVersion() {
        assertThat(verified(Compression.GZIP, "3.6.0").describe()).isEqualTo("Snapshot file snap.db.gz is valid (gzip, 512043 "
                + "bytes holding a snapshot of 2490400 bytes): revision 48213, 1200 keys, database 2490368 bytes, SHA-256 "
                + "ab".repeat(32) + ", storage version 3.6.0");
    }

    @Test
    void aPlainFileFromEtcd34HasNoStorageVersion() {
        assertThat(verified(Compression.NONE, "").describe()).isEqualTo("Snapshot file snap.db.gz is valid (2490400 bytes): "
                + "revision 48213, 1200 keys, database 2490368 bytes, SHA-256 " + "ab".repeat(32));
    }
}
