package io.jenkins.plugins.kubeops.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterSummary;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code def info = kubeClusterInfo(cluster: 'prod-eu')}: the cluster's version, nodes and capacity, as the map the engine
 * produces (the same keys as {@code kube-ops cluster info --output json}) plus {@code cluster}, the name asked for.
 */
public final class KubeClusterInfoStep extends Step {

    private final String cluster;

    @DataBoundConstructor
    public KubeClusterInfoStep(String cluster) {
        this.cluster = Util.fixEmptyAndTrim(cluster);
    }

    public String getCluster() {
        return Util.fixNull(cluster);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, getCluster());
    }

    /**
     * A few short API calls, bounded by the engine's client timeouts, run off the CPS thread. Not resumable: a controller
     * restart during the call fails the step, which is acceptable for a read that the script can simply repeat.
     */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {

        private static final long serialVersionUID = 1L;

        private final String cluster;

        Execution(StepContext context, String cluster) {
            super(context);
            this.cluster = cluster;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            ClusterConnection connection = ClusterConnections.forStep("kubeClusterInfo", cluster, run);
            ClusterSummary summary;
            try {
                summary = ClusterConnections.summarize(connection);
            } catch (KubeOpsException e) {
                // A user-facing message: fail the build with it, without a stack trace.
                throw new AbortException(e.getMessage());
            }
            listener.getLogger().println("Kube Ops: cluster '" + cluster + "' (" + connection.describe() + ") runs Kubernetes "
                    + summary.serverVersion() + ", " + summary.readyNodes() + " of " + summary.nodes() + " nodes ready");
            // A plain, serializable map: the build may be saved while the script holds it.
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("cluster", cluster);
            info.putAll(summary.toMap());
            return info;
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "kubeClusterInfo";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Kube Ops: read a cluster's version, nodes and capacity";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
