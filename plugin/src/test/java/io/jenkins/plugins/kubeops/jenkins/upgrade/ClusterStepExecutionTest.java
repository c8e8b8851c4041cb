package io.jenkins.plugins.kubeops.jenkins.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Result;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * The coordination the upgrade and canary steps share, with a stand-in for the engine that blocks until interrupted: it
 * runs on a worker thread (not the CPS thread), stopping the build interrupts it, and the absolute deadline does too.
 */
@WithJenkins
class ClusterStepExecutionTest {

    /** What the stand-in engine saw, in order. */
    static final BlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();

    private JenkinsRule r;

    @BeforeEach
    void setUp(JenkinsRule r) throws Exception {
        this.r = r;
        UpgradeStepFixtures.configureClusters();
        EVENTS.clear();
    }

    @Test
    void stoppingTheBuildInterruptsTheEngineWorkOnItsWorkerThread() throws Exception {
        WorkflowJob job = UpgradeStepFixtures.job(r, "blockForTest(seconds: 600)");
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        assertEquals("started", EVENTS.poll(60, TimeUnit.SECONDS));
        r.waitForMessage("blockForTest: working on kubeOpsClusterStep", run);
        run.doStop();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(run));
        assertEquals("interrupted", EVENTS.poll(60, TimeUnit.SECONDS));
    }

    @Test
    void passingTheDeadlineInterruptsTheWorkAndFailsTheStep() throws Exception {
        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, UpgradeStepFixtures.job(r, "blockForTest(seconds: 1)"));
        r.assertLogContains("blockForTest: the deadline", run);
        r.assertLogContains("has passed: stopped. The cluster keeps the state; run the step again to continue.", run);
        assertEquals("started", EVENTS.poll(60, TimeUnit.SECONDS));
        assertEquals("interrupted", EVENTS.poll(60, TimeUnit.SECONDS));
    }

    @Test
    void unknownClusterFailsBeforeTheWorkStarts() throws Exception {
        WorkflowJob job = UpgradeStepFixtures.job(r, "blockForTest(seconds: 600, cluster: 'missing')");
        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);
        r.assertLogContains("blockForTest: no Kube Ops cluster named 'missing' (configured: prod, staging)", run);
        assertEquals(null, EVENTS.poll());
    }

    /** A step whose engine call blocks until it is interrupted. */
    public static final class BlockStep extends Step {

        private final long seconds;
        private String cluster = "prod";

        @DataBoundConstructor
        public BlockStep(long seconds) {
            this.seconds = seconds;
        }

        public long getSeconds() {
            return seconds;
        }

        public String getCluster() {
            return cluster;
        }

        @org.kohsuke.stapler.DataBoundSetter
        public void setCluster(String cluster) {
            this.cluster = cluster;
        }

        @Override
        public StepExecution start(StepContext context) {
            return new Execution(context, cluster, seconds);
        }

        private static final class Execution extends ClusterStepExecution {

            private static final long serialVersionUID = 1L;

            Execution(StepContext context, String cluster, long seconds) {
                super(context, "blockForTest", cluster, Duration.ofSeconds(seconds));
            }

            @Override
            protected String describe() {
                return "blocking until interrupted";
            }

            @Override
            protected Object work(KubernetesClient client, Progress progress, boolean resumed, Instant deadline)
                    throws Exception {
                progress.say("working on " + Thread.currentThread().getName());
                EVENTS.add("started");
                try {
                    Thread.sleep(Duration.ofMinutes(10).toMillis());
                } catch (InterruptedException e) {
                    EVENTS.add("interrupted");
                    throw e;
                }
                return "not interrupted";
            }
        }

        @TestExtension
        public static final class DescriptorImpl extends ClusterStepDescriptor {

            @Override
            public String getFunctionName() {
                return "blockForTest";
            }

            @NonNull
            @Override
            public String getDisplayName() {
                return "blocks until interrupted (test)";
            }
        }
    }
}
