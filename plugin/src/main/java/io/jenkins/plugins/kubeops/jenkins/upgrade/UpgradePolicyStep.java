package io.jenkins.plugins.kubeops.jenkins.upgrade;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.kubeops.engine.upgrade.KubeVersion;
import io.jenkins.plugins.kubeops.engine.upgrade.MaintenanceWindow;
import io.jenkins.plugins.kubeops.engine.upgrade.MaxUnavailable;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradePolicy;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeValidation;
import java.io.Serializable;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The arguments {@code kubeUpgradePlan} and {@code kubeUpgrade} share: the cluster, the target version and the policy, as
 * the CLI's {@code upgrade plan} takes them, parsed and checked by the engine's {@link UpgradeValidation}.
 */
public abstract class UpgradePolicyStep extends Step {

    private final String cluster;
    private final String to;
    private String maxUnavailable;
    private String poolLabel;
    private boolean perZone;
    private String nodeSelector;
    private String via;
    private String window;
    private boolean skipSnapshot;

    protected UpgradePolicyStep(String cluster, String to) {
        this.cluster = StepValues.trimmed(cluster);
        this.to = StepValues.trimmed(to);
    }

    public String getCluster() {
        return cluster;
    }

    public String getTo() {
        return to;
    }

    public String getMaxUnavailable() {
        return maxUnavailable == null ? "1" : maxUnavailable;
    }

    /** A count or a percentage ("25%"); a pipeline may pass a number. */
    @DataBoundSetter
    public void setMaxUnavailable(String maxUnavailable) {
        this.maxUnavailable = StepValues.blankToNull(maxUnavailable);
    }

    public @CheckForNull String getPoolLabel() {
        return poolLabel;
    }

    @DataBoundSetter
    public void setPoolLabel(String poolLabel) {
        this.poolLabel = StepValues.blankToNull(poolLabel);
    }

    public boolean isPerZone() {
        return perZone;
    }

    @DataBoundSetter
    public void setPerZone(boolean perZone) {
        this.perZone = perZone;
    }

    public @CheckForNull String getNodeSelector() {
        return nodeSelector;
    }

    @DataBoundSetter
    public void setNodeSelector(String nodeSelector) {
        this.nodeSelector = StepValues.blankToNull(nodeSelector);
    }

    public @CheckForNull String getVia() {
        return via;
    }

    @DataBoundSetter
    public void setVia(String via) {
        this.via = StepValues.blankToNull(via);
    }

    public @CheckForNull String getWindow() {
        return window;
    }

    @DataBoundSetter
    public void setWindow(String window) {
        this.window = StepValues.blankToNull(window);
    }

    public boolean isSkipSnapshot() {
        return skipSnapshot;
    }

    @DataBoundSetter
    public void setSkipSnapshot(boolean skipSnapshot) {
        this.skipSnapshot = skipSnapshot;
    }

    /** The values, serializable, for an execution that outlives a restart; parsed again (by the engine) where used. */
    UpgradeArguments arguments() {
        return new UpgradeArguments(to, getMaxUnavailable(), poolLabel, perZone, nodeSelector, via, window, skipSnapshot);
    }

    /** The target and policy as strings; {@link #target()} and {@link #policy()} parse them as the CLI does. */
    record UpgradeArguments(String to, String maxUnavailable, String poolLabel, boolean perZone, String nodeSelector,
                            String via, String window, boolean skipSnapshot) implements Serializable {

        KubeVersion target() {
            return UpgradeValidation.version("to", to);
        }

        UpgradePolicy policy() {
            UpgradePolicy policy = UpgradePolicy.DEFAULTS.withMaxUnavailable(MaxUnavailable.parse(maxUnavailable))
                    .withVia(UpgradeValidation.via(via)).withSkipSnapshot(skipSnapshot)
                    .withNodeSelector(UpgradeValidation.nodeSelector(nodeSelector));
            if (poolLabel != null) {
                policy = policy.withPoolLabel(UpgradeValidation.poolLabel(poolLabel), perZone);
            } else if (perZone) {
                policy = policy.withPoolLabel(null, true);
            }
            return window == null ? policy : policy.withWindow(MaintenanceWindow.parse(window));
        }

        /** Both parsed, so bad input fails before anything connects. */
        void check() {
            target();
            policy();
        }
    }

    /** The form checks of both steps' fields: the engine's messages, as the CLI shows them. */
    public abstract static class PolicyDescriptor extends ClusterStepDescriptor {

        @POST
        public FormValidation doCheckTo(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> UpgradeValidation.checkVersion("to", value));
        }

        @POST
        public FormValidation doCheckMaxUnavailable(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> UpgradeValidation.checkMaxUnavailable(value));
        }

        @POST
        public FormValidation doCheckPoolLabel(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> UpgradeValidation.checkPoolLabel(value));
        }

        @POST
        public FormValidation doCheckNodeSelector(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> UpgradeValidation.checkNodeSelector(value));
        }

        @POST
        public FormValidation doCheckVia(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> StepValues.validation(() -> UpgradeValidation.via(value)));
        }

        @POST
        public FormValidation doCheckWindow(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> UpgradeValidation.checkWindow(value));
        }
    }
}
