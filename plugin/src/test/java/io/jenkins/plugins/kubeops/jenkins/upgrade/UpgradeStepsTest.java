package io.jenkins.plugins.kubeops.jenkins.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hudson.model.Result;
import java.util.List;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The upgrade steps refuse bad input before they connect, with the engine's (the CLI's) messages, name the configured
 * clusters when the cluster is unknown, and keep their values through the Snippet Generator's form.
 */
@WithJenkins
class UpgradeStepsTest {

    private JenkinsRule r;

    @BeforeEach
    void setUp(JenkinsRule r) throws Exception {
        this.r = r;
        UpgradeStepFixtures.configureClusters();
    }

    @Test
    void unknownClusterFailsNamingTheConfiguredOnes() throws Exception {
        WorkflowRun run = fails("kubeUncordon(cluster: 'missing', nodes: ['node-1'])");
        r.assertLogContains("kubeUncordon: no Kube Ops cluster named 'missing' (configured: prod, staging)", run);
    }

    @Test
    void partialVersionIsRefusedWithTheEngineMessage() throws Exception {
        WorkflowRun run = fails("kubeUpgradePlan(cluster: 'prod', to: '1.36')");
        r.assertLogContains("kubeUpgradePlan: to '1.36' is not a full Kubernetes version: write major.minor.patch", run);
    }

    @Test
    void badBatchSizeIsRefusedBeforeTheUpgradeStarts() throws Exception {
        WorkflowRun run = fails("kubeUpgrade(cluster: 'prod', to: 'v1.36.4', maxUnavailable: 'many')");
        r.assertLogContains("kubeUpgrade: max unavailable 'many' is not a count or a percentage: use e.g. 3 or 25%.", run);
    }

    @Test
    void unknownDrainTimeoutPolicyIsRefusedWithTheChoices() throws Exception {
        WorkflowRun run = fails("kubeDrain(cluster: 'prod', nodes: ['node-1'], onTimeout: 'wait')");
        r.assertLogContains("kubeDrain: onTimeout 'wait' is not one of fail, skip, force", run);
    }

    @Test
    void drainWithoutNodesIsRefused() throws Exception {
        WorkflowRun run = fails("kubeDrain(cluster: 'prod', nodes: [])");
        r.assertLogContains("kubeDrain: no node to drain: name at least one node", run);
    }

    @Test
    void healthGateThatCannotFitInItsTimeoutIsRefused() throws Exception {
        WorkflowRun run = fails("kubeHealthGate(cluster: 'prod', consecutive: 10, interval: '1m', timeout: '5m')");
        r.assertLogContains("kubeHealthGate: health gate: 10 passes 60 s apart cannot fit in a timeout of 300 s", run);
    }

    @Test
    void stepsKeepTheirValuesAsPipelineArguments() throws Exception {
        KubeUpgradeStep upgrade = new KubeUpgradeStep("prod", "v1.36.4");
        upgrade.setMaxUnavailable("25%");
        upgrade.setPoolLabel("pool");
        upgrade.setPerZone(true);
        upgrade.setPauseAfterBatch(true);
        upgrade.setSkipSnapshot(true);
        upgrade.setTimeout("8h");
        r.assertEqualDataBoundBeans(upgrade, UpgradeStepFixtures.roundTrip(upgrade));

        KubeDrainStep drain = new KubeDrainStep("prod", List.of("node-1", "node-2"));
        drain.setIgnoreDaemonSets(true);
        drain.setGracePeriod("30");
        drain.setOnTimeout("skip");
        drain.setOperation("upgrade-42");
        drain.setSkipWaitForDeleteTimeout("300");
        KubeDrainStep drainBack = UpgradeStepFixtures.roundTrip(drain);
        r.assertEqualDataBoundBeans(drain, drainBack);
        assertEquals(List.of("node-1", "node-2"), drainBack.getNodes());

        KubeHealthGateStep gate = new KubeHealthGateStep("prod");
        gate.setConsecutive(5);
        gate.setInterval("20s");
        r.assertEqualDataBoundBeans(gate, UpgradeStepFixtures.roundTrip(gate));
    }

    private WorkflowRun fails(String script) throws Exception {
        return r.buildAndAssertStatus(Result.FAILURE, UpgradeStepFixtures.job(r, script));
    }
}
