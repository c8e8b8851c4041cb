package io.jenkins.plugins.kubeops.jenkins.upgrade;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.ClientTimeouts;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.upgrade.Drainer;
import io.jenkins.plugins.kubeops.engine.upgrade.NodeCordon;
import io.jenkins.plugins.kubeops.jenkins.ClusterConnections;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code kubeUncordon(cluster: 'prod-eu', nodes: ['worker-1'])}: uncordons the nodes this build's {@code kubeDrain} (or
 * the given {@code operation}) cordoned; a node someone else cordoned is reported and stays cordoned. Returns one entry
 * per node: {@code [node, outcome, changed, holder]}.
 */
public final class KubeUncordonStep extends NodeStep {

    @DataBoundConstructor
    public KubeUncordonStep(String cluster, List<String> nodes) {
        super(cluster, nodes);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    /** A few API calls per node; not resumable (a restart fails the step, which can be run again). */
    static final class Execution extends SynchronousNonBlockingStepExecution<List<Map<String, Object>>> {

        private static final long serialVersionUID = 1L;

        private final transient KubeUncordonStep step;

        Execution(StepContext context, KubeUncordonStep step) {
            super(context);
            this.step = step;
        }

        @Override
        protected List<Map<String, Object>> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            ClusterConnection connection = ClusterConnections.forStep("kubeUncordon", step.getCluster(), run);
            List<Map<String, Object>> results = new ArrayList<>();
            try (KubernetesClient client = new KubernetesClientFactory(ClientTimeouts.DEFAULT).create(connection);
                 Drainer drainer = new Drainer(client, Clock.systemUTC(), step.operationFor(run))) {
                for (NodeCordon.Result result : drainer.uncordon(step.getNodes(), line -> say(listener, line))) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("node", result.node());
                    entry.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
                    entry.put("changed", result.changed());
                    entry.put("holder", result.holder() == null ? "" : result.holder());
                    results.add(entry);
                }
            } catch (KubeOpsException e) {
                throw new AbortException("kubeUncordon: " + e.getMessage());
            }
            return results;
        }
    }

    @Extension
    public static final class DescriptorImpl extends NodeStepDescriptor {

        @Override
        public String getFunctionName() {
            return "kubeUncordon";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Kube Ops: uncordon the nodes this build cordoned";
        }
    }
}
