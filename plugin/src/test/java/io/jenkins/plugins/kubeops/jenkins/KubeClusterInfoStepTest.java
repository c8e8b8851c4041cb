package io.jenkins.plugins.kubeops.jenkins;

import hudson.model.Result;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class KubeClusterInfoStepTest {

    @Test
    void unknownClusterFailsNamingTheConfiguredOnes(JenkinsRule r) throws Exception {
        KubeOpsConfiguration.get().setClusters(List.of(new KubeCluster("prod-eu"), new KubeCluster("staging")));

        WorkflowRun run = runPipeline(r, "kubeClusterInfo(cluster: 'missing')");

        r.assertLogContains("no Kube Ops cluster named 'missing' (configured: prod-eu, staging)", run);
    }

    @Test
    void unknownCredentialFailsNamingClusterAndCredential(JenkinsRule r) throws Exception {
        KubeCluster prod = new KubeCluster("prod-eu");
        prod.setServerUrl("https://prod.example.com:6443");
        prod.setCredentialsId("no-such-token");
        KubeOpsConfiguration.get().setClusters(List.of(prod));

        WorkflowRun run = runPipeline(r, "kubeClusterInfo(cluster: 'prod-eu')");

        r.assertLogContains("credential 'no-such-token' of cluster 'prod-eu' was not found", run);
    }

    private static WorkflowRun runPipeline(JenkinsRule r, String script) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return r.buildAndAssertStatus(Result.FAILURE, job);
    }
}
