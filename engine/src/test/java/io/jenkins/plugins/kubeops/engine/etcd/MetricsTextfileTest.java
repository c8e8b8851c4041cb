package io.jenkins.plugins.kubeops.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics a backup writes for node-exporter, on a directory store: after a success, after a failure, and when they cannot be written. */
class MetricsTextfileTest {

    private static final Instant TAKEN = Instant.parse("2026-12-07T10:15:00Z");

    @TempDir
    Path temp;

    private final List<String> log = new ArrayList<>();

    private FilesystemStore store() throws Exception {
        return new FilesystemStore(Files.createDirectories(temp.resolve("store")));
    }

    private Path textfiles() throws Exception {
        return Files.createDirectories(temp.resolve("textfile"));
    }

    @Test
    void aSuccessfulBackupWritesTheClustersOwnFileWithItsNewestBackup() throws Exception {
        FilesystemStore store = store();
        BackupMetadata backup = Backups.at("prod-eu", TAKEN, 4821);

        BackupMetadata returned = new MetricsTextfile(textfiles()).afterBackup("prod-eu", store, () -> {
            store.put(backup.metadataName(), MetadataJson.write(backup));
            return backup;
        }, log::add);

        assertThat(returned).isEqualTo(backup);
        Path file = temp.resolve("textfile/kube_ops_etcd_prod_eu.prom");
        assertThat(Files.readString(file))
                .contains("kube_ops_etcd_backup_last_success_timestamp_seconds{cluster=\"prod-eu\"} 1796638500.000\n")
                .contains("kube_ops_etcd_backups{cluster=\"prod-eu\"} 1\n")
                .contains("kube_ops_etcd_backup_store_up{cluster=\"prod-eu\"} 1\n")
                .doesNotContain("kube_ops_etcd_backup_last_failure_timestamp_seconds{");
        assertThat(log).containsExactly("Backup metrics of 'prod-eu' written to " + file);
    }

    @Test
    void aFailedBackupStillWritesTheMetricsWithTheCauseItRecordedAndStaysTheFailure() throws Exception {
        FilesystemStore store = store();
        SnapshotTaker taker = new SnapshotTaker(Clock.systemUTC(), new Random(), new SecureRandom(),
                new SnapshotLocks(temp.resolve("locks")), log::add);
        EtcdTarget unreachable = EtcdTestSupport.plainTarget("prod-eu", "http://127.0.0.1:1");
        BackupOptions options = BackupOptions.defaults(temp.resolve("work"));

        assertThatThrownBy(() -> new MetricsTextfile(textfiles()).afterBackup("prod-eu", store,
                () -> taker.backup(unreachable, store, options), log::add))
                .isInstanceOfSatisfying(EtcdException.class,
                        e -> assertThat(e.failureCause()).isEqualTo(FailureCause.ETCD_UNREACHABLE));

        String text = Files.readString(temp.resolve("textfile/kube_ops_etcd_prod_eu.prom"));
        assertThat(text).containsPattern("kube_ops_etcd_backup_last_failure_timestamp_seconds\\{cluster=\"prod-eu\","
                + "cause=\"ETCD_UNREACHABLE\"} \\d+\\.\\d{3}\n");
        assertThat(text).contains("kube_ops_etcd_backup_last_success_timestamp_seconds{cluster=\"prod-eu\"} 0\n")
                .contains("kube_ops_etcd_backups{cluster=\"prod-eu\"} 0\n");
        assertThat(log).contains("Backup metrics of 'prod-eu' (with the failure) written to "
                + temp.resolve("textfile/kube_ops_etcd_prod_eu.prom"));
    }

    @Test
    void anUnreadableStoreIsWrittenAsStoreDown() throws Exception {
        FilesystemStore missing = new FilesystemStore(temp.resolve("no-such-store"));
        Files.writeString(temp.resolve("no-such-store"), "a file, not a directory");

        Path file = new MetricsTextfile(textfiles()).write(missing, "prod-eu");

        assertThat(Files.readString(file)).contains("kube_ops_etcd_backup_store_up{cluster=\"prod-eu\"} 0\n")
                .doesNotContain("kube_ops_etcd_backups{");
    }

    @Test
    void metricsThatCannotBeWrittenAfterASuccessfulBackupFailSayingTheBackupIsStored() throws Exception {
        FilesystemStore store = store();
        BackupMetadata backup = Backups.at("prod-eu", TAKEN, 4821);
        Path absent = temp.resolve("absent");

        assertThatThrownBy(() -> new MetricsTextfile(absent).afterBackup("prod-eu", store, () -> backup, log::add))
                .isInstanceOf(EtcdException.class)
                .hasMessage("backup " + backup.id() + " is stored, but its metrics were not written: textfile directory "
                        + absent + " does not exist: create it, or give node-exporter's --collector.textfile.directory.");
    }

    @Test
    void metricsThatCannotBeWrittenAfterAFailedBackupOnlyWarnAndTheBackupsFailureStays() throws Exception {
        FilesystemStore store = store();
        EtcdException failure = new EtcdException(FailureCause.ETCD_TLS, "handshake failed");

        assertThatThrownBy(() -> new MetricsTextfile(temp.resolve("absent")).afterBackup("prod-eu", store, () -> {
            throw failure;
        }, log::add)).isSameAs(failure);

        assertThat(failure.getSuppressed()).hasSize(1);
        assertThat(log).singleElement().asString().startsWith("warning: textfile directory ");
    }

    @Test
    void theDirectoryIsOptionalAbsoluteAndNotAFile() {
        assertThat(MetricsTextfile.parse("metricsTextfile", " ")).isEmpty();
        assertThat(MetricsTextfile.parse("metricsTextfile", null)).isEmpty();
        assertThat(MetricsTextfile.parse("metricsTextfile", " /var/lib/node_exporter/textfile "))
                .contains(new MetricsTextfile(Path.of("/var/lib/node_exporter/textfile")));
        assertThatThrownBy(() -> MetricsTextfile.parse("metricsTextfile", "textfile"))
                .isInstanceOf(KubeOpsException.class)
                .hasMessage("metricsTextfile 'textfile' is not an absolute path: give node-exporter's "
                        + "--collector.textfile.directory, e.g. /var/lib/node_exporter/textfile.");
        assertThat(EtcdSettingsValidation.textfileDirectory("metricsTextfile", "/var/lib/node_exporter/textfile/etcd.prom")
                .message()).startsWith("metricsTextfile '/var/lib/node_exporter/textfile/etcd.prom' names a file: give the "
                + "directory");
    }

    @Test
    void theTimeAnImportedSnapshotWasTakenIsAUtcTimeOrNothing() {
        assertThat(SnapshotImporter.createdAt("createdAt", "")).isEmpty();
        assertThat(SnapshotImporter.createdAt("createdAt", " 2026-12-01T03:00:00Z ")).contains(Instant.parse("2026-12-01T03:00:00Z"));
        assertThatThrownBy(() -> SnapshotImporter.createdAt("--created-at", "2026-12-01 03:00"))
                .hasMessage("--created-at '2026-12-01 03:00' is not a UTC time: write it as 2026-12-01T03:00:00Z.");
        assertThat(EtcdSettingsValidation.createdAt("createdAt", "yesterday").isError()).isTrue();
    }
}
