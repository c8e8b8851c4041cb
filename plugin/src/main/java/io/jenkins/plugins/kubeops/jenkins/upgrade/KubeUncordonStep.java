package io.jenkins.plugins.kubeops.jenkins.upgrade;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.upgrade.Drainer;
import io.jenkins.plugins.kubeops.engine.upgrade.NodeCordon;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code kubeUncordon(cluster: 'prod', nodes: ['node-1'])}: makes schedulable again the nodes that {@code kubeDrain} (or
 * {@code kube-ops drain}) cordoned, and only those, through the engine's {@link NodeCordon}. Returns
 * {@code [uncordoned: [..], left: [node: why]]}: a node cordoned by anyone else (another operation) stays cordoned and is
 * reported. {@code operation} as for kubeDrain: by default the build.
 */
public final class KubeUncordonStep extends Step {

    private final String cluster;
    private final List<String> nodes;
    private String operation;

    @DataBoundConstructor
    public KubeUncordonStep(String cluster, List<String> nodes) {
        this.cluster = StepValues.trimmed(cluster);
        this.nodes = StepValues.lines(nodes);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        try {
            Drainer.checkNodeNames(nodes);
        } catch (KubeOpsException e) {
            throw new AbortException("kubeUncordon: " + e.getMessage());
        }
        return new Execution(context, cluster, nodes, operation);
    }

    public String getCluster() {
        return cluster;
    }

    public List<String> getNodes() {
        return nodes;
    }

    public String getNodesText() {
        return String.join("\n", nodes);
    }

    public @CheckForNull String getOperation() {
        return operation;
    }

    @DataBoundSetter
    public void setOperation(String operation) {
        this.operation = StepValues.blankToNull(operation);
    }

    private static final class Execution extends ClusterStepExecution {

        private static final long serialVersionUID = 1L;

        private final List<String> nodes;
        private final String operation;

        Execution(StepContext context, String cluster, List<String> nodes, String operation) {
            super(context, "kubeUncordon", cluster, Duration.ofMinutes(5));
            this.nodes = List.copyOf(nodes);
            this.operation = operation;
        }

        @Override
        protected String describe() {
            return "uncordon " + String.join(", ", nodes);
        }

        /** Uncordoning is idempotent: after a restart it simply runs again. */
        @Override
        protected Object work(KubernetesClient client, Progress progress, boolean resumed, Instant deadline) throws Exception {
            NodeCordon cordon = new NodeCordon(client, operation(operation));
            List<String> uncordoned = new ArrayList<>();
            Map<String, String> left = new LinkedHashMap<>();
            for (String node : Drainer.checkNodeNames(nodes)) {
                NodeCordon.Result result = cordon.uncordon(node);
                progress.say(result.describe());
                if (result.outcome() == NodeCordon.Outcome.UNCORDONED || result.outcome() == NodeCordon.Outcome.NOT_CORDONED) {
                    uncordoned.add(node);
                } else {
                    left.put(node, result.describe());
                }
            }
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("uncordoned", uncordoned);
            value.put("left", left);
            return value;
        }
    }

    @Extension
    @Symbol("kubeUncordon")
    public static final class DescriptorImpl extends NodeListStepDescriptor {

        @Override
        public String getFunctionName() {
            return "kubeUncordon";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Kube Ops: uncordon nodes a Kube Ops drain cordoned";
        }
    }
}
