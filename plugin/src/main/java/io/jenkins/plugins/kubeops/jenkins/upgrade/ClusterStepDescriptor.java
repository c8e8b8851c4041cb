package io.jenkins.plugins.kubeops.jenkins.upgrade;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import io.jenkins.plugins.kubeops.jenkins.FormValidations;
import io.jenkins.plugins.kubeops.jenkins.KubeOpsConfiguration;
import java.util.Set;
import java.util.function.Supplier;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What the upgrade and canary steps' descriptors share: the context they need, the cluster drop-down, and form checks that
 * answer only those who may read the job's configuration (Overall/Administer outside a job), with the engine's message.
 */
public abstract class ClusterStepDescriptor extends StepDescriptor {

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, TaskListener.class, FlowNode.class);
    }

    @POST
    public ListBoxModel doFillClusterItems(@AncestorInPath Item item, @QueryParameter String cluster) {
        ListBoxModel names = new ListBoxModel();
        if (mayRead(item)) {
            KubeOpsConfiguration.get().getClusterNames().forEach(names::add);
        }
        if (cluster != null && !cluster.isBlank() && names.stream().noneMatch(option -> option.value.equals(cluster))) {
            names.add(cluster);
        }
        return names;
    }

    /** The engine's verdict for those who may read the job's configuration; nothing for others. */
    public static FormValidation check(@CheckForNull Item item, Supplier<Validation> validation) {
        return mayRead(item) ? FormValidations.of(validation.get()) : FormValidation.ok();
    }

    static boolean mayRead(@CheckForNull Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.EXTENDED_READ);
    }
}
