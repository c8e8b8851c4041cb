package io.jenkins.plugins.kubeops.jenkins.deploy;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.ClassLoaderSanityThreadFactory;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.deploy.DeployResult;
import io.jenkins.plugins.kubeops.jenkins.ClusterConnections;
import io.jenkins.plugins.kubeops.jenkins.KubeCluster;
import io.jenkins.plugins.kubeops.jenkins.KubeOpsConfiguration;
import java.io.File;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.flow.FlowExecution;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.springframework.security.core.Authentication;

/**
 * Runs one {@code kubeDeploy} off the CPS thread, for minutes, and survives controller restarts. {@link #start} checks the
 * arguments and fixes the absolute deadline; a worker thread stages the files and calls the engine; after a restart
 * {@link #onResume} runs the deploy again with the time left, under the same lock holder (the engine's lease lets that
 * holder back in, and server-side apply is idempotent), or fails if the deadline has passed. {@link #stop} interrupts
 * the worker. Unlike {@code SynchronousNonBlockingStepExecution}, whose {@code onResume} fails the step.
 */
final class KubeDeployExecution extends StepExecution {

    private static final long serialVersionUID = 1L;

    /** Long blocking work must not use jenkins.util.Timer (10 threads); built like the pool workflow-step-api uses. */
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(new NamingThreadFactory(
            new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()), "kubeDeploy"));

    private static volatile ReleaseDeployer deployer = ReleaseDeployer.ENGINE;
    private static volatile Clock clock = Clock.systemUTC();

    private final DeployRequest request;
    private DeployDeadline deadline;
    private String holder;
    private String stagingDirectory;

    private transient volatile Future<?> worker;
    private transient volatile Throwable stopCause;
    private transient volatile String phase;

    KubeDeployExecution(StepContext context, DeployRequest request) {
        super(context);
        this.request = request;
    }

    /** Tests replace the engine and the clock; the replacement outlives a restart inside one JVM. */
    static void useForTests(ReleaseDeployer replacement, Clock testClock) {
        deployer = replacement;
        clock = testClock;
    }

    @Override
    public boolean start() throws Exception {
        StepContext context = getContext();
        Run<?, ?> run = context.get(Run.class);
        FlowNode node = context.get(FlowNode.class);
        configuredCluster();
        holder = "jenkins " + run.getExternalizableId() + " kubeDeploy " + request.release + " (step " + node.getId() + ")";
        stagingDirectory = new File(run.getRootDir(), "kube-ops-deploy-" + node.getId()).getAbsolutePath();
        deadline = DeployDeadline.starting(clock.instant(), request.lockWait(), request.timeout());
        launch(false);
        return false;
    }

    @Override
    public void onResume() {
        launch(true);
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        stopCause = cause;
        Future<?> running = worker;
        if (running != null) {
            running.cancel(true); // the engine stops at its next wait and records the failure in the release history
        }
        super.stop(cause);
    }

    /** A safe restart waits for a deploy under way; a hard one is handled by {@link #onResume}. */
    @Override
    public boolean blocksRestart() {
        Future<?> running = worker;
        return running != null && !running.isDone();
    }

    @Override
    public String getStatus() {
        String now = phase;
        return (now == null ? "waiting to run" : now) + ": " + request.describe()
                + (deadline == null ? "" : ", deadline " + deadline.until());
    }

    private void launch(boolean resumed) {
        Jenkins jenkins = Jenkins.get();
        Authentication authentication;
        try {
            // The build's own identity, before and after a restart (the credential lookup is by run anyway).
            authentication = getContext().get(FlowExecution.class).getAuthentication2();
        } catch (Exception e) {
            getContext().onFailure(e);
            return;
        }
        worker = WORKERS.submit(() -> {
            try (ACLContext ignored = ACL.as2(authentication)) {
                work(resumed, jenkins);
            }
        });
    }

    private void work(boolean resumed, Jenkins jenkins) {
        ReleaseStaging staging = stagingDirectory == null ? null : new ReleaseStaging(new File(stagingDirectory).toPath());
        Object result = null;
        Throwable failure = null;
        try {
            result = deploy(resumed, staging);
        } catch (KubeOpsException e) {
            failure = new AbortException("kubeDeploy: " + (staging == null ? e.getMessage() : staging.relativize(e.getMessage())));
        } catch (Throwable e) { // InterruptedException, IOException, errors: reported as they are, with their trace
            failure = e;
        } finally {
            phase = "finished";
        }
        if (Jenkins.getInstanceOrNull() != jenkins) {
            return; // only in tests: this worker belongs to a Jenkins that has since stopped; its successor resumed the step
        }
        cleanUp(staging);
        if (stopCause != null) {
            return; // stop() has already failed the step
        }
        if (failure != null) {
            getContext().onFailure(failure);
        } else {
            getContext().onSuccess(result);
        }
    }

    private Object deploy(boolean resumed, ReleaseStaging staging) throws Exception {
        StepContext context = getContext();
        PrintStream log = context.get(TaskListener.class).getLogger();
        if (deadline == null || staging == null) {
            throw new KubeOpsException("Jenkins restarted before " + request.describe() + " had started: run it again.");
        }
        Optional<DeployDeadline.Budget> budget = deadline.budgetAt(clock.instant());
        if (budget.isEmpty()) {
            throw new KubeOpsException((resumed ? "Jenkins restarted during the deploy of " + request.describe() + ", and its"
                    : "the deploy of " + request.describe() + " could not start before its") + " deadline (" + deadline.until()
                    + ": lockWait + timeout after it started) has passed. The release may be partly applied: see its history "
                    + "('kube-ops history " + request.release + " -n " + request.namespace + "') and run the deploy again.");
        }
        if (resumed) {
            log.println("kubeDeploy: Jenkins restarted during this deploy; deploying " + request.describe() + " again with the "
                    + DeployDeadline.format(budget.get().total()) + " left (same lock holder; server-side apply is idempotent).");
        }
        ClusterConnection connection = ClusterConnections.forRun(configuredCluster(), context.get(Run.class));
        stage(resumed, staging, log);
        phase = "deploying";
        log.println("kubeDeploy: " + request.describe() + " (" + connection.describe() + "), "
                + DeployDeadline.format(budget.get().total()) + " at most");
        DeployResult result = deployer.deploy(connection, request.toSpec(staging.workspaceCopy()),
                request.toOptions(holder, budget.get()), line -> log.println(staging.relativize(line)));
        if (!result.succeeded()) {
            String failure = staging.relativize(DeployResults.failure(request, result));
            if (request.failOnError) {
                throw new AbortException(failure);
            }
            log.println(failure);
        }
        return DeployResults.toStepValue(request.cluster, result);
    }

    private void stage(boolean resumed, ReleaseStaging staging, PrintStream log) throws Exception {
        phase = "copying the release files";
        if (resumed && staging.isComplete()) {
            log.println("kubeDeploy: using the release files copied before the restart");
            return;
        }
        FilePath workspace = getContext().get(FilePath.class); // after a restart: throws if the agent is not back
        if (workspace == null) {
            throw new KubeOpsException("no workspace: run kubeDeploy inside a node block, after the release files are there.");
        }
        staging.copyFrom(workspace, request.workspaceEntries());
    }

    private KubeCluster configuredCluster() throws AbortException {
        KubeOpsConfiguration configuration = KubeOpsConfiguration.get();
        Optional<KubeCluster> found = configuration.findCluster(request.cluster);
        if (found.isPresent()) {
            return found.get();
        }
        List<String> names = configuration.getClusterNames();
        String where = "Manage Jenkins » System » Kube Ops";
        throw new AbortException("kubeDeploy: no Kube Ops cluster named '" + request.cluster + "' ("
                + (names.isEmpty() ? "none is configured" : "configured: " + String.join(", ", names))
                + "): use a configured name, or add the cluster in " + where + ".");
    }

    private void cleanUp(ReleaseStaging staging) {
        if (staging == null) {
            return;
        }
        try {
            staging.delete();
        } catch (Exception e) {
            try {
                getContext().get(TaskListener.class).getLogger().println("kubeDeploy: could not delete the copied release files in "
                        + stagingDirectory + " (" + e + "); they are removed with the build.");
            } catch (Exception ignored) {
                // nothing more to tell: the copy stays in the build's directory
            }
        }
    }
}
