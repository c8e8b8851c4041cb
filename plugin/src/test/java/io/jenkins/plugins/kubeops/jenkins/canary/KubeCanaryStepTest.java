package io.jenkins.plugins.kubeops.jenkins.canary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hudson.model.Result;
import io.jenkins.plugins.kubeops.jenkins.upgrade.UpgradeStepFixtures;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** kubeCanary checks its action and the spec (the engine's rules, every problem at once) before it connects. */
@WithJenkins
class KubeCanaryStepTest {

    private JenkinsRule r;

    @BeforeEach
    void setUp(JenkinsRule r) throws Exception {
        this.r = r;
        UpgradeStepFixtures.configureClusters();
    }

    @Test
    void specWithoutDeploymentFailsWithTheEngineMessage() throws Exception {
        WorkflowRun run = fails("kubeCanary(cluster: 'prod', namespace: 'shop', spec: [steps: [[setWeight: 20]]])");
        r.assertLogContains("is missing: name the Deployment to canary", run);
    }

    @Test
    void unknownActionNamesTheFourActions() throws Exception {
        WorkflowRun run = fails("kubeCanary(cluster: 'prod', action: 'pause', spec: [target: [deployment: 'web']])");
        r.assertLogContains("kubeCanary: action 'pause' is unknown: use one of start, resume, promote, abort.", run);
    }

    @Test
    void specGivenTwiceIsRefused() throws Exception {
        WorkflowRun run = fails("kubeCanary(cluster: 'prod', spec: [target: [deployment: 'web']], specYaml: 'target: {}')");
        r.assertLogContains("kubeCanary: give the canary spec once: spec (a map, as in the YAML file) or specYaml", run);
    }

    @Test
    void pipelineArgumentsKeepTheValues() throws Exception {
        KubeCanaryStep step = new KubeCanaryStep("prod");
        step.setNamespace("shop");
        step.setSpecYaml("target:\n  deployment: web\nsteps:\n  - setWeight: 20\n  - pause: {}\n");
        step.setAction("promote");
        step.setReturnWhenPaused(true);
        step.setPrometheus("http://127.0.0.1:9090");
        step.setTimeout("2h");
        KubeCanaryStep back = UpgradeStepFixtures.roundTrip(step);
        r.assertEqualDataBoundBeans(step, back);
        assertEquals("promote", back.getAction());
    }

    private WorkflowRun fails(String script) throws Exception {
        return r.buildAndAssertStatus(Result.FAILURE, UpgradeStepFixtures.job(r, script));
    }
}
