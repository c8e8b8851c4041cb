package io.jenkins.plugins.kubeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.etcd.SnapshotFiles;
import io.jenkins.plugins.kubeops.engine.testing.EtcdServer;
import io.jenkins.plugins.kubeops.engine.testing.NodeExporter;
import io.jenkins.plugins.kubeops.engine.testing.PrometheusServer;
import io.jenkins.plugins.kubeops.engine.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup freshness metrics end to end: {@code kube-ops etcd list --textfile} writes them, the real node-exporter's textfile
 * collector serves them, the real Prometheus scrapes them, and the documented alert expressions are evaluated through its
 * query API: true for a cluster whose newest backup is old (or missing), false for a fresh one.
 */
class EtcdMetricsIT {

    @RegisterExtension
    static final EtcdServer ETCD = EtcdServer.plain();

    @RegisterExtension
    static final NodeExporter NODE = NodeExporter.start();

    @RegisterExtension
    static final PrometheusServer PROMETHEUS = PrometheusServer.scraping(NODE.target());

    /** The alert expression of docs/etcd.md: no verified backup for more than 6 hours. */
    static final String TOO_OLD = "time() - kube_ops_etcd_backup_last_success_timestamp_seconds > 6 * 3600";
    /** The other one: the last failure is newer than the last success. */
    static final String FAILING = "kube_ops_etcd_backup_last_failure_timestamp_seconds > on(cluster) group_left "
            + "kube_ops_etcd_backup_last_success_timestamp_seconds";

    @TempDir
    Path temp;

    CliRun cli(String... args) {
        return CliRun.run(temp, args);
    }

    @Test
    void prometheusAlertsOnAnOldOrMissingBackupAndAFailingOneButNotOnAFreshOne() throws Exception {
        ETCD.etcdctl(List.of(), "put", "/registry/namespaces/default", "x");
        String store = Files.createDirectories(temp.resolve("store")).toString();
        Path snapshot = SnapshotFiles.save(ETCD, List.of(), temp.resolve("etcd-snapshot.db"));
        // an old snapshot someone brings: imported with the time it was taken
        CliRun old = cli("etcd", "import", snapshot.toString(), "--cluster", "stale", "--store-dir", store, "--created-at",
                Instant.now().minus(Duration.ofHours(10)).truncatedTo(ChronoUnit.SECONDS).toString());
        assertThat(old.exitCode()).as(old.err()).isZero();
        // a backup taken now
        CliRun fresh = cli("etcd", "backup", "--cluster", "fresh", "--store-dir", store, "--endpoints", ETCD.endpoint(),
                "--lock-dir", temp.resolve("locks").toString());
        assertThat(fresh.exitCode()).as(fresh.err()).isZero();
        // a cluster whose backups fail: nothing verified, the failure recorded with its cause
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        CliRun failed = cli("etcd", "backup", "--cluster", "broken", "--store-dir", store, "--endpoints",
                "http://127.0.0.1:" + closedPort, "--lock-dir", temp.resolve("locks").toString());
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("[ETCD_UNREACHABLE]");

        CliRun metrics = cli("etcd", "list", "--cluster", "fresh", "--cluster", "stale", "--cluster", "broken",
                "--store-dir", store, "--textfile", NODE.textfileDirectory().toString(), "-o", "prometheus");

        assertThat(metrics.exitCode()).as(metrics.err()).isZero();
        assertThat(metrics.err()).contains("written to " + NODE.textfileDirectory().resolve("kube_ops_etcd.prom"));
        assertThat(metrics.out()).isEqualTo(Files.readString(NODE.textfileDirectory().resolve("kube_ops_etcd.prom")));
        assertThat(NODE.scrape()).contains("kube_ops_etcd_backup_last_success_timestamp_seconds{cluster=\"fresh\"}");

        Waits.until(Instant.now().plusSeconds(60), "Prometheus to scrape the backup metrics of three clusters",
                () -> query("kube_ops_etcd_backup_last_success_timestamp_seconds").size() == 3);
        assertThat(query("node_textfile_scrape_error")).containsValue(0.0); // node-exporter parsed the file
        assertThat(query(TOO_OLD).keySet()).containsExactly("broken", "stale");
        assertThat(query(FAILING).keySet()).containsExactly("broken");
        assertThat(query("kube_ops_etcd_backup_last_failure_timestamp_seconds{cause=\"ETCD_UNREACHABLE\"}")).containsKey("broken");
        assertThat(query("kube_ops_etcd_backup_last_success_imported == 1").keySet()).containsExactly("stale");
        assertThat(query("kube_ops_etcd_backup_store_up").values()).containsOnly(1.0);
        assertThat(query("kube_ops_etcd_backups")).containsEntry("fresh", 1.0).containsEntry("stale", 1.0)
                .containsEntry("broken", 0.0);
        assertThat(query("kube_ops_etcd_backup_last_success_size_bytes{cluster=\"fresh\"}").get("fresh")).isPositive();
        // the textfile's own age, for an alert when the job that writes it stops
        assertThat(query("time() - node_textfile_mtime_seconds{file=~\".*kube_ops_etcd.prom\"} < 600")).hasSize(1);
    }

    @Test
    void anUnreadableStoreIsReportedAsDownAndFailsTheCommand() throws Exception {
        Path textfile = Files.createDirectories(temp.resolve("textfile"));

        CliRun metrics = cli("etcd", "list", "--cluster", "prod", "--store-dir", temp.resolve("not-mounted").toString(),
                "--textfile", textfile.toString());

        assertThat(metrics.exitCode()).isEqualTo(1);
        assertThat(metrics.err()).contains("[STORE_UNREACHABLE]").contains("not-mounted");
        assertThat(Files.readString(textfile.resolve("kube_ops_etcd.prom")))
                .contains("kube_ops_etcd_backup_store_up{cluster=\"prod\"} 0")
                .doesNotContain("kube_ops_etcd_backup_last_success_timestamp_seconds{");
    }

    static Map<String, Double> query(String expression) {
        return PrometheusQueries.instant(PROMETHEUS, expression);
    }
}
