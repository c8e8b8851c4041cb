package io.jenkins.plugins.kubeops.jenkins.etcd;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import io.jenkins.plugins.kubeops.jenkins.FormValidations;
import io.jenkins.plugins.kubeops.jenkins.StepWork;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

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

    /** What one run of a step works with; {@code context} for what only some steps need (the workspace). */
    record Call(String clusterName, EtcdClusterConfig cluster, EtcdStoreConfig store, Run<?, ?> run, TaskListener listener,
                StepContext context) {

        /** A progress line in the build log. */
        void say(String line) {
            listener.getLogger().println("Kube Ops: " + line);
        }
    }

    /**
     * Looks the cluster and store up by name (a name that is not configured fails the build with the configured ones),
     * then runs the step's {@link #work}; an engine failure fails the build with its cause ({@link EtcdStepSupport#run}).
     * Bounded by the cluster's configured timeouts. A controller restart fails the step, and the next scheduled run starts
     * over (an interrupted backup never looks complete).
     */
    @Override
    public final StepExecution start(StepContext context) {
        return new StepWork<Map<String, Object>>(context, this::execute);
    }

    private Map<String, Object> execute(StepContext context) throws Exception {
        String name = getDescriptor().getFunctionName();
        EtcdClusterConfig clusterConfig = EtcdStepSupport.cluster(name, getCluster());
        EtcdStoreConfig storeConfig = EtcdStepSupport.store(name, getStore());
        Call call = new Call(getCluster(), clusterConfig, storeConfig, context.get(Run.class), context.get(TaskListener.class),
                context);
        // A plain, serializable map: the build may be saved while the script holds it.
        return new LinkedHashMap<>(EtcdStepSupport.run(name, () -> work(call)));
    }

    /** The step's engine work with its configured cluster and store; its result is what the pipeline gets. */
    abstract Map<String, Object> work(Call call) throws Exception;

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

        // Form checks are reached from the Snippet Generator of a job or of Jenkins (and by URL): POST only (the caller's
        // method carries @POST), answered with the engine's verdict for those who may read the job's configuration
        // (Overall/Administer outside a job), and with no verdict for others rather than an error in the middle of the form.
        static FormValidation check(@CheckForNull Item item, Supplier<Validation> validation) {
            boolean mayRead = item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.EXTENDED_READ);
            return mayRead ? FormValidations.of(validation.get()) : FormValidation.ok();
        }
    }
}
