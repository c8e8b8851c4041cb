package io.jenkins.plugins.kubeops.jenkins.etcd;

import hudson.model.Result;
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

    private static WorkflowRun fail(JenkinsRule r, String script) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return r.buildAndAssertStatus(Result.FAILURE, job);
    }
}
