package io.jenkins.plugins.kubeops.jenkins.pool;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.pool.AgentRequest;
import io.jenkins.plugins.kubeops.engine.pool.Placement;
import io.jenkins.plugins.kubeops.engine.pool.Pool;
import java.time.Duration;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code def cloud = kubePool(label: 'maven', cpu: '2', memory: '4Gi')}: the Kubernetes cloud of the pool serving the label
 * that should take the agent now, for {@code podTemplate(cloud: cloud, ...)}. The job's full name is the affinity key, so a
 * job returns to its last cloud while loads are close. Without cpu/memory, the pool's agent size is used.
 */
public final class KubePoolStep extends Step {

    /** How long a first call waits for the clusters' first listing; later calls read caches. */
    static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);

    private final String label;
    private String cpu;
    private String memory;

    @DataBoundConstructor
    public KubePoolStep(String label) {
        this.label = Util.fixEmptyAndTrim(label);
    }

    public String getLabel() {
        return Util.fixNull(label);
    }

    /** CPU the agent pod requests (a Kubernetes quantity); empty: the pool's agent CPU. */
    public String getCpu() {
        return Util.fixNull(cpu);
    }

    @DataBoundSetter
    public void setCpu(String cpu) {
        this.cpu = Util.fixEmptyAndTrim(cpu);
    }

    public String getMemory() {
        return Util.fixNull(memory);
    }

    @DataBoundSetter
    public void setMemory(String memory) {
        this.memory = Util.fixEmptyAndTrim(memory);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, getLabel(), getCpu(), getMemory());
    }

    /**
     * Reads caches, waiting (bounded) only for a cluster's first listing, off the CPS thread. Not resumable: a restart
     * during the call fails the step, and the script may simply call it again.
     */
    static final class Execution extends SynchronousNonBlockingStepExecution<String> {

        private static final long serialVersionUID = 1L;

        private final String label;
        private final String cpu;
        private final String memory;

        Execution(StepContext context, String label, String cpu, String memory) {
            super(context);
            this.label = label;
            this.cpu = cpu;
            this.memory = memory;
        }

        @Override
        protected String run() throws Exception {
            KubePoolsConfiguration configuration = KubePoolsConfiguration.get();
            AgentPool configured = configuration.poolServing(label).orElseThrow(() -> new AbortException(
                    "kubePool: no agent pool serves label '" + label + "' (served: " + String.join(", ", configuration.getServedLabels())
                            + "): use one of those labels, or add it to a pool in Manage Jenkins » System » Kube Ops agent pools."));
            String job = getContext().get(Run.class).getParent().getFullName();
            Placement placement = place(configured, job);
            getContext().get(TaskListener.class).getLogger()
                    .println("kubePool: pool " + configured.getName() + ": " + placement.explanation());
            return placement.best().map(best -> best.member().cluster()).orElseThrow(() -> new AbortException(
                    "kubePool: pool " + configured.getName() + " cannot take the agent now: " + placement.explanation()));
        }

        private Placement place(AgentPool configured, String job) throws AbortException {
            try {
                AgentRequest request = AgentRequest.ofQuantities(cpu.isEmpty() ? configured.getAgentCpu() : cpu,
                        memory.isEmpty() ? configured.getAgentMemory() : memory).forJob(job);
                Pool pool = PoolModels.toEngine(configured);
                PoolPlacements placements = PoolPlacements.get();
                placements.awaitSynced(pool, SYNC_TIMEOUT);
                return placements.place(pool, request);
            } catch (KubeOpsException e) {
                // A user-facing message (bad cpu/memory, a cloud that cannot be reached): no stack trace.
                throw new AbortException("kubePool: " + e.getMessage());
            }
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "kubePool";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Kube Ops: choose the Kubernetes cloud of an agent pool by load";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
