package io.jenkins.plugins.kubeops.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Metadata records of imported snapshots, and records written before imports existed. */
class BackupMetadataJsonTest {

    @Test
    void anImportedBackupKeepsItsSourceFileThroughJson() {
        BackupMetadata taken = Backups.at("prod", Instant.parse("2026-12-01T08:00:00Z"), 99);
        BackupMetadata.ImportedFile file = new BackupMetadata.ImportedFile("etcd-snapshot-2026-12-01.db.gz",
                Instant.parse("2026-12-01T08:00:00Z"), 123_456, Compression.GZIP);
        BackupMetadata imported = new BackupMetadata(taken.id(), "prod", taken.createdAt(), taken.duration(), taken.object(),
                Compression.ZSTD, Optional.empty(), 1000, taken.storedSha256(), 4128, taken.snapshotSha256(), 4096, 99, 42,
                "", "3.6.0", "", "", "", false, java.util.List.of(), Optional.of(file));

        String json = new String(MetadataJson.write(imported), StandardCharsets.UTF_8);

        assertThat(MetadataJson.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(imported);
        assertThat(json).contains("\"fileName\" : \"etcd-snapshot-2026-12-01.db.gz\"").contains("\"fileCompression\" : \"gzip\"");
        assertThat(imported.imported()).isTrue();
    }

    @Test
    void recordsWithoutImportFieldsAreBackupsTakenFromAMember() {
        BackupMetadata taken = Backups.at("prod", Instant.parse("2026-12-01T08:00:00Z"), 99);
        String json = new String(MetadataJson.write(taken), StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("importedFrom");
        assertThat(MetadataJson.read(json.getBytes(StandardCharsets.UTF_8)).imported()).isFalse();
    }
}
