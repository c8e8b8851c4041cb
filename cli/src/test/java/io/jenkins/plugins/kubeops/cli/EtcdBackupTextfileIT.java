package io.jenkins.plugins.kubeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.testing.EtcdServer;
import io.jenkins.plugins.kubeops.engine.testing.NodeExporter;
import io.jenkins.plugins.kubeops.engine.testing.PrometheusServer;
import io.jenkins.plugins.kubeops.engine.testing.Waits;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metrics written after each backup, one file per cluster ({@code kube-ops etcd backup --textfile}, the same engine code as
 * the etcdBackup step's {@code metricsTextfile}): the real node-exporter merges the clusters' files, the real Prometheus
 * scrapes them, and the documented alert expressions fire for the failing cluster only.
 */
class EtcdBackupTextfileIT {

    @RegisterExtension
    static final EtcdServer ETCD = EtcdServer.plain();

    @RegisterExtension
    static final NodeExporter NODE = NodeExporter.start();

    @RegisterExtension
    static final PrometheusServer PROMETHEUS = PrometheusServer.scraping(NODE.target());

    @TempDir
    Path temp;

    @Test
    void eachBackupWritesItsClustersFileAndPrometheusAlertsOnTheFailingOneOnly() throws Exception {
        ETCD.etcdctl(List.of(), "put", "/registry/namespaces/default", "x");
        String store = Files.createDirectories(temp.resolve("store")).toString();
        Path textfile = NODE.textfileDirectory();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        CliRun fresh = CliRun.run(temp, "etcd", "backup", "--cluster", "prod-eu", "--store-dir", store, "--endpoints",
                ETCD.endpoint(), "--lock-dir", temp.resolve("locks").toString(), "--textfile", textfile.toString());
        CliRun failed = CliRun.run(temp, "etcd", "backup", "--cluster", "broken", "--store-dir", store, "--endpoints",
                "http://127.0.0.1:" + closedPort, "--lock-dir", temp.resolve("locks").toString(), "--textfile", textfile.toString());

        assertThat(fresh.exitCode()).as(fresh.err()).isZero();
        assertThat(fresh.err()).contains("Backup metrics of 'prod-eu' written to " + textfile.resolve("kube_ops_etcd_prod_eu.prom"));
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("[ETCD_UNREACHABLE]")
                .contains("Backup metrics of 'broken' (with the failure) written to " + textfile.resolve("kube_ops_etcd_broken.prom"));

        Waits.until(Instant.now().plusSeconds(60), "Prometheus to scrape the metrics of both clusters' files",
                () -> query("kube_ops_etcd_backup_last_success_timestamp_seconds").size() == 2);
        assertThat(query("node_textfile_scrape_error")).containsValue(0.0); // the two files' families merged without error
        assertThat(query(EtcdMetricsIT.TOO_OLD).keySet()).containsExactly("broken");
        assertThat(query(EtcdMetricsIT.FAILING).keySet()).containsExactly("broken");
        assertThat(query("kube_ops_etcd_backup_last_failure_timestamp_seconds{cause=\"ETCD_UNREACHABLE\"}").keySet())
                .containsExactly("broken");
        assertThat(query("kube_ops_etcd_backups")).containsEntry("prod-eu", 1.0).containsEntry("broken", 0.0);
        // the stale-metrics rule of docs/etcd.md sees both files
        assertThat(query("time() - node_textfile_mtime_seconds{file=~\".*kube_ops_etcd.*[.]prom\"} < 600")).hasSize(2);
    }

    static Map<String, Double> query(String expression) {
        return PrometheusQueries.instant(PROMETHEUS, expression);
    }
}
