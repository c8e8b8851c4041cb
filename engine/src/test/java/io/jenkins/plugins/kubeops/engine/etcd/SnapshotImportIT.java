package io.jenkins.plugins.kubeops.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.testing.EtcdServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot files made by the real etcdctl 3.6 (plain, and compressed by the real gzip and zstd): verified, imported,
 * listed, fetched and drilled like our own backups; damaged copies refused with a sentence saying what is wrong.
 */
class SnapshotImportIT {

    @RegisterExtension
    static final EtcdServer ETCD = EtcdServer.plain();

    private static final String[] DECOMPRESSOR_WORDS = {"Unknown frame descriptor", "Restored data doesn't match checksum",
        "ZLIB", "GZIP"};

    @TempDir
    Path temp;

    @BeforeAll
    static void data() {
        EtcdTestSupport.fill(ETCD, "/registry/secrets/kube-system/s-", 200, 1_500);
        EtcdTestSupport.fill(ETCD, "/registry/secrets/kube-system/s-", 30, 300);
        ETCD.etcdctl(List.of(), "del", "/registry/secrets/kube-system/s-11");
    }

    private final List<String> log = new ArrayList<>();

    private SnapshotImporter importer() {
        return new SnapshotImporter(Clock.systemUTC(), new Random(), new SecureRandom(), log::add);
    }

    private FilesystemStore store() throws Exception {
        return new FilesystemStore(Files.createDirectories(temp.resolve("store")));
    }

    @Test
    void etcdctlSnapshotsPlainGzipAndZstdVerifyWithTheRevisionAndKeysEtcdReports() throws Exception {
        long[] expected = EtcdTestSupport.etcdctlCountAndRevision(ETCD, List.of());
        Path saved = SnapshotFiles.save(ETCD, List.of(), temp.resolve("etcd-snapshot.db"));

        for (Path file : List.of(saved, SnapshotFiles.compress("gzip", saved), SnapshotFiles.compress("zstd", saved))) {
            SnapshotFile.Verified verified = SnapshotFile.verify(file, temp.resolve("work"));

            assertThat(verified.keyCount()).as(file.toString()).isEqualTo(expected[0]);
            assertThat(verified.revision()).as(file.toString()).isEqualTo(expected[1]);
            assertThat(verified.bytes()).isEqualTo(Files.size(saved));
            assertThat(verified.storageVersion()).isEqualTo("3.6.0");
        }
        // the kind is told by the bytes: a zstd file named .db.gz is read as zstd
        Path misnamed = Files.copy(temp.resolve("etcd-snapshot.db.zst"), temp.resolve("misnamed.db.gz"));
        assertThat(SnapshotFile.verify(misnamed, temp.resolve("work")).compression()).isEqualTo(Compression.ZSTD);
        assertThat(temp.resolve("work")).isEmptyDirectory();
    }

    @Test
    void damagedCopiesAreRefusedWithWhatIsWrongWithThem() throws Exception {
        Path saved = SnapshotFiles.save(ETCD, List.of(), temp.resolve("good.db"));
        long size = Files.size(saved);
        Path work = temp.resolve("work");
        Path truncated = SnapshotFiles.truncated(saved, 100, temp.resolve("truncated.db"));

        assertThat(SnapshotFiles.refusal(truncated, work)).startsWith("[INVALID_SNAPSHOT] snapshot file " + truncated
                + " is not valid: the data ends 100 bytes early").endsWith("truncated copy?.");
        assertThat(SnapshotFiles.refusal(SnapshotFiles.bitFlipped(saved, size / 2, temp.resolve("flipped.db")), work))
                .contains("[CHECKSUM_MISMATCH]").contains("the SHA-256 trailer does not match: the data was changed after it "
                        + "was written");
        assertThat(SnapshotFiles.refusal(SnapshotFiles.withGarbage(saved, 300, temp.resolve("garbage.db")), work))
                .contains("[INVALID_SNAPSHOT]").contains("the snapshot is intact but followed by 300 more bytes")
                .contains("cut the file to " + size + " bytes");
        assertThat(SnapshotFiles.refusal(SnapshotFiles.truncated(saved, 32, temp.resolve("no-trailer.db")), work))
                .contains("bare bbolt database without the 32-byte SHA-256 trailer");
        // compressed copies of a truncated file: the decompressed data is what is short
        assertThat(SnapshotFiles.refusal(SnapshotFiles.compress("gzip", truncated), work)).contains("ends 100 bytes early");
        assertThat(SnapshotFiles.refusal(SnapshotFiles.compress("zstd", truncated), work)).contains("ends 100 bytes early");
        // a truncated compressed file: the compressed data stops
        Path zst = SnapshotFiles.compress("zstd", saved);
        String cutZstd = SnapshotFiles.refusal(SnapshotFiles.truncated(zst, 1000, temp.resolve("cut.db.zst")), work);
        assertThat(cutZstd).contains("[INVALID_SNAPSHOT]").contains("the zstd data stops in the middle")
                .contains("the compressed file is truncated");
        String flippedZstd = SnapshotFiles.refusal(SnapshotFiles.bitFlipped(zst, Files.size(zst) / 2,
                temp.resolve("flipped.db.zst")), work);
        assertThat(flippedZstd).contains("zstd data").contains("changed after it was written");
        Path gz = SnapshotFiles.compress("gzip", saved);
        String cutGzip = SnapshotFiles.refusal(SnapshotFiles.truncated(gz, 1000, temp.resolve("cut.db.gz")), work);
        assertThat(cutGzip).contains("the gzip data stops in the middle");
        for (String message : List.of(cutZstd, flippedZstd, cutGzip)) {
            for (String words : DECOMPRESSOR_WORDS) {
                assertThat(message).doesNotContain(words);
            }
        }
        Path text = Files.writeString(temp.resolve("notes.db"), "backup taken on Monday\n");
        assertThat(SnapshotFiles.refusal(text, work)).isEqualTo("[INVALID_SNAPSHOT] snapshot file " + text + " is not valid: "
                + "not an etcd snapshot: it is text starting with 'backup taken on Monday', where a snapshot starts with "
                + "a bbolt database page.");
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void anImportedSnapshotIsListedFetchedAndDrilledLikeABackup() throws Exception {
        long[] expected = EtcdTestSupport.etcdctlCountAndRevision(ETCD, List.of());
        Path saved = SnapshotFiles.save(ETCD, List.of(), temp.resolve("etcd-snapshot-2026-12-01.db"));
        Path gz = SnapshotFiles.compress("gzip", saved);
        Instant modified = Instant.parse("2026-12-01T03:00:00Z");
        Files.setLastModifiedTime(gz, FileTime.from(modified));
        FilesystemStore store = store();
        long gzBytes = Files.size(gz);

        BackupMetadata imported = importer().importFile(gz, "prod", store, BackupOptions.defaults(temp.resolve("work")),
                Optional.empty());

        assertThat(imported.createdAt()).isEqualTo(modified);
        assertThat(imported.id()).startsWith("20261201T030000Z-");
        assertThat(imported.importedFrom()).hasValueSatisfying(file -> {
            assertThat(file.fileName()).isEqualTo("etcd-snapshot-2026-12-01.db.gz");
            assertThat(file.fileModifiedAt()).isEqualTo(modified);
            assertThat(file.fileCompression()).isEqualTo(Compression.GZIP);
            assertThat(file.fileBytes()).isEqualTo(gzBytes);
        });
        assertThat(imported.keyCount()).isEqualTo(expected[0]);
        assertThat(imported.revision()).isEqualTo(expected[1]);
        assertThat(imported.compression()).isEqualTo(Compression.ZSTD);
        assertThat(imported.snapshotSha256()).isEqualTo(SnapshotFile.verify(saved).sha256());
        assertThat(BackupCatalog.list(store, "prod").backups()).containsExactly(imported);
        assertThat(log).anyMatch(line -> line.startsWith("Imported etcd-snapshot-2026-12-01.db.gz as backup " + imported.id()));

        BackupFetcher.Verified fetched = new BackupFetcher(Clock.systemUTC()).fetch(store, imported, List.of(),
                temp.resolve("fetched.db"));
        assertThat(fetched.revision()).isEqualTo(expected[1]);
        assertThat(Files.mismatch(saved, temp.resolve("fetched.db"))).isEqualTo(-1L);

        RestoreDrill.Report drill = new RestoreDrill(Clock.systemUTC(), line -> { }).run(store, imported, List.of(),
                EtcdBinaries.find(Optional.of(ETCD.binaries()), Map.of()), temp.resolve("drill"), Duration.ofSeconds(60));
        assertThat(drill.passed()).as(drill.problem()).isTrue();
        assertThat(drill.actualKeys()).isEqualTo(expected[0]);

        // the same snapshot again is refused, and leaves nothing behind
        assertThatThrownBy(() -> importer().importFile(saved, "prod", store, BackupOptions.defaults(temp.resolve("work")),
                Optional.empty())).hasMessageContaining("is already in").hasMessageContaining("as backup " + imported.id());
        assertThat(store.list("prod/")).hasSize(2); // the object and its metadata
    }

    @Test
    void aDamagedFileIsNotImportedAndLeavesNothingInTheStore() throws Exception {
        Path saved = SnapshotFiles.save(ETCD, List.of(), temp.resolve("s.db"));
        FilesystemStore store = store();
        Path zstOfTruncated = SnapshotFiles.compress("zstd", SnapshotFiles.truncated(saved, 4096, temp.resolve("t.db")));

        assertThatThrownBy(() -> importer().importFile(zstOfTruncated, "prod", store,
                BackupOptions.defaults(temp.resolve("work")), Optional.empty()))
                .isInstanceOfSatisfying(EtcdException.class, e -> assertThat(e.failureCause()).isEqualTo(FailureCause.INVALID_SNAPSHOT))
                .hasMessageContaining("snapshot file " + zstOfTruncated + " failed verification and was not stored: the data "
                        + "ends 4096 bytes early");
        assertThatThrownBy(() -> importer().importFile(SnapshotFiles.bitFlipped(saved, 9000, temp.resolve("f.db")), "prod",
                store, BackupOptions.defaults(temp.resolve("work")), Optional.empty()))
                .isInstanceOfSatisfying(EtcdException.class, e -> assertThat(e.failureCause()).isEqualTo(FailureCause.CHECKSUM_MISMATCH));
        try (Stream<Path> left = Files.walk(temp.resolve("store"))) {
            assertThat(left.filter(Files::isRegularFile).toList()).isEmpty();
        }
        assertThat(temp.resolve("work")).isEmptyDirectory();
    }

    @Test
    void aDamagedStoredBackupSaysItChangedAfterItWasStoredNotWhatTheDecompressorSaid() throws Exception {
        FilesystemStore store = store();
        BackupMetadata imported = importer().importFile(SnapshotFiles.save(ETCD, List.of(), temp.resolve("s.db")), "prod",
                store, BackupOptions.defaults(temp.resolve("work")), Optional.of(Instant.parse("2026-12-06T00:00:00Z")));
        Path object = temp.resolve("store").resolve(imported.object());
        byte[] stored = Files.readAllBytes(object);
        byte[] flipped = stored.clone();
        flipped[stored.length / 2] ^= 0x10;
        Files.write(object, flipped);

        assertThatThrownBy(() -> new BackupFetcher(Clock.systemUTC()).fetch(store, imported, List.of(), temp.resolve("x.db")))
                .isInstanceOfSatisfying(EtcdException.class, e -> {
                    assertThat(e.failureCause()).isEqualTo(FailureCause.CHECKSUM_MISMATCH);
                    assertThat(e.getMessage()).contains("was changed after it was stored").contains("zstd data")
                            .doesNotContain("Unknown frame descriptor").doesNotContain("Restored data doesn't match checksum");
                });
        Files.write(object, java.util.Arrays.copyOf(stored, stored.length - 500));
        assertThatThrownBy(() -> new BackupFetcher(Clock.systemUTC()).fetch(store, imported, List.of(), temp.resolve("x.db")))
                .hasMessageContaining("was changed after it was stored").hasMessageContaining("zstd data stops in the middle");
    }
}
