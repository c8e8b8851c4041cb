package io.jenkins.plugins.kubeops.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics text: families with HELP and TYPE, one sample per cluster, escaping, missing backups and stores. */
class BackupMetricsTest {

    @TempDir
    Path temp;

    private static final Instant TAKEN = Instant.parse("2026-12-07T10:15:00.250Z");

    private static List<String> samples(String text, String family) {
        return text.lines().filter(line -> line.startsWith(family + "{") || line.startsWith(family + " ")).toList();
    }

    @Test
    void theNewestBackupAndTheLastFailureOfEachCluster() {
        BackupMetadata newest = Backups.at("prod", TAKEN, 4821);
        BackupMetadata older = Backups.at("prod", TAKEN.minus(Duration.ofHours(1)), 4000);
        LastFailure failure = new LastFailure("prod", Instant.parse("2026-12-07T11:15:00Z"), FailureCause.ETCD_TLS, "handshake");

        String text = BackupMetrics.render(List.of(BackupMetrics.ClusterState.of("prod", List.of(newest, older),
                Optional.of(failure))));

        assertThat(samples(text, "kube_ops_etcd_backup_last_success_timestamp_seconds"))
                .containsExactly("kube_ops_etcd_backup_last_success_timestamp_seconds{cluster=\"prod\"} 1796638500.250");
        assertThat(samples(text, "kube_ops_etcd_backup_last_success_duration_seconds"))
                .containsExactly("kube_ops_etcd_backup_last_success_duration_seconds{cluster=\"prod\"} 3.000");
        assertThat(samples(text, "kube_ops_etcd_backup_last_success_size_bytes"))
                .containsExactly("kube_ops_etcd_backup_last_success_size_bytes{cluster=\"prod\"} 1000");
        assertThat(samples(text, "kube_ops_etcd_backup_last_success_revision"))
                .containsExactly("kube_ops_etcd_backup_last_success_revision{cluster=\"prod\"} 4821");
        assertThat(samples(text, "kube_ops_etcd_backups")).containsExactly("kube_ops_etcd_backups{cluster=\"prod\"} 2");
        assertThat(samples(text, "kube_ops_etcd_backup_last_success_imported"))
                .containsExactly("kube_ops_etcd_backup_last_success_imported{cluster=\"prod\"} 0");
        assertThat(samples(text, "kube_ops_etcd_backup_last_failure_timestamp_seconds"))
                .containsExactly("kube_ops_etcd_backup_last_failure_timestamp_seconds{cluster=\"prod\",cause=\"ETCD_TLS\"} "
                        + "1796642100.000");
        assertThat(samples(text, "kube_ops_etcd_backup_store_up")).containsExactly("kube_ops_etcd_backup_store_up{cluster=\"prod\"} 1");
    }

    @Test
    void everyFamilyHasHelpAndTypeOnceAndItsSamplesTogether() {
        String text = BackupMetrics.render(List.of(
                BackupMetrics.ClusterState.of("a", List.of(Backups.at("a", TAKEN, 1)), Optional.empty()),
                BackupMetrics.ClusterState.of("b", List.of(Backups.at("b", TAKEN, 2)), Optional.empty())));
        List<String> lines = text.lines().toList();

        List<String> families = lines.stream().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")[2]).toList();
        assertThat(families).doesNotHaveDuplicates().hasSize(10).allMatch(name -> name.startsWith("kube_ops_etcd_"));
        assertThat(lines.stream().filter(l -> l.startsWith("# HELP ")).count()).isEqualTo(families.size());
        assertThat(lines).allMatch(l -> l.startsWith("# HELP ") || l.startsWith("# TYPE ") && l.endsWith(" gauge")
                || l.matches("kube_ops_etcd_[a-z_]+\\{cluster=\"[ab]\"(,cause=\"[A-Z_]+\")?} -?[0-9]+(\\.[0-9]+)?"));
        // a family's samples follow its TYPE line directly
        int type = lines.indexOf("# TYPE kube_ops_etcd_backup_last_success_revision gauge");
        assertThat(lines.subList(type + 1, type + 3)).containsExactly(
                "kube_ops_etcd_backup_last_success_revision{cluster=\"a\"} 1",
                "kube_ops_etcd_backup_last_success_revision{cluster=\"b\"} 2");
        assertThat(text).endsWith("\n");
    }

    @Test
    void noBackupYetMeansTimestampZeroSoThatAnAgeAlertFires() {
        String text = BackupMetrics.render(List.of(BackupMetrics.ClusterState.of("new", List.of(), Optional.empty())));

        assertThat(samples(text, "kube_ops_etcd_backup_last_success_timestamp_seconds"))
                .containsExactly("kube_ops_etcd_backup_last_success_timestamp_seconds{cluster=\"new\"} 0");
        assertThat(samples(text, "kube_ops_etcd_backups")).containsExactly("kube_ops_etcd_backups{cluster=\"new\"} 0");
        assertThat(samples(text, "kube_ops_etcd_backup_last_success_size_bytes")).isEmpty();
        assertThat(samples(text, "kube_ops_etcd_backup_last_failure_timestamp_seconds")).isEmpty();
    }

    @Test
    void anUnreadableStoreSaysSoAndClaimsNothingElse() {
        String text = BackupMetrics.render(List.of(BackupMetrics.ClusterState.unreadable("prod", "directory missing")));

        assertThat(text.lines().filter(l -> !l.startsWith("#")).toList())
                .containsExactly("kube_ops_etcd_backup_store_up{cluster=\"prod\"} 0");
    }

    @Test
    void labelValuesAreEscapedAsTheExpositionFormatWants() {
        assertThat(BackupMetrics.escape("a\\b\"c\nd")).isEqualTo("a\\\\b\\\"c\\nd");
        String text = BackupMetrics.render(List.of(BackupMetrics.ClusterState.unreadable("we\"ird\\\n", "x")));

        assertThat(samples(text, "kube_ops_etcd_backup_store_up"))
                .containsExactly("kube_ops_etcd_backup_store_up{cluster=\"we\\\"ird\\\\\\n\"} 0");
    }

    @Test
    void secondsKeepMillisecondsAndNeverUseAnExponent() {
        assertThat(BackupMetrics.seconds(1_796_638_500_250L)).isEqualTo("1796638500.250");
        assertThat(BackupMetrics.seconds(5)).isEqualTo("0.005");
        assertThat(BackupMetrics.seconds(0)).isEqualTo("0.000");
    }

    @Test
    void theTextfileIsReplacedAtomicallyAndNoTemporaryFileStays() throws Exception {
        Path written = BackupMetrics.writeTextfile(temp, "first\n");
        Path again = BackupMetrics.writeTextfile(temp, "second\n");

        assertThat(written).isEqualTo(again).isEqualTo(temp.resolve("kube_ops_etcd.prom"));
        assertThat(Files.readString(written)).isEqualTo("second\n");
        try (var files = Files.list(temp)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("kube_ops_etcd.prom");
        }
        assertThat(Files.getPosixFilePermissions(written)).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
        assertThatThrownBy(() -> BackupMetrics.writeTextfile(temp.resolve("absent"), "x"))
                .hasMessageContaining("textfile directory " + temp.resolve("absent") + " does not exist");
    }

    @Test
    void writersOfOneClusterEachGetTheirOwnFile() throws Exception {
        assertThat(BackupMetrics.textfileName("prod-eu")).isEqualTo("kube_ops_etcd_prod_eu.prom");
        assertThat(BackupMetrics.writeTextfile(temp, BackupMetrics.textfileName("a"), "x\n"))
                .isEqualTo(temp.resolve("kube_ops_etcd_a.prom"));
        assertThatThrownBy(() -> BackupMetrics.textfileName("Prod_EU")).hasMessageContaining("Cluster name 'Prod_EU' is invalid");
        assertThatThrownBy(() -> BackupMetrics.writeTextfile(temp, "metrics.txt", "x")).hasMessageContaining("*.prom");
    }

    @Test
    void clusterStatesAreReadFromTheStoreWithTheLastFailure() throws Exception {
        FilesystemStore store = new FilesystemStore(Files.createDirectories(temp.resolve("store")));
        BackupMetadata backup = Backups.at("prod", TAKEN, 7);
        store.put(backup.metadataName(), MetadataJson.write(backup));
        store.put(backup.object(), new byte[] {1});
        LastFailure.record(store, new LastFailure("prod", TAKEN.plusSeconds(60), FailureCause.STORE_FULL, "full"), line -> { });

        BackupMetrics.ClusterState state = BackupMetrics.ClusterState.read(store, "prod");
        BackupMetrics.ClusterState missing = BackupMetrics.ClusterState.read(new FilesystemStore(temp.resolve("gone")), "prod");

        assertThat(state.newest()).contains(backup);
        assertThat(state.lastFailure().map(LastFailure::cause)).contains(FailureCause.STORE_FULL);
        assertThat(BackupCatalog.list(store, "prod").orphans()).isEmpty(); // the failure record is not a leftover upload
        assertThat(missing.storeError()).hasValueSatisfying(error -> assertThat(error).contains("does not exist"));
        assertThat(LastFailure.read(store, "other")).isEmpty();
    }
}
