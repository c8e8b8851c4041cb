package io.jenkins.plugins.kubeops.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.testing.EtcdServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd 3.4 (Debian's): backed up like 3.6, and drilled with etcd 3.4's own restore, {@code etcdctl snapshot restore}; a
 * snapshot saved by etcdctl 3.4 is verified, imported and drilled the same way.
 */
class Etcd34IT {

    @RegisterExtension
    static final EtcdServer ETCD = EtcdServer.debian34();

    @TempDir
    Path temp;

    @Test
    void backsUpEtcd34AndRestoresItWithEtcdctl34InADrill() throws Exception {
        EtcdTestSupport.fill(ETCD, "/registry/pods/default/p-", 120, 700);
        ETCD.etcdctl(List.of(), "del", "/registry/pods/default/p-3");
        long[] expected = EtcdTestSupport.etcdctlCountAndRevision(ETCD, List.of());
        FilesystemStore store = new FilesystemStore(Files.createDirectories(temp.resolve("store")));

        BackupMetadata backup = new EtcdTestSupport(temp.resolve("locks")).taker().backup(
                EtcdTestSupport.plainTarget("old", ETCD.endpoint()), store, BackupOptions.defaults(temp.resolve("work")));

        assertThat(backup.etcdVersion()).startsWith("3.4.");
        assertThat(backup.keyCount()).isEqualTo(expected[0]);
        assertThat(backup.revision()).isEqualTo(expected[1]);
        EtcdBinaries debian = EtcdBinaries.find(Optional.of(ETCD.binaries()), Map.of());
        assertThat(debian.etcdutl()).isEmpty();
        assertThat(debian.restore(new RestoreCommand("s.db", "n", "n=http://x:1", "t", "http://x:1", "d",
                java.util.OptionalLong.of(5))).get(0)).endsWith("etcdctl");

        RestoreDrill.Report drill = new RestoreDrill(Clock.systemUTC(), line -> { }).run(store, backup, List.of(), debian,
                temp.resolve("drill"), Duration.ofSeconds(60));

        assertThat(drill.passed()).as(drill.problem()).isTrue();
        assertThat(drill.etcdVersion()).startsWith("3.4.");
        assertThat(drill.actualKeys()).isEqualTo(expected[0]);
        assertThat(drill.actualRevision()).isEqualTo(expected[1]);
    }

    @Test
    void anEtcdctl34SnapshotIsVerifiedImportedAndDrilledWithEtcd34() throws Exception {
        EtcdTestSupport.fill(ETCD, "/registry/services/default/svc-", 80, 400);
        long[] expected = EtcdTestSupport.etcdctlCountAndRevision(ETCD, List.of());
        Path saved = SnapshotFiles.save(ETCD, List.of(), temp.resolve("etcd34.db"));
        Path zst = SnapshotFiles.compress("zstd", saved);

        SnapshotFile.Verified verified = SnapshotFile.verify(zst, temp.resolve("work"));
        assertThat(verified.keyCount()).isEqualTo(expected[0]);
        assertThat(verified.revision()).isEqualTo(expected[1]);
        assertThat(verified.storageVersion()).isEmpty(); // 3.4 writes no storage version
        assertThat(SnapshotFiles.refusal(SnapshotFiles.truncated(saved, 100, temp.resolve("cut.db")), temp.resolve("work")))
                .contains("the data ends 100 bytes early").contains("truncated copy?");

        FilesystemStore store = new FilesystemStore(Files.createDirectories(temp.resolve("store")));
        BackupMetadata imported = new SnapshotImporter(Clock.systemUTC(), new java.util.Random(), new java.security.SecureRandom(),
                line -> { }).importFile(zst, "old", store, BackupOptions.defaults(temp.resolve("work")), Optional.empty());
        assertThat(BackupCatalog.list(store, "old").backups()).containsExactly(imported);
        assertThat(imported.importedFrom().map(BackupMetadata.ImportedFile::fileCompression)).contains(Compression.ZSTD);

        RestoreDrill.Report drill = new RestoreDrill(Clock.systemUTC(), line -> { }).run(store, imported, List.of(),
                EtcdBinaries.find(Optional.of(ETCD.binaries()), Map.of()), temp.resolve("drill"), Duration.ofSeconds(60));

        assertThat(drill.passed()).as(drill.problem()).isTrue();
        assertThat(drill.etcdVersion()).startsWith("3.4.");
        assertThat(drill.actualKeys()).isEqualTo(expected[0]);
        assertThat(drill.actualRevision()).isEqualTo(expected[1]);
    }
}
