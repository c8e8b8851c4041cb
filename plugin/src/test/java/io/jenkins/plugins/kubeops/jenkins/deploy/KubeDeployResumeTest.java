package io.jenkins.plugins.kubeops.jenkins.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A controller restart in the middle of a deploy: the fake engine holds the first deploy as a real one would be held by
 * a rollout, the session ends (Jenkins stops) and a new one starts on the same home, where the step resumes. The fake
 * and the clock are static, so they outlive the restart within this JVM.
 */
class KubeDeployResumeTest {

    private static final String DEPLOY = "kubeDeploy(cluster: 'prod-eu', release: 'web', namespace: 'team-a', files: ['k8s'])";

    @RegisterExtension
    final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final FakeDeployer engine = FakeDeployer.holdingFirstCall();

    @AfterEach
    void restoreEngine() {
        engine.releaseFirstCall();
        KubeDeployExecution.useForTests(ReleaseDeployer.ENGINE, Clock.systemUTC());
    }

    @Test
    void restartDuringADeployDeploysAgainWithTheTimeLeftUnderTheSameHolder() throws Throwable {
        KubeDeployExecution.useForTests(engine, clock);
        sessions.then(r -> startTheDeployThenRestartTaking(r, Duration.ofMinutes(3))); // of the deploy's 15 minutes
        sessions.then(r -> {
            WorkflowRun run = r.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            r.assertBuildStatusSuccess(r.waitForCompletion(run));
            r.assertLogContains("Jenkins restarted during this deploy; deploying release web in team-a on cluster prod-eu "
                    + "again with the 12m left", run);
            r.assertLogContains("kubeDeploy: using the release files copied before the restart", run);
            assertEquals(2, engine.calls.size());
            assertEquals(engine.holders().get(0), engine.holders().get(1), "the same holder re-enters its own lease");
            // 5m lock window, 3m of it gone: 2m of lock wait left; the 10m timeout starts after the lock window.
            assertEquals(Duration.ofMinutes(2), engine.calls.get(1).options().lockWait());
            assertEquals(Duration.ofMinutes(10), engine.calls.get(1).options().timeout());
            assertEquals(DeployFixtures.MANIFEST, engine.calls.get(1).files().get("k8s/app.yaml"));
            assertFalse(java.nio.file.Files.exists(engine.calls.get(1).stagedWorkspace()));
        });
    }

    @Test
    void restartAfterTheDeadlineFailsWithoutDeployingAgain() throws Throwable {
        KubeDeployExecution.useForTests(engine, clock);
        sessions.then(r -> startTheDeployThenRestartTaking(r, Duration.ofMinutes(16))); // past lockWait 5m + timeout 10m
        sessions.then(r -> {
            WorkflowRun run = r.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(run));
            r.assertLogContains("Jenkins restarted during the deploy of release web in team-a on cluster prod-eu, and its "
                    + "deadline (2026-03-01T10:15:00Z", run);
            assertEquals(1, engine.calls.size());
            assertFalse(java.nio.file.Files.exists(engine.calls.get(0).stagedWorkspace()), "the copy is deleted on failure");
        });
    }

    /** Session one: the build starts, the (fake) engine is deploying, and the restart takes {@code downtime}. */
    private void startTheDeployThenRestartTaking(JenkinsRule r, Duration downtime) throws Exception {
        DeployFixtures.configureClusters();
        DeployFixtures.job(r, DEPLOY).scheduleBuild2(0).waitForStart();
        assertTrue(engine.firstCallStarted.await(60, TimeUnit.SECONDS), "the deploy did not start");
        clock.advance(downtime);
    }
}
