package io.jenkins.plugins.kubeops.jenkins.upgrade;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainOptions;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainReport;
import io.jenkins.plugins.kubeops.engine.upgrade.Drainer;
import java.time.Clock;
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
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code def r = kubeDrain(cluster: 'prod', nodes: ['node-1'], ignoreDaemonSets: true)}: cordons the nodes and evicts their
 * pods with kubectl drain's rules through the engine's {@link Drainer}, all nodes side by side. Returns
 * {@code [drained: [..], failed: [node: reason], skipped: [..]]}; never uncordons a drained node (kubeUncordon does), but a
 * node skipped by {@code onTimeout: 'skip'} is given back as it was found, as the CLI does. The cordons are marked with
 * {@code operation}, by default the build ("jenkins JOB#NUMBER"), so that kubeUncordon in the same build gives back exactly
 * these nodes.
 */
public final class KubeDrainStep extends Step {

    /** Beyond the per-node timeout: time for onTimeout's force deletion and the API calls around the drain. */
    static final Duration MARGIN = Duration.ofMinutes(5);

    private final String cluster;
    private final List<String> nodes;
    private boolean ignoreDaemonSets;
    private boolean deleteEmptyDirData;
    private boolean force;
    private String gracePeriod;
    private String timeout;
    private String onTimeout;
    private String skipWaitForDeleteTimeout;
    private String operation;

    @DataBoundConstructor
    public KubeDrainStep(String cluster, List<String> nodes) {
        this.cluster = StepValues.trimmed(cluster);
        this.nodes = StepValues.lines(nodes);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        DrainOptions options;
        try {
            Drainer.checkNodeNames(nodes);
            options = options();
        } catch (KubeOpsException e) {
            throw new AbortException("kubeDrain: " + e.getMessage());
        }
        return new Execution(context, this, options);
    }

    /** Parsed by the engine, with the CLI's messages. */
    DrainOptions options() {
        return DrainOptions.defaults().withPermissions(ignoreDaemonSets, deleteEmptyDirData, force)
                .withGracePeriod(DrainOptions.parseGracePeriod(gracePeriod))
                .withTimeout(DrainOptions.parseTimeout(getTimeout()), DrainOptions.OnTimeout.parse(getOnTimeout()))
                .withSkipWaitForDeleteTimeout(DrainOptions.parseSkipWaitForDeleteTimeout(getSkipWaitForDeleteTimeout()));
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

    public boolean isIgnoreDaemonSets() {
        return ignoreDaemonSets;
    }

    @DataBoundSetter
    public void setIgnoreDaemonSets(boolean ignoreDaemonSets) {
        this.ignoreDaemonSets = ignoreDaemonSets;
    }

    public boolean isDeleteEmptyDirData() {
        return deleteEmptyDirData;
    }

    @DataBoundSetter
    public void setDeleteEmptyDirData(boolean deleteEmptyDirData) {
        this.deleteEmptyDirData = deleteEmptyDirData;
    }

    public boolean isForce() {
        return force;
    }

    @DataBoundSetter
    public void setForce(boolean force) {
        this.force = force;
    }

    public @CheckForNull String getGracePeriod() {
        return gracePeriod;
    }

    /** Whole seconds; -1 or unset: each pod's own. A pipeline may pass a number. */
    @DataBoundSetter
    public void setGracePeriod(String gracePeriod) {
        this.gracePeriod = StepValues.blankToNull(gracePeriod);
    }

    public String getTimeout() {
        return timeout == null ? "10m" : timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = StepValues.blankToNull(timeout);
    }

    public String getOnTimeout() {
        return onTimeout == null ? "fail" : onTimeout;
    }

    @DataBoundSetter
    public void setOnTimeout(String onTimeout) {
        this.onTimeout = StepValues.blankToNull(onTimeout);
    }

    public String getSkipWaitForDeleteTimeout() {
        return skipWaitForDeleteTimeout == null ? "0" : skipWaitForDeleteTimeout;
    }

    /** kubectl's --skip-wait-for-delete-timeout: whole seconds; 0 (default) always waits for terminating pods. */
    @DataBoundSetter
    public void setSkipWaitForDeleteTimeout(String skipWaitForDeleteTimeout) {
        this.skipWaitForDeleteTimeout = StepValues.blankToNull(skipWaitForDeleteTimeout);
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
        private final DrainOptions options;
        private final String operation;

        Execution(StepContext context, KubeDrainStep step, DrainOptions options) {
            super(context, "kubeDrain", step.cluster, options.timeout().plus(MARGIN));
            this.nodes = List.copyOf(step.nodes);
            this.options = options;
            this.operation = step.operation;
        }

        @Override
        protected String describe() {
            return "drain " + String.join(", ", nodes);
        }

        /** Draining again after a restart is safe: evicted pods are gone, the cordon mark is this operation's. */
        @Override
        protected Object work(KubernetesClient client, Progress progress, boolean resumed, Instant deadline) throws Exception {
            DrainReport report;
            try (Drainer drainer = new Drainer(client, Clock.systemUTC(), operation(operation))) {
                report = drainer.drain(nodes, options, progress);
                for (DrainReport.NodeResult skipped : report.withOutcome(DrainReport.Outcome.SKIPPED)) {
                    if (skipped.cordonedByUs()) {
                        progress.say(drainer.cordon().uncordon(skipped.node()).describe() + " (skipped)");
                    }
                }
            }
            List<String> drained = new ArrayList<>();
            List<String> skippedNodes = new ArrayList<>();
            Map<String, String> failed = new LinkedHashMap<>();
            for (DrainReport.NodeResult node : report.nodes()) {
                progress.say(node.describe());
                if (node.outcome().drained()) {
                    drained.add(node.node());
                } else if (node.outcome() == DrainReport.Outcome.SKIPPED) {
                    skippedNodes.add(node.node());
                } else {
                    failed.put(node.node(), node.describe());
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("drained", drained);
            result.put("failed", failed);
            result.put("skipped", skippedNodes);
            return result;
        }
    }

    @Extension
    @Symbol("kubeDrain")
    public static final class DescriptorImpl extends NodeListStepDescriptor {

        @Override
        public String getFunctionName() {
            return "kubeDrain";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Kube Ops: drain nodes (cordon, evict respecting PodDisruptionBudgets)";
        }

        @POST
        public FormValidation doCheckGracePeriod(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> DrainOptions.checkGracePeriod(value));
        }

        @POST
        public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> DrainOptions.checkTimeout(value));
        }

        @POST
        public FormValidation doCheckSkipWaitForDeleteTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> DrainOptions.checkSkipWaitForDeleteTimeout(value));
        }

        @POST
        public FormValidation doCheckOnTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> DrainOptions.checkOnTimeout(value));
        }
    }
}
