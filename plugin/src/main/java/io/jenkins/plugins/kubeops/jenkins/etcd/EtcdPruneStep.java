package io.jenkins.plugins.kubeops.jenkins.etcd;

import hudson.Extension;
import hudson.Util;
import io.jenkins.plugins.kubeops.engine.etcd.BackupStore;
import io.jenkins.plugins.kubeops.engine.etcd.DurationText;
import io.jenkins.plugins.kubeops.engine.etcd.Pruner;
import io.jenkins.plugins.kubeops.engine.etcd.RetentionPlan;
import io.jenkins.plugins.kubeops.engine.etcd.RetentionPolicy;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code etcdPrune(cluster: 'prod-eu', store: 'nightly-s3', keepLast: 24, daily: 7, weekly: 4, maxAge: '30d')}: deletes
 * the backups no rule keeps — never the newest — and unfinished uploads; {@code dryRun: true} only lists them. Returns
 * {@code [kept: [ids], deleted: [ids], dryRun: bool]}.
 */
public final class EtcdPruneStep extends EtcdStep {

    private int keepLast;
    private int hourly;
    private int daily;
    private int weekly;
    private String maxAge;
    private boolean dryRun;

    @DataBoundConstructor
    public EtcdPruneStep(String cluster, String store) {
        super(cluster, store);
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

    /** Lists and deletes in the store; no etcd is contacted, but the cluster's name must be configured. */
    @Override
    Map<String, Object> work(Call call) throws Exception {
        String age = getMaxAge();
        RetentionPolicy policy = new RetentionPolicy(keepLast, age.isEmpty() ? Optional.empty()
                : Optional.of(DurationText.parse(age, "maxAge")), hourly, daily, weekly, RetentionPolicy.DEFAULT_ORPHAN_GRACE);
        RetentionPlan plan;
        try (BackupStore backups = EtcdConnections.store(call.store(), call.run())) {
            plan = new Pruner(Clock.systemUTC(), call::say).prune(backups, call.clusterName(), policy, dryRun);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("dryRun", dryRun);
        result.put("kept", List.copyOf(plan.keep().stream().map(d -> d.backup().id()).toList()));
        result.put("deleted", List.copyOf(plan.delete().stream().map(d -> d.backup().id()).toList()));
        return result;
    }

    @Extension
    public static final class DescriptorImpl extends EtcdStepDescriptor {
        public DescriptorImpl() {
            super("etcdPrune", "Kube Ops: delete etcd backups no retention rule keeps");
        }
    }
}
