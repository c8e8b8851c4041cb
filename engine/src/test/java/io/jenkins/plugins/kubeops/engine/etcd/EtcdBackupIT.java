package io.jenkins.plugins.kubeops.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.common.Secret;
import io.jenkins.plugins.kubeops.engine.testing.EtcdServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Backups of a real etcd (plain) into a real directory: round trip, damage, failures, drill, locks. */
class EtcdBackupIT {

    @RegisterExtension
    static final EtcdServer ETCD = EtcdServer.plain();

    @TempDir
    Path temp;

    @BeforeAll
    static void data() {
        EtcdTestSupport.fill(ETCD, "/registry/configmaps/default/cm-", 300, 2_000);
        EtcdTestSupport.fill(ETCD, "/registry/configmaps/default/cm-", 50, 500); // history: overwrites
        ETCD.etcdctl(List.of(), "del", "/registry/configmaps/default/cm-7");
    }

    private EtcdTestSupport support() {
        return new EtcdTestSupport(temp.resolve("locks"));
    }

    private FilesystemStore store() throws Exception {
        return new FilesystemStore(Files.createDirectories(temp.resolve("store")));
    }

    private BackupMetadata backup(BackupStore store, BackupOptions options) {
        return support().taker().backup(EtcdTestSupport.plainTarget("prod", ETCD.endpoint()), store, options);
    }

    @Test
    void backupRecordsWhatEtcdReportsAndComesBackInADrill() throws Exception {
        FilesystemStore store = store();
        long[] expected = EtcdTestSupport.etcdctlCountAndRevision(ETCD, List.of());

        BackupMetadata backup = backup(store, BackupOptions.defaults(temp.resolve("work")));

        assertThat(backup.keyCount()).isEqualTo(expected[0]);
        assertThat(backup.revision()).isEqualTo(expected[1]);
        assertThat(backup.snapshotBytes() % 512).isEqualTo(32);
        assertThat(backup.storedBytes()).isLessThan(backup.snapshotBytes());
        assertThat(backup.etcdVersion()).isEqualTo("3.6.8");
        assertThat(backup.memberName()).isEqualTo("test");
        assertThat(backup.alarms()).isEmpty();
        assertThat(BackupCatalog.list(store, "prod").backups()).containsExactly(backup);
        assertThat(MetadataJson.read(store.read(backup.metadataName()))).isEqualTo(backup);

        RestoreDrill.Report drill = new RestoreDrill(Clock.systemUTC(), line -> { }).run(store, backup, List.of(),
                EtcdBinaries.find(Optional.of(ETCD.binaries()), java.util.Map.of()), temp.resolve("drill"), Duration.ofSeconds(60));

        assertThat(drill.problem()).isEmpty();
        assertThat(drill.passed()).isTrue();
        assertThat(drill.actualKeys()).isEqualTo(expected[0]);
        assertThat(drill.actualRevision()).isEqualTo(expected[1]);
        assertThat(drill.etcdVersion()).isEqualTo("3.6.8");
        assertThat(temp.resolve("drill")).isEmptyDirectory();
    }

    @Test
    void theStoredSnapshotIsWhatEtcdutlRestores() throws Exception {
        FilesystemStore store = store();
        BackupMetadata backup = backup(store, new BackupOptions(Compression.GZIP, Optional.empty(),
                Optional.of(EtcdBinaries.find(Optional.of(ETCD.binaries()), java.util.Map.of())), temp.resolve("work")));
        Path snapshot = temp.resolve("fetched.db");

        BackupFetcher.Verified verified = new BackupFetcher(Clock.systemUTC()).fetch(store, backup, List.of(), snapshot);

        assertThat(backup.deepChecked()).isTrue();
        assertThat(backup.object()).endsWith(".db.gz");
        assertThat(verified.revision()).isEqualTo(backup.revision());
        assertThat(SnapshotFile.verify(snapshot).sha256()).isEqualTo(backup.snapshotSha256());
        EtcdServer.Result status = run(ETCD.binaries().resolve("etcdutl").toString(), "snapshot", "status", snapshot.toString(), "-w", "json");
        assertThat(status.output()).contains("\"revision\":" + backup.revision());
    }

    @Test
    void aBitFlipInTheStoredObjectIsCaughtByItsChecksum() throws Exception {
        FilesystemStore store = store();
        BackupMetadata backup = backup(store, BackupOptions.defaults(temp.resolve("work")));
        Path object = temp.resolve("store").resolve(backup.object());
        byte[] bytes = Files.readAllBytes(object);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(object, bytes);

        assertThatThrownBy(() -> new BackupFetcher(Clock.systemUTC()).fetch(store, backup, List.of(), temp.resolve("x.db")))
                .isInstanceOfSatisfying(EtcdException.class, e -> assertThat(e.failureCause()).isEqualTo(FailureCause.CHECKSUM_MISMATCH))
                .hasMessageContaining(backup.id());
        assertThat(temp.resolve("x.db")).doesNotExist();
    }

    @Test
    void aTruncatedStoredObjectIsRejected() throws Exception {
        FilesystemStore store = store();
        BackupMetadata backup = backup(store, new BackupOptions(Compression.NONE, Optional.empty(), Optional.empty(),
                temp.resolve("work")));
        Path object = temp.resolve("store").resolve(backup.object());
        byte[] bytes = Files.readAllBytes(object);
        Files.write(object, java.util.Arrays.copyOf(bytes, bytes.length - 4096));

        assertThatThrownBy(() -> new BackupFetcher(Clock.systemUTC()).fetch(store, backup, List.of(), temp.resolve("x.db")))
                .isInstanceOfSatisfying(EtcdException.class, e -> assertThat(e.failureCause()).isEqualTo(FailureCause.CHECKSUM_MISMATCH));
    }

    @Test
    void encryptedBackupsNeedTheirKeyAndSayWhichOne() throws Exception {
        FilesystemStore store = store();
        EncryptionKey key = EncryptionKey.of(Secret.of(Base64.getEncoder().encodeToString(new byte[32])));
        byte[] other = new byte[32];
        other[0] = 1;
        EncryptionKey wrong = EncryptionKey.of(Secret.of(Base64.getEncoder().encodeToString(other)));
        BackupMetadata backup = backup(store, new BackupOptions(Compression.ZSTD, Optional.of(key), Optional.empty(),
                temp.resolve("work")));

        assertThat(backup.encryptionKeyId()).contains(key.id());
        assertThat(new String(Files.readAllBytes(temp.resolve("store").resolve(backup.object())), java.nio.charset.StandardCharsets.ISO_8859_1))
                .startsWith("KOPSENC1" + key.id());
        assertThatThrownBy(() -> new BackupFetcher(Clock.systemUTC()).fetch(store, backup, List.of(wrong), temp.resolve("x.db")))
                .isInstanceOfSatisfying(EtcdException.class, e -> assertThat(e.failureCause()).isEqualTo(FailureCause.CHECKSUM_MISMATCH))
                .hasMessageContaining("encrypted with key " + key.id());
        // after a rotation: the old key listed as a previous key still reads the backup
        assertThat(new BackupFetcher(Clock.systemUTC()).fetch(store, backup, List.of(wrong, key), temp.resolve("ok.db")).revision())
                .isEqualTo(backup.revision());
    }

    @Test
    void aSnapshotFileWithABitFlipNoTrailerOrTruncatedFailsVerification() throws Exception {
        Path saved = temp.resolve("saved.db");
        assertThat(ETCD.etcdctl(List.of(), "snapshot", "save", saved.toString()).exitCode()).isZero();
        assertThat(SnapshotFile.verify(saved).revision()).isPositive();
        byte[] good = Files.readAllBytes(saved);

        byte[] flipped = good.clone();
        flipped[8192 + 100] ^= 0x01;
        assertThat(failureOf(temp.resolve("flipped.db"), flipped)).isEqualTo(FailureCause.CHECKSUM_MISMATCH);
        assertThat(failureOf(temp.resolve("no-trailer.db"), java.util.Arrays.copyOf(good, good.length - 32)))
                .isEqualTo(FailureCause.INVALID_SNAPSHOT);
        assertThat(failureOf(temp.resolve("truncated.db"), java.util.Arrays.copyOf(good, good.length - 1000)))
                .isEqualTo(FailureCause.INVALID_SNAPSHOT);
        // cut by whole pages, the size rule still holds: the meta page's page count tells how much is missing
        assertThat(failureOf(temp.resolve("truncated-pages.db"), java.util.Arrays.copyOf(good, good.length - 4096)))
                .isEqualTo(FailureCause.INVALID_SNAPSHOT);
    }

    @Test
    void aStoppedOrAbsentMemberIsReportedAsUnreachable() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        FilesystemStore store = store();
        EtcdTarget target = EtcdTestSupport.plainTarget("prod", "http://127.0.0.1:" + closedPort);

        assertThatThrownBy(() -> support().taker().backup(target, store, BackupOptions.defaults(temp.resolve("work"))))
                .isInstanceOfSatisfying(EtcdException.class, e -> assertThat(e.failureCause()).isEqualTo(FailureCause.ETCD_UNREACHABLE))
                .hasMessageContaining("127.0.0.1:" + closedPort).hasMessageContaining("unreachable");
        assertThat(BackupCatalog.list(store, "prod").backups()).isEmpty();
        // recorded for the metrics, with its cause
        assertThat(LastFailure.read(store, "prod")).hasValueSatisfying(failure -> {
            assertThat(failure.cause()).isEqualTo(FailureCause.ETCD_UNREACHABLE);
            assertThat(failure.message()).contains("127.0.0.1:" + closedPort);
        });
    }

    @Test
    void aMissingStoreDirectoryIsReportedBeforeTheSnapshot() {
        FilesystemStore store = new FilesystemStore(temp.resolve("not-mounted"));

        assertThatThrownBy(() -> backup(store, BackupOptions.defaults(temp.resolve("work"))))
                .isInstanceOfSatisfying(EtcdException.class, e -> assertThat(e.failureCause()).isEqualTo(FailureCause.STORE_UNREACHABLE))
                .hasMessageContaining("not-mounted").hasMessageContaining("mounted");
    }

    @Test
    void aFullStoreFailsClearlyAndLeavesNoBackupBehind() throws Exception {
        Path small = Files.createDirectories(temp.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        assertThat(mount.waitFor()).as("mounting a 64 KiB tmpfs (tests run as root): "
                + new String(mount.getInputStream().readAllBytes())).isZero();
        try {
            FilesystemStore store = new FilesystemStore(small);
            assertThatThrownBy(() -> backup(store, new BackupOptions(Compression.NONE, Optional.empty(), Optional.empty(),
                    temp.resolve("work"))))
                    .isInstanceOfSatisfying(EtcdException.class, e -> assertThat(e.failureCause()).isEqualTo(FailureCause.STORE_FULL))
                    .hasMessageContaining("full");
            try (Stream<Path> left = Files.walk(small)) {
                // no object, no partial file: only the failure record for the metrics, once the partial file freed room
                assertThat(left.filter(Files::isRegularFile).map(p -> small.relativize(p).toString()).toList())
                        .isSubsetOf("_failures/prod.json");
            }
            assertThat(temp.resolve("work")).isEmptyDirectory();
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor();
        }
    }

    @Test
    void aSecondBackupOfTheSameClusterIsRefusedWhileOneRuns() throws Exception {
        FilesystemStore store = store();
        EtcdTestSupport support = support();
        try (SnapshotLocks.Held running = new SnapshotLocks(support.lockDir).acquire("prod")) {
            assertThatThrownBy(() -> support.taker().backup(EtcdTestSupport.plainTarget("prod", ETCD.endpoint()), store,
                    BackupOptions.defaults(temp.resolve("work"))))
                    .isInstanceOfSatisfying(EtcdException.class, e -> assertThat(e.failureCause()).isEqualTo(FailureCause.BACKUP_IN_PROGRESS))
                    .hasMessageContaining("already running");
            assertThat(LastFailure.read(store, "prod")).isEmpty(); // a refusal is not a failed backup
            // another cluster is not blocked
            assertThat(support.taker().backup(EtcdTestSupport.plainTarget("other", ETCD.endpoint()), store,
                    BackupOptions.defaults(temp.resolve("work"))).cluster()).isEqualTo("other");
        }
        assertThat(backup(store, BackupOptions.defaults(temp.resolve("work"))).cluster()).isEqualTo("prod");
    }

    @Test
    void twoBackupsStartedTogetherYieldOneBackupAndOneRefusal() throws Exception {
        FilesystemStore store = store();
        EtcdTestSupport support = support();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<BackupMetadata>> runs = Stream.of(1, 2).map(i -> pool.submit(() -> {
                start.await();
                return support.taker().backup(EtcdTestSupport.plainTarget("prod", ETCD.endpoint()), store,
                        BackupOptions.defaults(temp.resolve("work-" + i)));
            })).toList();
            start.countDown();
            int refused = 0;
            for (java.util.concurrent.Future<BackupMetadata> run : runs) {
                try {
                    run.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(EtcdException.causeOf(e.getCause())).isEqualTo(FailureCause.BACKUP_IN_PROGRESS);
                    refused++;
                }
            }
            // both may succeed one after the other when the first finishes before the second starts; never both at once
            assertThat(BackupCatalog.list(store, "prod").backups()).hasSize(2 - refused);
        } finally {
            pool.shutdownNow();
        }
    }

    private static FailureCause failureOf(Path file, byte[] content) throws Exception {
        Files.write(file, content);
        try {
            SnapshotFile.verify(file);
            return null;
        } catch (EtcdException e) {
            return e.failureCause();
        }
    }

    private static EtcdServer.Result run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        return new EtcdServer.Result(process.waitFor(), output);
    }
}
