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
import io.jenkins.plugins.kubeops.engine.upgrade.HealthGateSettings;
import io.jenkins.plugins.kubeops.engine.upgrade.HealthGates;
import io.jenkins.plugins.kubeops.engine.upgrade.Polling;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
 * {@code kubeHealthGate(cluster: 'prod', consecutive: 3, interval: '10s', timeout: '10m')}: waits until the engine's
 * {@link HealthGates} (nodes Ready, kube-system pods Ready, {@code /readyz}, PodDisruptionBudgets healthy) pass
 * {@code consecutive} times in a row, {@code interval} apart; fails the step when the timeout passes first. Returns
 * {@code [healthy: true, passes: consecutive]}.
 */
public final class KubeHealthGateStep extends Step {

    private final String cluster;
    private int consecutive = HealthGateSettings.DEFAULTS.consecutive();
    private String interval;
    private String timeout;

    @DataBoundConstructor
    public KubeHealthGateStep(String cluster) {
        this.cluster = StepValues.trimmed(cluster);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        HealthGateSettings settings;
        try {
            settings = settings();
        } catch (KubeOpsException e) {
            throw new AbortException("kubeHealthGate: " + e.getMessage());
        }
        return new Execution(context, cluster, settings);
    }

    /** The engine's settings; its constructor refuses counts and intervals that cannot fit in the timeout. */
    HealthGateSettings settings() {
        return new HealthGateSettings(consecutive, Durations.parse("interval", getInterval()),
                Durations.parse("timeout", getTimeout()), Optional.empty());
    }

    public String getCluster() {
        return cluster;
    }

    public int getConsecutive() {
        return consecutive;
    }

    @DataBoundSetter
    public void setConsecutive(int consecutive) {
        this.consecutive = consecutive;
    }

    public String getInterval() {
        return interval == null ? "10s" : interval;
    }

    @DataBoundSetter
    public void setInterval(String interval) {
        this.interval = StepValues.blankToNull(interval);
    }

    public String getTimeout() {
        return timeout == null ? "10m" : timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = StepValues.blankToNull(timeout);
    }

    private static final class Execution extends ClusterStepExecution {

        private static final long serialVersionUID = 1L;

        private final int consecutive;
        private final long intervalSeconds;
        private final long timeoutSeconds;

        Execution(StepContext context, String cluster, HealthGateSettings settings) {
            super(context, "kubeHealthGate", cluster, settings.timeout().plusMinutes(1));
            this.consecutive = settings.consecutive();
            this.intervalSeconds = settings.interval().getSeconds();
            this.timeoutSeconds = settings.timeout().getSeconds();
        }

        @Override
        protected String describe() {
            return "health gate, " + consecutive + " passes in a row";
        }

        /** After a restart the count starts again, within the time left: the cluster may have changed meanwhile. */
        @Override
        protected Object work(KubernetesClient client, Progress progress, boolean resumed, Instant deadline) {
            Duration left = Duration.between(Instant.now(), deadline).minusMinutes(1);
            Duration timeout = Duration.ofSeconds(timeoutSeconds);
            HealthGateSettings settings = new HealthGateSettings(consecutive, Duration.ofSeconds(intervalSeconds),
                    resumed && left.compareTo(timeout) < 0 ? left : timeout, Optional.empty());
            HealthGates.of(client, settings, Map.of(), Polling.real(Clock.systemUTC())).await("kubeHealthGate", progress);
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("healthy", true);
            value.put("passes", consecutive);
            return value;
        }
    }

    @Extension
    @Symbol("kubeHealthGate")
    public static final class DescriptorImpl extends ClusterStepDescriptor {

        @Override
        public String getFunctionName() {
            return "kubeHealthGate";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Kube Ops: wait until the cluster is healthy (nodes, kube-system, /readyz, PodDisruptionBudgets)";
        }

        @POST
        public FormValidation doCheckInterval(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> Durations.check("interval", value));
        }

        @POST
        public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> Durations.check("timeout", value));
        }

        @POST
        public FormValidation doCheckConsecutive(@AncestorInPath Item item, @QueryParameter String value,
                                                 @QueryParameter String interval, @QueryParameter String timeout) {
            return check(item, () -> StepValues.validation(() -> new HealthGateSettings(value != null && value.trim().matches("\\d{1,6}") ? Integer.parseInt(value.trim()) : 0,
                    Durations.parse("interval", interval), Durations.parse("timeout", timeout), Optional.empty())));
        }
    }
}
