package io.jenkins.plugins.kubeops.jenkins.upgrade;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.ClientTimeouts;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import io.jenkins.plugins.kubeops.engine.upgrade.Drainer;
import io.jenkins.plugins.kubeops.jenkins.ClusterConnections;
import io.jenkins.plugins.kubeops.jenkins.FormValidations;
import io.jenkins.plugins.kubeops.jenkins.StepWork;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What the node steps ({@code kubeDrain}, {@code kubeUncordon}) share: a configured cluster, its nodes, and the operation
 * that marks the cordons they add, so that {@code kubeUncordon} gives back exactly the nodes {@code kubeDrain} cordoned.
 */
public abstract class NodeStep extends Step {

    private final String cluster;
    private final List<String> nodes;
    private String operation;

    protected NodeStep(String cluster, List<String> nodes) {
        this.cluster = Util.fixEmptyAndTrim(cluster);
        // The form sends one textarea (a node per line); a pipeline a list: both split the same way.
        this.nodes = nodes == null ? List.of() : nodes.stream().flatMap(text -> Arrays.stream(text.split("[\\s,]+")))
                .filter(node -> !node.isEmpty()).toList();
    }

    public String getCluster() {
        return Util.fixNull(cluster);
    }

    public List<String> getNodes() {
        return new ArrayList<>(nodes);
    }

    /** For the form's textarea: one node per line. */
    public String getNodesText() {
        return String.join("\n", nodes);
    }

    public String getOperation() {
        return Util.fixNull(operation);
    }

    /** Marks the cordons; default: the build ("jenkins JOB#NUMBER"), so one build's drain and uncordon match. */
    @DataBoundSetter
    public void setOperation(String operation) {
        this.operation = Util.fixEmptyAndTrim(operation);
    }

    String operationFor(Run<?, ?> run) {
        return operation != null ? operation : "jenkins " + run.getExternalizableId();
    }

    /**
     * Connects to the configured cluster as the build may, and runs the step's {@link #work} with a drainer whose cordons
     * carry the operation; an engine failure fails the build with its message. Not resumable: a restart fails the step.
     */
    @Override
    public final StepExecution start(StepContext context) {
        return new StepWork<List<Map<String, Object>>>(context, this::execute);
    }

    private List<Map<String, Object>> execute(StepContext context) throws Exception {
        String name = getDescriptor().getFunctionName();
        Run<?, ?> run = context.get(Run.class);
        TaskListener listener = context.get(TaskListener.class);
        ClusterConnection connection = ClusterConnections.forStep(name, getCluster(), run);
        try (KubernetesClient client = new KubernetesClientFactory(ClientTimeouts.DEFAULT).create(connection);
             Drainer drainer = new Drainer(client, Clock.systemUTC(), operationFor(run))) {
            return work(drainer, line -> listener.getLogger().println("Kube Ops: " + line));
        } catch (KubeOpsException e) {
            throw new AbortException(name + ": " + e.getMessage());
        }
    }

    /** The step's work on its nodes; the result (plain, serializable maps) is what the pipeline gets. */
    abstract List<Map<String, Object>> work(Drainer drainer, Progress progress) throws AbortException;

    /** Needs the build (credentials, operation) and its log. Form checks answer those who may configure the job. */
    abstract static class NodeStepDescriptor extends StepDescriptor {

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        static FormValidation check(@CheckForNull Item item, Supplier<Validation> validation) {
            boolean mayRead = item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.EXTENDED_READ);
            return mayRead ? FormValidations.of(validation.get()) : FormValidation.ok();
        }
    }
}
