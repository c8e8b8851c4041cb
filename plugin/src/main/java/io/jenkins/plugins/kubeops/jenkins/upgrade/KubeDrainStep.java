package io.jenkins.plugins.kubeops.jenkins.upgrade;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainOptions;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainReport;
import io.jenkins.plugins.kubeops.engine.upgrade.Drainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code kubeDrain(cluster: 'prod-eu', nodes: ['worker-1'], ignoreDaemonSets: true)}: cordons and drains the nodes side by
 * side as kubectl drain does (evictions that respect disruption budgets, a deadline per node, then {@code onTimeout}), with
 * the engine's {@code Drainer} and the same option rules and messages as {@code kube-ops drain}. Returns one entry per node
 * ({@code node, outcome, evicted, forced, left, message}); the build fails when a node is neither drained nor skipped.
 */
public final class KubeDrainStep extends NodeStep {

    private boolean ignoreDaemonSets;
    private boolean deleteEmptyDirData;
    private boolean force;
    private String gracePeriod = "";
    private String timeout = "10m";
    private String onTimeout = "fail";
    private String skipWaitForDeleteTimeout = "0";

    @DataBoundConstructor
    public KubeDrainStep(String cluster, List<String> nodes) {
        super(cluster, nodes);
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

    public String getGracePeriod() {
        return gracePeriod;
    }

    @DataBoundSetter
    public void setGracePeriod(String gracePeriod) {
        this.gracePeriod = Util.fixNull(gracePeriod).trim();
    }

    public String getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = Util.fixNull(timeout).trim();
    }

    public String getOnTimeout() {
        return onTimeout;
    }

    @DataBoundSetter
    public void setOnTimeout(String onTimeout) {
        this.onTimeout = Util.fixNull(onTimeout).trim();
    }

    public String getSkipWaitForDeleteTimeout() {
        return skipWaitForDeleteTimeout;
    }

    @DataBoundSetter
    public void setSkipWaitForDeleteTimeout(String skipWaitForDeleteTimeout) {
        this.skipWaitForDeleteTimeout = Util.fixNull(skipWaitForDeleteTimeout).trim();
    }

    /** The engine's options; a bad value fails with the engine's message. */
    DrainOptions options() {
        return new DrainOptions(ignoreDaemonSets, deleteEmptyDirData, force, DrainOptions.parseGracePeriod(gracePeriod),
                DrainOptions.parseTimeout(timeout), DrainOptions.OnTimeout.parse(onTimeout),
                DrainOptions.parseSkipWaitForDeleteTimeout(skipWaitForDeleteTimeout), DrainOptions.DEFAULT_PARALLELISM);
    }

    /** Bounded by the per-node timeout; nodes that fail stay cordoned, as with kubectl. */
    @Override
    List<Map<String, Object>> work(Drainer drainer, Progress progress) throws AbortException {
        DrainReport report = drainer.drain(getNodes(), options(), progress);
        // As kube-ops drain does: a skipped node is left as it was found, so the cordon this drain added goes.
        for (DrainReport.NodeResult skipped : report.withOutcome(DrainReport.Outcome.SKIPPED)) {
            if (skipped.cordonedByUs()) {
                progress.say(drainer.cordon().uncordon(skipped.node()).describe() + " (skipped)");
            }
        }
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (DrainReport.NodeResult node : report.nodes()) {
            progress.say(node.describe());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("node", node.node());
            entry.put("outcome", node.outcome().name().toLowerCase(Locale.ROOT));
            entry.put("evicted", node.evicted());
            entry.put("forced", new ArrayList<>(node.forced()));
            entry.put("left", new ArrayList<>(node.left()));
            entry.put("message", node.message());
            nodes.add(entry);
        }
        List<String> failed = report.nodes().stream()
                .filter(node -> !node.outcome().drained() && node.outcome() != DrainReport.Outcome.SKIPPED)
                .map(DrainReport.NodeResult::describe).toList();
        if (!failed.isEmpty()) {
            throw new AbortException("kubeDrain: " + String.join("; ", failed));
        }
        return nodes;
    }

    @Extension
    public static final class DescriptorImpl extends NodeStepDescriptor {

        @Override
        public String getFunctionName() {
            return "kubeDrain";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Kube Ops: cordon and drain nodes";
        }

        @POST
        public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> DrainOptions.checkTimeout(value));
        }

        @POST
        public FormValidation doCheckOnTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> DrainOptions.checkOnTimeout(value));
        }

        @POST
        public FormValidation doCheckGracePeriod(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> DrainOptions.checkGracePeriod(value));
        }

        @POST
        public FormValidation doCheckSkipWaitForDeleteTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> DrainOptions.checkSkipWaitForDeleteTimeout(value));
        }
    }
}
