package io.jenkins.plugins.kubeops.jenkins.upgrade;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradePlan;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeService;
import java.time.Duration;
import java.time.Instant;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code def plan = kubeUpgradePlan(cluster: 'prod', to: 'v1.36.4', maxUnavailable: '25%')}: the engine's upgrade plan for
 * the cluster as it is now (pre-flight checks, skew verdict at every step, snapshot, control-plane passes, node rolls);
 * changes nothing. Returns {@code [cluster, from, target, refused, refusal, text, steps: [[kind, ..., description]]]}; a
 * refused plan is returned (refused: true), not thrown, so that the pipeline shows it.
 */
public final class KubeUpgradePlanStep extends UpgradePolicyStep {

    @DataBoundConstructor
    public KubeUpgradePlanStep(String cluster, String to) {
        super(cluster, to);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        UpgradeArguments arguments = arguments();
        try {
            arguments.check();
        } catch (KubeOpsException e) {
            throw new AbortException("kubeUpgradePlan: " + e.getMessage());
        }
        return new Execution(context, getCluster(), arguments);
    }

    private static final class Execution extends ClusterStepExecution {

        private static final long serialVersionUID = 1L;

        private final String cluster;
        private final UpgradeArguments arguments;

        Execution(StepContext context, String cluster, UpgradeArguments arguments) {
            super(context, "kubeUpgradePlan", cluster, Duration.ofMinutes(5));
            this.cluster = cluster;
            this.arguments = arguments;
        }

        @Override
        protected String describe() {
            return "plan the upgrade of " + cluster + " to " + arguments.to();
        }

        /** Read-only: after a restart the plan is simply made again from the cluster as it is then. */
        @Override
        protected Object work(KubernetesClient client, Progress progress, boolean resumed, Instant deadline) {
            UpgradeService service = UpgradeServices.reading(client);
            UpgradePlan plan = service.plan(arguments.target(), arguments.policy());
            return UpgradeMaps.plan(cluster, plan, service.describe(plan));
        }
    }

    @Extension
    @Symbol("kubeUpgradePlan")
    public static final class DescriptorImpl extends PolicyDescriptor {

        @Override
        public String getFunctionName() {
            return "kubeUpgradePlan";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Kube Ops: plan a cluster upgrade (skew-checked, changes nothing)";
        }
    }
}
