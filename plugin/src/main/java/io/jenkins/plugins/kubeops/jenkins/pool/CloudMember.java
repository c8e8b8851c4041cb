package io.jenkins.plugins.kubeops.jenkins.pool;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterSettingsValidation;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import io.jenkins.plugins.kubeops.jenkins.FormValidations;
import io.jenkins.plugins.kubeops.engine.pool.MemberState;
import io.jenkins.plugins.kubeops.engine.pool.PoolValidation;
import java.util.List;
import java.util.Locale;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A pool member: a Kubernetes cloud of the kubernetes plugin, by name, with the namespace and node selector its agent pods
 * land in (for measuring load — the cloud's pod template decides where pods really go), caps, rank and state.
 */
public final class CloudMember implements Describable<CloudMember> {

    private final String cloud;
    private String namespace;
    private String nodeSelector;
    private int maxAgents;
    private String maxCpu;
    private String maxMemory;
    private int priority;
    private double weight = 1;
    private String state = "active";

    @DataBoundConstructor
    public CloudMember(String cloud) {
        this.cloud = Util.fixEmptyAndTrim(cloud);
    }

    /** The name of a Kubernetes cloud in Manage Jenkins » Clouds; also the cluster name the engine watches. */
    public String getCloud() {
        return Util.fixNull(cloud);
    }

    /** Empty: the cloud's namespace, or {@code default}. */
    public String getNamespace() {
        return Util.fixNull(namespace);
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = Util.fixEmptyAndTrim(namespace);
    }

    /** {@code key=value} terms separated by commas; must match the pod template's node selector. */
    public String getNodeSelector() {
        return Util.fixNull(nodeSelector);
    }

    @DataBoundSetter
    public void setNodeSelector(String nodeSelector) {
        this.nodeSelector = Util.fixEmptyAndTrim(nodeSelector);
    }

    public int getMaxAgents() {
        return maxAgents;
    }

    @DataBoundSetter
    public void setMaxAgents(int maxAgents) {
        this.maxAgents = maxAgents;
    }

    public String getMaxCpu() {
        return Util.fixNull(maxCpu);
    }

    @DataBoundSetter
    public void setMaxCpu(String maxCpu) {
        this.maxCpu = Util.fixEmptyAndTrim(maxCpu);
    }

    public String getMaxMemory() {
        return Util.fixNull(maxMemory);
    }

    @DataBoundSetter
    public void setMaxMemory(String maxMemory) {
        this.maxMemory = Util.fixEmptyAndTrim(maxMemory);
    }

    public int getPriority() {
        return priority;
    }

    @DataBoundSetter
    public void setPriority(int priority) {
        this.priority = priority;
    }

    public double getWeight() {
        return weight;
    }

    @DataBoundSetter
    public void setWeight(double weight) {
        this.weight = weight;
    }

    /** {@code active}, {@code draining} or {@code paused}. */
    public String getState() {
        return state == null ? "active" : state;
    }

    @DataBoundSetter
    public void setState(String state) {
        String value = Util.fixEmptyAndTrim(state);
        this.state = value == null ? "active" : value.toLowerCase(Locale.ROOT);
    }

    /** Every field's engine check; the first error wins, naming the cloud. */
    Validation validate() {
        List<Validation> checks = List.of(KubernetesClouds.check(getCloud()), ClusterSettingsValidation.namespace(getNamespace()),
                PoolValidation.nodeSelector(getNodeSelector()), PoolValidation.maxAgents(maxAgents),
                PoolValidation.quantity("Max CPU", getMaxCpu()), PoolValidation.quantity("Max memory", getMaxMemory()),
                PoolValidation.priority(priority), PoolValidation.weight(weight), PoolValidation.state(getState()));
        for (Validation check : checks) {
            if (check.isError()) {
                return Validation.error("member '" + getCloud() + "': " + check.message());
            }
        }
        return Validation.ok();
    }

    @Extension
    @Symbol("member")
    public static final class DescriptorImpl extends Descriptor<CloudMember> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Pool member (Kubernetes cloud)";
        }

        // Reachable by URL: each endpoint requires POST (CSRF) and Overall/Administer itself.

        /** The Kubernetes clouds configured now, plus the current value even if that cloud is gone. */
        @POST
        public ListBoxModel doFillCloudItems(@QueryParameter String cloud) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            ListBoxModel items = new ListBoxModel();
            List<String> names = KubernetesClouds.names();
            names.forEach(name -> items.add(name, name));
            String current = Util.fixEmptyAndTrim(cloud);
            if (current != null && !names.contains(current)) {
                items.add(current, current);
            }
            return items;
        }

        @POST
        public FormValidation doCheckCloud(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> KubernetesClouds.check(value));
        }

        @POST
        public FormValidation doCheckNamespace(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> ClusterSettingsValidation.namespace(value));
        }

        @POST
        public FormValidation doCheckNodeSelector(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> PoolValidation.nodeSelector(value));
        }

        @POST
        public FormValidation doCheckMaxAgents(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> PoolValidation.maxAgents(value));
        }

        @POST
        public FormValidation doCheckMaxCpu(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> PoolValidation.quantity("Max CPU", value));
        }

        @POST
        public FormValidation doCheckMaxMemory(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> PoolValidation.quantity("Max memory", value));
        }

        @POST
        public FormValidation doCheckPriority(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> PoolValidation.priority(value));
        }

        @POST
        public FormValidation doCheckWeight(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> PoolValidation.weight(value));
        }

        @POST
        public ListBoxModel doFillStateItems() {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            ListBoxModel items = new ListBoxModel();
            for (MemberState state : MemberState.values()) {
                String value = state.name().toLowerCase(Locale.ROOT);
                items.add(value, value);
            }
            return items;
        }
    }
}
