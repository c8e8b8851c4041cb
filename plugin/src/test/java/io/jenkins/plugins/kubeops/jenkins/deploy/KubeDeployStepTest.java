package io.jenkins.plugins.kubeops.jenkins.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import hudson.Functions;
import hudson.model.Result;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class KubeDeployStepTest {

    private static final String DEPLOY = "kubeDeploy(cluster: 'prod-eu', release: 'web', namespace: 'team-a', ";

    private JenkinsRule r;

    @BeforeEach
    void setUp(JenkinsRule r) throws Exception {
        this.r = r;
        DeployFixtures.configureClusters();
    }

    @AfterEach
    void restoreEngine() {
        KubeDeployExecution.useForTests(ReleaseDeployer.ENGINE, Clock.systemUTC());
    }

    @Test
    void unknownClusterFailsNamingTheConfiguredOnes() throws Exception {
        FakeDeployer engine = use(FakeDeployer.succeeding());

        WorkflowRun run = build(Result.FAILURE, "kubeDeploy(cluster: 'missing', release: 'web', namespace: 'team-a', files: ['k8s'])");

        r.assertLogContains("kubeDeploy: no Kube Ops cluster named 'missing' (configured: prod-eu, staging)", run);
        assertTrue(engine.calls.isEmpty());
    }

    @Test
    void missingSourceFailsListingTheThreeKinds() throws Exception {
        WorkflowRun run = build(Result.FAILURE, DEPLOY + "values: ['values/prod.yaml'])");

        r.assertLogContains("give exactly one release source (none was given): templates: 'DIR'", run);
    }

    @Test
    void twoSourcesFailNamingBoth() throws Exception {
        WorkflowRun run = build(Result.FAILURE, DEPLOY + "templates: 'deploy', chart: 'chart')");

        r.assertLogContains("give exactly one release source (got templates and chart)", run);
    }

    @Test
    void pathLeavingTheWorkspaceIsRefusedBeforeTheEngineRuns() throws Exception {
        FakeDeployer engine = use(FakeDeployer.succeeding());

        WorkflowRun run = build(Result.FAILURE, DEPLOY + "files: ['k8s', '../other-job/secrets.yaml'])");

        r.assertLogContains("files entry '../other-job/secrets.yaml' leaves the workspace", run);
        assertTrue(engine.calls.isEmpty());
    }

    @Test
    void symbolicLinkOutOfTheWorkspaceIsRefused(@TempDir Path outside) throws Exception {
        assumeFalse(Functions.isWindows(), "symbolic links need privileges on Windows");
        FakeDeployer engine = use(FakeDeployer.succeeding());
        Files.writeString(outside.resolve("stolen.yaml"), DeployFixtures.MANIFEST);
        WorkflowJob job = DeployFixtures.job(r, DEPLOY + "files: ['linked'])");
        Files.createSymbolicLink(new File(r.jenkins.getWorkspaceFor(job).getRemote(), "linked").toPath(), outside);

        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("files entry 'linked' leads out of the workspace through a symbolic link", run);
        assertTrue(engine.calls.isEmpty());
    }

    @Test
    void invalidReleaseNameFailsWithTheEngineMessage() throws Exception {
        WorkflowRun run = build(Result.FAILURE, "kubeDeploy(cluster: 'prod-eu', release: 'Web_App', namespace: 'team-a', files: ['k8s'])");

        r.assertLogContains("release name 'Web_App' is invalid", run);
    }

    @Test
    void deployGetsTheWorkspaceFilesAndReturnsTheEngineMapWithTheCluster() throws Exception {
        FakeDeployer engine = use(FakeDeployer.succeeding());

        WorkflowRun run = build(Result.SUCCESS, "def r = " + DEPLOY + "files: ['k8s'], values: ['values/prod.yaml'], "
                + "set: ['image.tag=1.2.3'])\n"
                + "echo \"result: ${r.cluster} ${r.release} ${r.namespace} revision ${r.revision} ${r.status} ${r.plan} "
                + "${r.evidence} ${r.rolledBackTo}\"");

        r.assertLogContains("result: prod-eu web team-a revision 1 deployed [create Deployment/web] [] 0", run);
        r.assertLogContains("fake engine: deploying web from k8s", run); // staged paths are shown as workspace paths
        FakeDeployer.Call call = engine.calls.get(0);
        // Only what the engine reads is copied: the manifest and the values file, not the README.
        assertEquals(Map.of("k8s/app.yaml", DeployFixtures.MANIFEST, "values/prod.yaml", DeployFixtures.VALUES), call.files());
        assertEquals(java.util.List.of("image.tag=1.2.3"), call.spec().setValues());
        assertEquals(Duration.ofMinutes(10), call.options().timeout());
        assertEquals(Duration.ofMinutes(5), call.options().lockWait());
        assertTrue(call.options().waitForRollout());
        assertTrue(call.options().holder().startsWith("jenkins p#1 kubeDeploy web (step "), call.options().holder());
        assertTrue(call.connection() instanceof ClusterConnection.Token, "the cluster's Secret text credential is a token");
        assertFalse(Files.exists(call.stagedWorkspace()), "the staged copy is deleted after the deploy");
    }

    @Test
    void failedDeployFailsTheBuildWithItsEvidence() throws Exception {
        use(FakeDeployer.failing("Deployment team-a/web: 0 of 3 pods ready: ImagePullBackOff"));

        WorkflowRun run = build(Result.FAILURE, DEPLOY + "files: ['k8s'])");

        r.assertLogContains("kubeDeploy: release web in team-a on cluster prod-eu failed at revision 1:", run);
        r.assertLogContains("Deployment team-a/web: 0 of 3 pods ready: ImagePullBackOff", run);
    }

    @Test
    void failOnErrorFalseReturnsTheFailureToThePipeline() throws Exception {
        use(FakeDeployer.failing("Deployment team-a/web: progress deadline exceeded"));

        WorkflowRun run = build(Result.SUCCESS, "def r = " + DEPLOY + "files: ['k8s'], failOnError: false)\n"
                + "echo \"status: ${r.status}, evidence: ${r.evidence}\"");

        r.assertLogContains("status: failed, evidence: [Deployment team-a/web: progress deadline exceeded]", run);
    }

    @Test
    void optionsReachTheEngine() throws Exception {
        FakeDeployer engine = use(FakeDeployer.succeeding());

        build(Result.SUCCESS, DEPLOY + "files: ['k8s'], dryRun: true, atomic: true, force: true, wait: false, timeout: '90s', "
                + "lockWait: '0s', allowPrune: ['PersistentVolumeClaim'], allowEmpty: true, historyLimit: 3)");

        var options = engine.calls.get(0).options();
        assertTrue(options.dryRun() && options.atomic() && options.force() && options.allowEmpty());
        assertFalse(options.waitForRollout());
        assertEquals(Duration.ofSeconds(90), options.timeout());
        assertEquals(Duration.ZERO, options.lockWait());
        assertEquals(java.util.Set.of("PersistentVolumeClaim"), options.allowedPrunes());
        assertEquals(3, options.historyLimit());
    }

    private FakeDeployer use(FakeDeployer engine) {
        KubeDeployExecution.useForTests(engine, Clock.systemUTC());
        return engine;
    }

    private WorkflowRun build(Result expected, String script) throws Exception {
        return r.buildAndAssertStatus(expected, DeployFixtures.job(r, script));
    }
}
