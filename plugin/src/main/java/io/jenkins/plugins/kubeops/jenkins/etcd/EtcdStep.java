package io.jenkins.plugins.kubeops.jenkins.etcd;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * What the etcd steps share: the configured cluster and store they name, an execution that finds both and runs the step's
 * engine work off the CPS thread, and a descriptor that needs the build and its log.
 */
public abstract class EtcdStep extends Step {

    private final String cluster;
    private final String store;

    protected EtcdStep(String cluster, String store) {
        this.cluster = Util.fixEmptyAndTrim(cluster);
        this.store = Util.fixEmptyAndTrim(store);
    }

    public String getCluster() {
        return Util.fixNull(cluster);
    }

    public String getStore() {
        return Util.fixNull(store);
    }

    /** What one run of a step works with. */
    record Call(String clusterName, EtcdClusterConfig cluster, EtcdStoreConfig store, Run<?, ?> run, TaskListener listener) {

        /** A progress line in the build log. */
        void say(String line) {
            listener.getLogger().println("Kube Ops: " + line);
        }
    }

    @Override
    public final StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    /** The step's engine work with its configured cluster and store; its result is what the pipeline gets. */
    abstract Map<String, Object> work(Call call) throws Exception;

    /**
     * Looks the cluster and store up by name (a name that is not configured fails the build with the configured ones),
     * then runs the step's {@link #work}; an engine failure fails the build with its cause ({@link EtcdStepSupport#run}).
     * Bounded by the cluster's configured timeouts. Not resumable, so the step is kept only in memory, as core's own
     * synchronous steps keep theirs: a controller restart fails the step, and the next scheduled run starts over (an
     * interrupted backup never looks complete).
     */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {

        private static final long serialVersionUID = 1L;

        private final transient EtcdStep step;

        Execution(StepContext context, EtcdStep step) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            String name = step.getDescriptor().getFunctionName();
            EtcdClusterConfig clusterConfig = EtcdStepSupport.cluster(name, step.getCluster());
            EtcdStoreConfig storeConfig = EtcdStepSupport.store(name, step.getStore());
            Call call = new Call(step.getCluster(), clusterConfig, storeConfig, getContext().get(Run.class),
                    getContext().get(TaskListener.class));
            // A plain, serializable map: the build may be saved while the script holds it.
            return new LinkedHashMap<>(EtcdStepSupport.run(name, () -> step.work(call)));
        }
    }

    /** A step descriptor by function name and display name; the step needs the build and its log. */
    abstract static class EtcdStepDescriptor extends StepDescriptor {

        private final String functionName;
        private final String displayName;

        EtcdStepDescriptor(String functionName, String displayName) {
            this.functionName = functionName;
            this.displayName = displayName;
        }

        @Override
        public String getFunctionName() {
            return functionName;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return displayName;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
