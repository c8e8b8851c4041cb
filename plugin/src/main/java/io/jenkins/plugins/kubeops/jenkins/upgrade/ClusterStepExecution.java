package io.jenkins.plugins.kubeops.jenkins.upgrade;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.ClassLoaderSanityThreadFactory;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.ClientTimeouts;
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.jenkins.ClusterConnections;
import io.jenkins.plugins.kubeops.jenkins.KubeCluster;
import io.jenkins.plugins.kubeops.jenkins.KubeOpsConfiguration;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import jenkins.model.Jenkins;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.flow.FlowExecution;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.springframework.security.core.Authentication;

/**
 * The coordination every upgrade and canary step shares: the engine's work runs on a worker thread (never on the CPS
 * thread), under an absolute deadline fixed when the step starts; {@link #stop} and the deadline interrupt the worker;
 * after a controller restart {@link #onResume} runs {@link #work} again with {@code resumed} set, and the subclass asks
 * the engine to resume from the state it keeps in the cluster. Progress lines go to the build log.
 */
public abstract class ClusterStepExecution extends StepExecution {

    private static final long serialVersionUID = 1L;

    /** Long blocking work must not use jenkins.util.Timer's 10 threads; built like workflow-step-api's own pool. */
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(new NamingThreadFactory(
            new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()), "kubeOpsClusterStep"));

    private static volatile Clock clock = Clock.systemUTC();

    private final String stepName;
    private final String cluster;
    private final long timeoutSeconds;
    private Instant deadline;

    private transient volatile Future<?> worker;
    private transient volatile ScheduledFuture<?> watchdog;
    private transient volatile Throwable stopCause;
    private transient volatile String phase;

    protected ClusterStepExecution(StepContext context, String stepName, String cluster, Duration timeout) {
        super(context);
        this.stepName = stepName;
        this.cluster = cluster;
        this.timeoutSeconds = timeout.getSeconds();
    }

    /** Tests fix the clock; it outlives a restart inside one JVM. */
    static void useClockForTests(Clock testClock) {
        clock = testClock;
    }

    /**
     * The engine call. {@code resumed}: the controller restarted while the step ran; continue from the cluster's state.
     * Returns the step's value (a plain serializable map); a {@link KubeOpsException} fails the step with its message.
     */
    protected abstract Object work(KubernetesClient client, Progress progress, boolean resumed, Instant deadline)
            throws Exception;

    /** What the step does, for the executor's status line, e.g. "cluster prod-eu: drain node-1, node-2". */
    protected abstract String describe();

    protected final String stepName() {
        return stepName;
    }

    protected final String holder() throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        return "jenkins " + run.getExternalizableId() + " " + stepName;
    }

    /** The cordon mark of kubeDrain and kubeUncordon: the one given, or the build ("jenkins JOB#NUMBER"). */
    protected final String operation(String given) throws Exception {
        return given != null ? given : "jenkins " + getContext().get(Run.class).getExternalizableId();
    }

    @Override
    public boolean start() throws Exception {
        configuredCluster(stepName, cluster);
        deadline = clock.instant().plusSeconds(timeoutSeconds);
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
        interruptWorker();
        super.stop(cause);
    }

    /** A safe restart waits for the engine call under way; a hard one is handled by {@link #onResume}. */
    @Override
    public boolean blocksRestart() {
        Future<?> running = worker;
        return running != null && !running.isDone();
    }

    @Override
    public String getStatus() {
        String now = phase;
        return (now == null ? "waiting to run" : now) + ": " + describe() + (deadline == null ? "" : ", deadline " + deadline);
    }

    private void interruptWorker() {
        Future<?> running = worker;
        if (running != null) {
            running.cancel(true); // the engine stops at its next wait; its state in the cluster says where it was
        }
    }

    private void launch(boolean resumed) {
        Jenkins jenkins = Jenkins.get();
        Authentication authentication;
        try {
            authentication = getContext().get(FlowExecution.class).getAuthentication2();
        } catch (Exception e) {
            getContext().onFailure(e);
            return;
        }
        if (deadline != null) {
            long left = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
            watchdog = Timer.get().schedule(this::deadlinePassed, left, TimeUnit.MILLISECONDS);
        }
        worker = WORKERS.submit(() -> {
            try (ACLContext ignored = ACL.as2(authentication)) {
                run(resumed, jenkins);
            }
        });
    }

    private void deadlinePassed() {
        Future<?> running = worker;
        if (running == null || running.isDone() || stopCause != null) {
            return;
        }
        stopCause = new AbortException(stepName + ": the deadline " + deadline + " (timeout " + Duration.ofSeconds(timeoutSeconds)
                + " after the step started) has passed: stopped. The cluster keeps the state; run the step again to continue.");
        interruptWorker();
        getContext().onFailure(stopCause);
    }

    private void run(boolean resumed, Jenkins jenkins) {
        Object result = null;
        Throwable failure = null;
        phase = "running";
        try {
            result = call(resumed);
        } catch (KubeOpsException e) {
            failure = new AbortException(stepName + ": " + e.getMessage());
        } catch (Throwable e) { // InterruptedException, AbortException, errors: reported as they are
            failure = e;
        } finally {
            phase = "finished";
            ScheduledFuture<?> timer = watchdog;
            if (timer != null) {
                timer.cancel(false);
            }
        }
        if (Jenkins.getInstanceOrNull() != jenkins || stopCause != null) {
            return; // stop() or the deadline has already failed the step (or, in tests, a successor Jenkins resumed it)
        }
        if (failure != null) {
            getContext().onFailure(failure);
        } else {
            getContext().onSuccess(result);
        }
    }

    private Object call(boolean resumed) throws Exception {
        StepContext context = getContext();
        PrintStream log = context.get(TaskListener.class).getLogger();
        if (deadline == null) {
            throw new AbortException(stepName + ": Jenkins restarted before the step had started: run it again.");
        }
        if (!clock.instant().isBefore(deadline)) {
            throw new AbortException(stepName + ": the deadline " + deadline + " has passed"
                    + (resumed ? " while Jenkins restarted" : "") + ": the cluster keeps the state; run the step again to continue.");
        }
        if (resumed) {
            log.println(stepName + ": Jenkins restarted during this step; continuing from the state kept in the cluster");
        }
        KubeCluster configured = configuredCluster(stepName, cluster);
        try (KubernetesClient client = new KubernetesClientFactory(ClientTimeouts.DEFAULT)
                .create(ClusterConnections.forRun(configured, context.get(Run.class)))) {
            return work(client, line -> log.println(stepName + ": " + line), resumed, deadline);
        }
    }

    /** The configured cluster of that name, or a failure that lists the configured names and where to add one. */
    static KubeCluster configuredCluster(String stepName, String name) throws AbortException {
        KubeOpsConfiguration configuration = KubeOpsConfiguration.get();
        Optional<KubeCluster> found = configuration.findCluster(name);
        if (found.isPresent()) {
            return found.get();
        }
        List<String> names = configuration.getClusterNames();
        throw new AbortException(stepName + ": no Kube Ops cluster named '" + name + "' ("
                + (names.isEmpty() ? "none is configured" : "configured: " + String.join(", ", names))
                + "): use a configured name, or add the cluster in Manage Jenkins » System » Kube Ops.");
    }
}
