package io.jenkins.plugins.kubeops.jenkins.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hudson.model.Result;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.jenkins.KubeCluster;
import io.jenkins.plugins.kubeops.jenkins.KubeOpsConfiguration;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

class NodeStepsTest {

    @Test
    void nodesComeAsAListOrOneLinePerNodeFromTheForm() {
        KubeDrainStep step = new KubeDrainStep("prod-eu", List.of("worker-1\nworker-2\n", " worker-3 "));

        assertEquals(List.of("worker-1", "worker-2", "worker-3"), step.getNodes());
        assertEquals("worker-1\nworker-2\nworker-3", step.getNodesText());
    }

    @Test
    void drainOptionsAreTheEnginesWithItsMessages() {
        KubeDrainStep step = new KubeDrainStep("prod-eu", List.of("worker-1"));
        step.setIgnoreDaemonSets(true);
        step.setTimeout("90s");
        step.setOnTimeout("skip");

        assertEquals(90, step.options().timeout().toSeconds());
        assertEquals("skip", step.options().onTimeout().toString());

        step.setTimeout("0s");
        KubeOpsException refused = assertThrows(KubeOpsException.class, step::options);
        assertEquals("drain timeout '0s' is invalid: use a positive duration per node such as 90s, 10m or 1h, and choose with "
                + "onTimeout what happens then (fail, skip, force).", refused.getMessage());
    }

    @Test
    @WithJenkins
    void anUnknownClusterFailsTheBuildNamingTheConfiguredOnes(JenkinsRule r) throws Exception {
        KubeOpsConfiguration.get().setClusters(List.of(new KubeCluster("prod-eu")));

        WorkflowRun drain = runPipeline(r, "kubeDrain(cluster: 'missing', nodes: ['worker-1'], ignoreDaemonSets: true)");
        WorkflowRun uncordon = runPipeline(r, "kubeUncordon(cluster: 'missing', nodes: ['worker-1'])");

        r.assertLogContains("kubeDrain: no Kube Ops cluster named 'missing' (configured: prod-eu)", drain);
        r.assertLogContains("kubeUncordon: no Kube Ops cluster named 'missing' (configured: prod-eu)", uncordon);
    }

    private static WorkflowRun runPipeline(JenkinsRule r, String script) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return r.buildAndAssertStatus(Result.FAILURE, job);
    }
}
