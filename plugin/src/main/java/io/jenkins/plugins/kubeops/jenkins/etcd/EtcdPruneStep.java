package io.jenkins.plugins.kubeops.jenkins.etcd;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.kubeops.engine.etcd.BackupStore;
import io.jenkins.plugins.kubeops.engine.etcd.DurationText;
import io.jenkins.plugins.kubeops.engine.etcd.Pruner;
import io.jenkins.plugins.kubeops.engine.etcd.RetentionPlan;
import io.jenkins.plugins.kubeops.engine.etcd.RetentionPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code etcdPrune(cluster: 'prod-eu', store: 'nightly-s3', keepLast: 24, daily: 7, weekly: 4, maxAge: '30d')}: deletes
 * the backups no rule keeps — never the newest — and unfinished uploads; {@code dryRun: true} only lists them. Returns
 * {@code [kept: [ids], deleted: [ids], dryRun: bool]}.
 */
public final class EtcdPruneStep extends Step {

    private final String cluster;
    private final String store;
    private int keepLast;
    private int hourly;
    private int daily;
    private int weekly;
    private String maxAge;
    private boolean dryRun;

    @DataBoundConstructor
    public EtcdPruneStep(String cluster, String store) {
        this.cluster = Util.fixEmptyAndTrim(cluster);
        this.store = Util.fixEmptyAndTrim(store);
    }

    public String getCluster() {
        return Util.fixNull(cluster);
    }

    public String getStore() {
        return Util.fixNull(store);
    }

    public int getKeepLast() {
        return keepLast;
    }

    @DataBoundSetter
    public void setKeepLast(int keepLast) {
        this.keepLast = keepLast;
    }

    public int getHourly() {
        return hourly;
    }

    @DataBoundSetter
    public void setHourly(int hourly) {
        this.hourly = hourly;
    }

    public int getDaily() {
        return daily;
    }

    @DataBoundSetter
    public void setDaily(int daily) {
        this.daily = daily;
    }

    public int getWeekly() {
        return weekly;
    }

    @DataBoundSetter
    public void setWeekly(int weekly) {
        this.weekly = weekly;
    }

    public String getMaxAge() {
        return Util.fixNull(maxAge);
    }

    /** e.g. {@code 7d}, {@code 36h}; empty for none. */
    @DataBoundSetter
    public void setMaxAge(String maxAge) {
        this.maxAge = Util.fixEmptyAndTrim(maxAge);
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {

        private static final long serialVersionUID = 1L;

        private final String cluster;
        private final String store;
        private final int keepLast;
        private final int hourly;
        private final int daily;
        private final int weekly;
        private final String maxAge;
        private final boolean dryRun;

        Execution(StepContext context, EtcdPruneStep step) {
            super(context);
            this.cluster = step.getCluster();
            this.store = step.getStore();
            this.keepLast = step.keepLast;
            this.hourly = step.hourly;
            this.daily = step.daily;
            this.weekly = step.weekly;
            this.maxAge = step.getMaxAge();
            this.dryRun = step.dryRun;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            EtcdStepSupport.cluster("etcdPrune", cluster); // the name must be configured, although no etcd is contacted
            EtcdStoreConfig storeConfig = EtcdStepSupport.store("etcdPrune", store);
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            RetentionPlan plan = EtcdStepSupport.run("etcdPrune", () -> {
                Optional<Duration> age = maxAge.isEmpty() ? Optional.empty() : Optional.of(DurationText.parse(maxAge, "maxAge"));
                RetentionPolicy policy = new RetentionPolicy(keepLast, age, hourly, daily, weekly,
                        RetentionPolicy.DEFAULT_ORPHAN_GRACE);
                try (BackupStore backups = EtcdConnections.store(storeConfig, run)) {
                    return new Pruner(Clock.systemUTC(), line -> listener.getLogger().println("Kube Ops: " + line))
                            .prune(backups, cluster, policy, dryRun);
                }
            });
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("dryRun", dryRun);
            result.put("kept", List.copyOf(plan.keep().stream().map(d -> d.backup().id()).toList()));
            result.put("deleted", List.copyOf(plan.delete().stream().map(d -> d.backup().id()).toList()));
            return result;
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "etcdPrune";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Kube Ops: delete etcd backups no retention rule keeps";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
