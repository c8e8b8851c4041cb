package io.jenkins.plugins.kubeops.jenkins.upgrade;

import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.kubeops.engine.upgrade.Drainer;
import java.util.List;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** The descriptors of the steps that take a list of nodes ({@code kubeDrain}, {@code kubeUncordon}): its form check. */
public abstract class NodeListStepDescriptor extends ClusterStepDescriptor {

    /** The engine's rule for node names, one per line. */
    @POST
    public FormValidation doCheckNodes(@AncestorInPath Item item, @QueryParameter String value) {
        return check(item, () -> StepValues.validation(
                () -> Drainer.checkNodeNames(StepValues.lines(List.of(StepValues.trimmed(value))))));
    }
}
