package io.jenkins.plugins.kubeops.jenkins.upgrade;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import io.jenkins.plugins.kubeops.jenkins.FormValidations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
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

    /** The build log, with the steps' prefix. */
    static void say(TaskListener listener, String line) {
        listener.getLogger().println("Kube Ops: " + line);
    }

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
