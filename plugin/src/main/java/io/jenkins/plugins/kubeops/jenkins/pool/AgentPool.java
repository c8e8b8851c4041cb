package io.jenkins.plugins.kubeops.jenkins.pool;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import io.jenkins.plugins.kubeops.jenkins.FormValidations;
import io.jenkins.plugins.kubeops.engine.pool.AgentRequest;
import io.jenkins.plugins.kubeops.engine.pool.PoolValidation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One agent pool as configured: the labels it serves, the warm pool size, the agent size used to rank members, and its
 * members (Kubernetes clouds). Values are stored trimmed; getters never return {@code null}.
 */
public final class AgentPool implements Describable<AgentPool> {

    static final String DEFAULT_AGENT_CPU = "1";
    static final String DEFAULT_AGENT_MEMORY = "2Gi";

    private final String name;
    private String labels;
    private int minIdleAgents;
    private String agentCpu = DEFAULT_AGENT_CPU;
    private String agentMemory = DEFAULT_AGENT_MEMORY;
    private List<CloudMember> members = new ArrayList<>();

    @DataBoundConstructor
    public AgentPool(String name) {
        this.name = Util.fixEmptyAndTrim(name);
    }

    public String getName() {
        return Util.fixNull(name);
    }

    /** Space-separated agent labels, in the order given (the first one is used for warm agents). */
    public String getLabels() {
        return Util.fixNull(labels);
    }

    @DataBoundSetter
    public void setLabels(String labels) {
        this.labels = labels == null ? null : Util.fixEmptyAndTrim(labels.trim().replaceAll("\\s+", " "));
    }

    public int getMinIdleAgents() {
        return minIdleAgents;
    }

    @DataBoundSetter
    public void setMinIdleAgents(int minIdleAgents) {
        this.minIdleAgents = minIdleAgents;
    }

    /** CPU request of one agent pod, used to rank members (a Kubernetes quantity). */
    public String getAgentCpu() {
        return agentCpu == null ? DEFAULT_AGENT_CPU : agentCpu;
    }

    @DataBoundSetter
    public void setAgentCpu(String agentCpu) {
        String value = Util.fixEmptyAndTrim(agentCpu);
        this.agentCpu = value == null ? DEFAULT_AGENT_CPU : value;
    }

    public String getAgentMemory() {
        return agentMemory == null ? DEFAULT_AGENT_MEMORY : agentMemory;
    }

    @DataBoundSetter
    public void setAgentMemory(String agentMemory) {
        String value = Util.fixEmptyAndTrim(agentMemory);
        this.agentMemory = value == null ? DEFAULT_AGENT_MEMORY : value;
    }

    public List<CloudMember> getMembers() {
        return members == null ? List.of() : List.copyOf(members);
    }

    @DataBoundSetter
    public void setMembers(List<CloudMember> members) {
        this.members = members == null ? new ArrayList<>() : new ArrayList<>(members);
    }

    Set<String> labelSet() {
        Set<String> set = new LinkedHashSet<>();
        for (String label : getLabels().split(" ")) {
            if (!label.isEmpty()) {
                set.add(label);
            }
        }
        return set;
    }

    /** The label warm agents are started with: the first one listed. */
    Optional<String> warmLabel() {
        return labelSet().stream().findFirst();
    }

    /** The pool's agent size, for the job (affinity) when one is given. */
    AgentRequest agentRequest() {
        return AgentRequest.ofQuantities(getAgentCpu(), getAgentMemory());
    }

    /** Every field's engine check, then every member's: the first error wins. */
    Validation validate() {
        List<Validation> checks = List.of(PoolValidation.poolName(getName()), PoolValidation.labels(getLabels()),
                PoolValidation.minIdleAgents(minIdleAgents), PoolValidation.quantity("Agent CPU", getAgentCpu()),
                PoolValidation.quantity("Agent memory", getAgentMemory()));
        for (Validation check : checks) {
            if (check.isError()) {
                return prefixed(check);
            }
        }
        for (CloudMember member : getMembers()) {
            Validation check = member.validate();
            if (check.isError()) {
                return prefixed(check);
            }
        }
        return Validation.ok();
    }

    private Validation prefixed(Validation error) {
        return Validation.error("Pool '" + getName() + "': " + error.message());
    }

    @Extension
    @Symbol("pool")
    public static final class DescriptorImpl extends Descriptor<AgentPool> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Agent pool";
        }

        // Reachable by URL: each endpoint requires POST (CSRF) and Overall/Administer itself.

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> PoolValidation.poolName(value));
        }

        @POST
        public FormValidation doCheckLabels(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> PoolValidation.labels(value));
        }

        @POST
        public FormValidation doCheckMinIdleAgents(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> PoolValidation.minIdleAgents(value));
        }

        @POST
        public FormValidation doCheckAgentCpu(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> PoolValidation.quantity("Agent CPU", value));
        }

        @POST
        public FormValidation doCheckAgentMemory(@QueryParameter String value) {
            return FormValidations.forAdministrators(() -> PoolValidation.quantity("Agent memory", value));
        }
    }
}
