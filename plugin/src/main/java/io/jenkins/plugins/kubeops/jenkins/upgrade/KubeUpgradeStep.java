package io.jenkins.plugins.kubeops.jenkins.upgrade;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.common.Durations;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainOptions;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradePlan;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeService;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeState;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeStep;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code def r = kubeUpgrade(cluster: 'prod', to: 'v1.36.4', maxUnavailable: '25%', pauseAfterBatch: true)}: runs the
 * engine's upgrade (plan, lock, control plane, nodes rolled through a window with PDB-safe drains, health gates) on a worker thread. When
 * the cluster holds an unfinished upgrade (paused, failed, or its runner died), the step resumes it instead of starting
 * one. Returns {@code [status: 'upgraded' | 'paused', done: [..], next: description or null, operationId]}; a failed or
 * aborted upgrade fails the step. Stopping the build interrupts the engine; the state stays in the cluster.
 */
public final class KubeUpgradeStep extends UpgradePolicyStep {

    private boolean pauseAfterBatch;
    private String timeout;
    private boolean ignoreDaemonSets;
    private boolean deleteEmptyDirData;
    private boolean force;

    @DataBoundConstructor
    public KubeUpgradeStep(String cluster, String to) {
        super(cluster, to);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        UpgradeArguments arguments = arguments();
        Duration limit;
        try {
            arguments.check();
            limit = Durations.parse("timeout", getTimeout());
        } catch (KubeOpsException e) {
            throw new AbortException("kubeUpgrade: " + e.getMessage());
        }
        return new Execution(context, this, arguments, limit);
    }

    public boolean isPauseAfterBatch() {
        return pauseAfterBatch;
    }

    @DataBoundSetter
    public void setPauseAfterBatch(boolean pauseAfterBatch) {
        this.pauseAfterBatch = pauseAfterBatch;
    }

    public String getTimeout() {
        return timeout == null ? "24h" : timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = StepValues.blankToNull(timeout);
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

    private static final class Execution extends ClusterStepExecution {

        private static final long serialVersionUID = 1L;

        private final String cluster;
        private final UpgradeArguments arguments;
        private final boolean pauseAfterBatch;
        private final boolean ignoreDaemonSets;
        private final boolean deleteEmptyDirData;
        private final boolean force;

        Execution(StepContext context, KubeUpgradeStep step, UpgradeArguments arguments, Duration limit) {
            super(context, "kubeUpgrade", step.getCluster(), limit);
            this.cluster = step.getCluster();
            this.arguments = arguments;
            this.pauseAfterBatch = step.pauseAfterBatch;
            this.ignoreDaemonSets = step.ignoreDaemonSets;
            this.deleteEmptyDirData = step.deleteEmptyDirData;
            this.force = step.force;
        }

        @Override
        protected String describe() {
            return "upgrade " + cluster + " to " + arguments.to();
        }

        @Override
        protected Object work(KubernetesClient client, Progress progress, boolean resumed, Instant deadline) throws Exception {
            DrainOptions drain = DrainOptions.defaults().withPermissions(ignoreDaemonSets, deleteEmptyDirData, force);
            UpgradeService service = UpgradeServices.upgrading(client, drain,
                    UpgradeService.Settings.DEFAULTS.withPauseAfterEachBatch(pauseAfterBatch), holder());
            Optional<UpgradeState> existing = service.state();
            UpgradeState state;
            if (existing.isPresent() && existing.get().status().unfinished()) {
                UpgradeState old = existing.get();
                if (!old.target().equals(arguments.target())) {
                    progress.say("the cluster holds an unfinished upgrade to " + old.target() + ", not " + arguments.to()
                            + ": resuming that one (abort it with 'kube-ops upgrade abort' to plan anew)");
                }
                state = service.resume(progress);
            } else if (resumed) {
                throw new KubeOpsException("Jenkins restarted before the upgrade had recorded its state in the cluster: "
                        + "run kubeUpgrade again.");
            } else {
                UpgradePlan plan = service.plan(arguments.target(), arguments.policy());
                if (!plan.refused() && plan.steps().stream().anyMatch(UpgradeStep.Snapshot.class::isInstance)) {
                    throw new KubeOpsException("the plan takes an etcd snapshot before the control plane, and kubeUpgrade takes "
                            + "none itself: take a verified one first (etcdBackup), then pass skipSnapshot: true.");
                }
                state = service.apply(arguments.target(), arguments.policy(), progress);
            }
            if (state.status() == UpgradeState.Status.FAILED || state.status() == UpgradeState.Status.ABORTED) {
                throw new KubeOpsException("the upgrade to " + state.target() + " " + state.status().name().toLowerCase()
                        + ": " + state.message() + " (operation " + state.operationId() + "; 'kube-ops upgrade status' shows "
                        + "it, and kubeUpgrade or 'kube-ops upgrade resume' continues a failed one).");
            }
            return UpgradeMaps.outcome(state);
        }
    }

    @Extension
    @Symbol("kubeUpgrade")
    public static final class DescriptorImpl extends PolicyDescriptor {

        @Override
        public String getFunctionName() {
            return "kubeUpgrade";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Kube Ops: upgrade a cluster (control plane, then nodes with PDB-safe drains)";
        }

        @POST
        public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> Durations.check("timeout", value));
        }
    }
}
