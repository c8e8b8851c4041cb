package io.jenkins.plugins.kubeops.jenkins.etcd;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.kubeops.engine.etcd.BackupMetadata;
import io.jenkins.plugins.kubeops.engine.etcd.BackupOptions;
import io.jenkins.plugins.kubeops.engine.etcd.BackupStore;
import io.jenkins.plugins.kubeops.engine.etcd.Compression;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdSettingsValidation;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdTarget;
import io.jenkins.plugins.kubeops.engine.etcd.MetricsTextfile;
import io.jenkins.plugins.kubeops.engine.etcd.SnapshotLocks;
import io.jenkins.plugins.kubeops.engine.etcd.SnapshotTaker;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code def backup = etcdBackup(cluster: 'prod-eu', store: 'nightly-s3')}: takes, verifies and stores one snapshot and
 * returns its metadata (the same keys as {@code kube-ops etcd backup -o json}). The build fails with the cause and a
 * sentence when the cluster, the store or the snapshot fails; a second backup of a cluster whose backup still runs is refused.
 * With {@code metricsTextfile: DIR} the cluster's backup metrics are written for node-exporter afterwards, failed or not.
 */
public final class EtcdBackupStep extends EtcdStep {

    private static final String METRICS_TEXTFILE = "metricsTextfile";

    private boolean deepCheck;
    private String metricsTextfile;

    @DataBoundConstructor
    public EtcdBackupStep(String cluster, String store) {
        super(cluster, store);
    }

    public boolean isDeepCheck() {
        return deepCheck;
    }

    /** Also restore the snapshot with etcdutl into a temporary directory on the controller and open it. */
    @DataBoundSetter
    public void setDeepCheck(boolean deepCheck) {
        this.deepCheck = deepCheck;
    }

    public String getMetricsTextfile() {
        return Util.fixNull(metricsTextfile);
    }

    /**
     * node-exporter's textfile directory on the controller: after the backup, successful or not, the cluster's metrics are
     * written to {@code DIR/kube_ops_etcd_CLUSTER.prom}. Empty for none.
     */
    @DataBoundSetter
    public void setMetricsTextfile(String metricsTextfile) {
        this.metricsTextfile = Util.fixEmptyAndTrim(metricsTextfile);
    }

    /** Streams the snapshot through the controller; then writes the metrics when asked (engine: {@link MetricsTextfile}). */
    @Override
    Map<String, Object> work(Call call) throws Exception {
        Optional<MetricsTextfile> metrics = MetricsTextfile.parse(METRICS_TEXTFILE, metricsTextfile);
        BackupOptions options = new BackupOptions(Compression.parse(call.store().getCompression()),
                EtcdConnections.encryptionKey(call.store(), call.run()),
                deepCheck ? Optional.of(EtcdConnections.binaries(call.cluster())) : Optional.empty(), EtcdStepSupport.workDir());
        SnapshotTaker taker = new SnapshotTaker(Clock.systemUTC(), new SecureRandom(), new SecureRandom(),
                new SnapshotLocks(EtcdStepSupport.lockDir()), call::say);
        EtcdTarget target = EtcdConnections.target(call.cluster(), call.run());
        try (BackupStore backups = EtcdConnections.store(call.store(), call.run())) {
            BackupMetadata metadata = metrics.isPresent()
                    ? metrics.get().afterBackup(call.clusterName(), backups, () -> taker.backup(target, backups, options), call::say)
                    : taker.backup(target, backups, options);
            return metadata.toMap();
        }
    }

    @Extension
    public static final class DescriptorImpl extends EtcdStepDescriptor {
        public DescriptorImpl() {
            super("etcdBackup", "Kube Ops: take a verified etcd backup");
        }

        @POST
        public FormValidation doCheckMetricsTextfile(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
            return check(item, () -> EtcdSettingsValidation.textfileDirectory(METRICS_TEXTFILE, value));
        }
    }
}
