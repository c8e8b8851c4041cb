package io.jenkins.plugins.kubeops.jenkins.pool;

import static io.jenkins.plugins.kubeops.jenkins.pool.PoolModelsTest.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hudson.model.Result;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class KubePoolStepTest {

    private final FakePoolLoads loads = new FakePoolLoads();
    private JenkinsRule r;

    @BeforeEach
    void twoClouds(JenkinsRule r) {
        this.r = r;
        PoolPlacements.get().useLoads(loads);
        KubePoolsConfiguration.get().setPools(List.of(pool("linux", "maven", member("busy"), member("quiet"))));
    }

    @Test
    void returnsTheCloudWithMostHeadroomAndSaysWhy() throws Exception {
        loads.node("busy/ci", 16, 64, 12, 16).node("quiet/ci", 16, 64, 2, 16);

        WorkflowRun run = run("def cloud = kubePool(label: 'maven', cpu: '2', memory: '4Gi')\necho \"cloud=${cloud}\"",
                Result.SUCCESS);

        r.assertLogContains("cloud=quiet", run);
        r.assertLogContains("kubePool: pool linux: chose quiet/ci", run);
    }

    @Test
    void rememberedTheJobForAffinity() throws Exception {
        loads.node("busy/ci", 16, 64, 2, 16).node("quiet/ci", 16, 64, 1, 16);

        WorkflowRun run = run("kubePool(label: 'maven')", Result.SUCCESS);

        assertEquals("quiet/ci", PoolPlacements.get().history().lastMember(run.getParent().getFullName()).orElseThrow());
    }

    @Test
    void failsWithTheExplanationWhenNoMemberCanTakeTheAgent() throws Exception {
        loads.node("busy/ci", 4, 8, 4, 8).node("quiet/ci", 4, 8, 3.5, 8);

        WorkflowRun run = run("kubePool(label: 'maven', cpu: '1')", Result.FAILURE);

        r.assertLogContains("kubePool: pool linux cannot take the agent now: no member can take the agent", run);
    }

    @Test
    void unknownLabelFailsNamingTheServedOnes() throws Exception {
        WorkflowRun run = run("kubePool(label: 'gradle')", Result.FAILURE);

        r.assertLogContains("no agent pool serves label 'gradle' (served: maven)", run);
    }

    @Test
    void badQuantityFailsWithTheEngineMessage() throws Exception {
        WorkflowRun run = run("kubePool(label: 'maven', memory: 'plenty')", Result.FAILURE);

        r.assertLogContains("'plenty' is not a Kubernetes quantity", run);
    }

    private static CloudMember member(String cloud) {
        CloudMember member = new CloudMember(cloud);
        member.setNamespace("ci");
        return member;
    }

    private WorkflowRun run(String script, Result expected) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return r.buildAndAssertStatus(expected, job);
    }
}
