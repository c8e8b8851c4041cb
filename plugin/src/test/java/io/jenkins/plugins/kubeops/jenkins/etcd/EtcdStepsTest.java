package io.jenkins.plugins.kubeops.jenkins.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class EtcdStepsTest {

    @Test
    void unknownClusterFailsNamingTheConfiguredOnes(JenkinsRule r) throws Exception {
        EtcdBackupConfiguration.get().setClusters(List.of(EtcdBackupConfigurationTest.prod()));

        WorkflowRun run = fail(r, "etcdBackup(cluster: 'missing', store: 'nightly-s3')");

        r.assertLogContains("etcdBackup: no etcd cluster named 'missing' (configured: prod-eu)", run);
    }

    @Test
    void unknownStoreFailsSayingNoneIsConfigured(JenkinsRule r) throws Exception {
        EtcdBackupConfiguration.get().setClusters(List.of(EtcdBackupConfigurationTest.prod()));

        WorkflowRun run = fail(r, "etcdPrune(cluster: 'prod-eu', store: 'nightly-s3', keepLast: 3)");

        r.assertLogContains("etcdPrune: no backup store named 'nightly-s3', and none is configured", run);
    }

    @Test
    void anUnreachableMemberFailsTheBuildWithItsCause(JenkinsRule r) throws Exception {
        EtcdClusterConfig local = new EtcdClusterConfig("local");
        local.setEndpoints("http://127.0.0.1:1");
        local.setConnectTimeoutSeconds(2);
        EtcdStoreConfig dir = new EtcdStoreConfig("dir");
        dir.setDirectory(r.jenkins.getRootDir().getAbsolutePath());
        EtcdBackupConfiguration.get().setClusters(List.of(local));
        EtcdBackupConfiguration.get().setStores(List.of(dir));

        WorkflowRun run = fail(r, "etcdBackup(cluster: 'local', store: 'dir')");

        r.assertLogContains("etcdBackup: [ETCD_UNREACHABLE]", run);
    }

    @Test
    void aFailedBackupWritesTheClustersMetricsWithItsCause(JenkinsRule r) throws Exception {
        EtcdClusterConfig local = new EtcdClusterConfig("local");
        local.setEndpoints("http://127.0.0.1:1");
        local.setConnectTimeoutSeconds(2);
        EtcdStoreConfig dir = new EtcdStoreConfig("dir");
        dir.setDirectory(r.jenkins.getRootDir().getAbsolutePath());
        EtcdBackupConfiguration.get().setClusters(List.of(local));
        EtcdBackupConfiguration.get().setStores(List.of(dir));
        Path textfile = Files.createDirectories(r.jenkins.getRootDir().toPath().resolve("textfile"));

        WorkflowRun run = fail(r, "etcdBackup(cluster: 'local', store: 'dir', metricsTextfile: '" + textfile + "')");

        r.assertLogContains("etcdBackup: [ETCD_UNREACHABLE]", run);
        r.assertLogContains("Backup metrics of 'local' (with the failure) written to " + textfile.resolve("kube_ops_etcd_local.prom"), run);
        assertTrue(Files.readString(textfile.resolve("kube_ops_etcd_local.prom"))
                .contains("kube_ops_etcd_backup_last_failure_timestamp_seconds{cluster=\"local\",cause=\"ETCD_UNREACHABLE\"}"));
    }

    @Test
    void aRelativeMetricsDirectoryIsRefusedWithTheEngineMessage(JenkinsRule r) throws Exception {
        EtcdBackupConfiguration.get().setClusters(List.of(EtcdBackupConfigurationTest.prod()));
        EtcdStoreConfig dir = new EtcdStoreConfig("dir");
        dir.setDirectory(r.jenkins.getRootDir().getAbsolutePath());
        EtcdBackupConfiguration.get().setStores(List.of(dir));

        WorkflowRun run = fail(r, "etcdBackup(cluster: 'prod-eu', store: 'dir', metricsTextfile: 'textfile')");

        r.assertLogContains("etcdBackup: metricsTextfile 'textfile' is not an absolute path", run);
    }

    @Test
    void aFileThatIsNoSnapshotFailsVerifySayingWhatItIs(JenkinsRule r) throws Exception {
        WorkflowRun run = fail(r, "node { writeFile file: 'notes.db', text: '{\"kind\": \"List\"}'\n"
                + "etcdVerifyFile(file: 'notes.db') }");

        r.assertLogContains("etcdVerifyFile: [INVALID_SNAPSHOT] snapshot file notes.db is not valid: not an etcd snapshot: "
                + "it is text starting with", run);
    }

    @Test
    void anImportOfAMissingFileOrWithABadTimeStoresNothing(JenkinsRule r) throws Exception {
        EtcdBackupConfiguration.get().setClusters(List.of(EtcdBackupConfigurationTest.prod()));
        EtcdStoreConfig dir = new EtcdStoreConfig("dir");
        Path store = Files.createDirectories(r.jenkins.getRootDir().toPath().resolve("store"));
        dir.setDirectory(store.toString());
        EtcdBackupConfiguration.get().setStores(List.of(dir));

        WorkflowRun missing = fail(r, "node { etcdImport(cluster: 'prod-eu', store: 'dir', file: 'snap.db') }");
        WorkflowRun badTime = fail(r, "node { etcdImport(cluster: 'prod-eu', store: 'dir', file: 'snap.db', "
                + "createdAt: 'yesterday') }");

        r.assertLogContains("etcdImport: [OTHER] snapshot file snap.db does not exist in the workspace", missing);
        r.assertLogContains("etcdImport: createdAt 'yesterday' is not a UTC time: write it as 2026-12-01T03:00:00Z.", badTime);
        try (var entries = Files.list(store)) {
            assertEquals(0, entries.count());
        }
    }

    private static WorkflowRun fail(JenkinsRule r, String script) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return r.buildAndAssertStatus(Result.FAILURE, job);
    }
}
