package io.jenkins.plugins.kubeops.jenkins.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.BuildListener;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.slaves.DumbSlave;
import hudson.slaves.RetentionStrategy;
import hudson.util.ConsistentHash;
import hudson.util.OneShotEvent;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestBuilder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Two static agents with two executors, one of them running a build. A job whose consistent hash points at the busy agent
 * goes to the idle one with least-load scheduling, and stays with the hash when it opts out.
 */
@WithJenkins
class LeastLoadBalancerTest {

    private JenkinsRule r;
    private String jobPreferringBusy;

    @BeforeEach
    void oneBusyAgent(JenkinsRule r) throws Exception {
        this.r = r;
        Blocker.release = new OneShotEvent();
        agent("busy");
        agent("idle");
        FreeStyleProject blocker = r.createFreeStyleProject("blocker");
        blocker.setAssignedLabel(r.jenkins.getLabel("busy"));
        blocker.getBuildersList().add(new Blocker());
        blocker.scheduleBuild2(0).waitForStart();
        jobPreferringBusy = nameHashedTo("busy");
    }

    @AfterEach
    void releaseBlocker() {
        Blocker.release.signal();
    }

    @Test
    void aBuildGoesToTheLeastBusyStaticAgent() throws Exception {
        FreeStyleProject job = staticJob(jobPreferringBusy);

        FreeStyleBuild build = r.buildAndAssertSuccess(job);

        assertEquals("idle", build.getBuiltOnStr());
    }

    @Test
    void aJobThatOptsOutKeepsTheConsistentHashChoice() throws Exception {
        FreeStyleProject job = staticJob(jobPreferringBusy);
        job.addProperty(new ConsistentHashSchedulingProperty());

        FreeStyleBuild build = r.buildAndAssertSuccess(job);

        assertEquals("busy", build.getBuiltOnStr());
    }

    @Test
    void theSwitchOffRestoresTheConsistentHash() throws Exception {
        KubePoolsConfiguration.get().setLeastLoadStaticAgents(false);

        FreeStyleBuild build = r.buildAndAssertSuccess(staticJob(jobPreferringBusy));

        assertEquals("busy", build.getBuiltOnStr());
    }

    private void agent(String name) throws Exception {
        DumbSlave agent = new DumbSlave(name, r.jenkins.getRootDir().toPath().resolve("agents/" + name).toString(),
                r.createComputerLauncher(null));
        agent.setNumExecutors(2);
        agent.setLabelString("static");
        agent.setRetentionStrategy(RetentionStrategy.NOOP);
        r.jenkins.addNode(agent);
        r.waitOnline(agent);
    }

    private FreeStyleProject staticJob(String name) throws Exception {
        FreeStyleProject job = r.createFreeStyleProject(name);
        job.setAssignedLabel(r.jenkins.getLabel("static"));
        return job;
    }

    /**
     * A job name core's consistent-hash balancer maps to {@code agent} now: it hashes each agent's name with 100 points per
     * free executor (busy has 1 free, idle 2) and takes the first agent along the job name's hash.
     */
    private static String nameHashedTo(String agent) {
        ConsistentHash<String> hash = new ConsistentHash<>();
        hash.addAll(Map.of("busy", 100, "idle", 200));
        for (int i = 0; ; i++) {
            if (hash.lookup("job-" + i).equals(agent)) {
                return "job-" + i;
            }
        }
    }

    /** Holds its build (and so one executor of its agent) until the test ends; static, as job configuration is saved. */
    public static final class Blocker extends TestBuilder {

        static volatile OneShotEvent release = new OneShotEvent();

        @Override
        public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener) throws InterruptedException {
            release.block();
            return true;
        }
    }
}
