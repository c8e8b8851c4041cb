package io.jenkins.plugins.kubeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kube-ops etcd list} with several clusters and as metrics, on a directory store (no server needed). */
class EtcdListMetricsTest {

    @TempDir
    Path temp;

    @Test
    void severalClustersOnlyAsMetrics() throws Exception {
        String store = Files.createDirectories(temp.resolve("store")).toString();

        CliRun text = CliRun.run(temp, "etcd", "list", "--cluster", "a", "--cluster", "b", "--store-dir", store);
        CliRun metrics = CliRun.run(temp, "etcd", "list", "--cluster", "a", "--cluster", "b", "--store-dir", store, "-o",
                "prometheus", "--max-age", "1h");

        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(text.err()).contains("give one --cluster (got a, b)").contains("-o prometheus or --textfile");
        assertThat(metrics.out()).contains("kube_ops_etcd_backup_last_success_timestamp_seconds{cluster=\"a\"} 0")
                .contains("kube_ops_etcd_backup_last_success_timestamp_seconds{cluster=\"b\"} 0");
        assertThat(metrics.exitCode()).isEqualTo(3); // no backup at all is older than any --max-age
        assertThat(metrics.err()).contains("stale: cluster 'a': no verified backup").contains("stale: cluster 'b'");
    }

    @Test
    void aTextfileDirectoryThatDoesNotExistIsNamed() throws Exception {
        String store = Files.createDirectories(temp.resolve("store")).toString();

        CliRun run = CliRun.run(temp, "etcd", "list", "--cluster", "a", "--store-dir", store, "--textfile",
                temp.resolve("no-such-dir").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("textfile directory " + temp.resolve("no-such-dir") + " does not exist");
    }

    @Test
    void aFailedBackupWritesTheClustersMetricsWithItsCause() throws Exception {
        String store = Files.createDirectories(temp.resolve("store")).toString();
        Path textfile = Files.createDirectories(temp.resolve("textfile"));

        CliRun run = CliRun.run(temp, "etcd", "backup", "--cluster", "prod-eu", "--store-dir", store, "--endpoints",
                "http://127.0.0.1:1", "--connect-timeout", "2", "--lock-dir", temp.resolve("locks").toString(), "--textfile",
                textfile.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("kube-ops: error: [ETCD_UNREACHABLE]")
                .contains("Backup metrics of 'prod-eu' (with the failure) written to " + textfile.resolve("kube_ops_etcd_prod_eu.prom"));
        assertThat(Files.readString(textfile.resolve("kube_ops_etcd_prod_eu.prom")))
                .contains("kube_ops_etcd_backup_last_failure_timestamp_seconds{cluster=\"prod-eu\",cause=\"ETCD_UNREACHABLE\"}");
    }

    @Test
    void verifyFileSaysWhatAFileIsWhenItIsNoSnapshot() throws Exception {
        Path notes = Files.writeString(temp.resolve("etcd-backup.db"), "{\"kind\": \"List\", \"items\": []}\n");

        CliRun run = CliRun.run(temp, "etcd", "verify-file", notes.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).isEqualTo("kube-ops: error: [INVALID_SNAPSHOT] snapshot file " + notes + " is not valid: not an "
                + "etcd snapshot: it is text starting with '{\"kind\": \"List\", \"items\": []}', where a snapshot starts "
                + "with a bbolt database page.\n");
    }
}
