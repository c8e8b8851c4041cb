package io.jenkins.plugins.kubeops.jenkins.etcd;

import hudson.Extension;
import hudson.Util;
import io.jenkins.plugins.kubeops.engine.etcd.BackupCatalog;
import io.jenkins.plugins.kubeops.engine.etcd.BackupMetadata;
import io.jenkins.plugins.kubeops.engine.etcd.BackupStore;
import io.jenkins.plugins.kubeops.engine.etcd.RestoreDrill;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code def drill = etcdRestoreDrill(cluster: 'prod-eu', store: 'nightly-s3')}: restores a backup (default: the newest)
 * into a throw-away etcd on the controller's loopback, using the etcd binaries configured for the cluster, and returns the
 * report ({@code passed}, {@code problem}, expected and actual revision and key count, timings). A drill that runs but
 * does not match is {@code passed: false}, not a build failure: the caller decides (etcdBackupJob notifies).
 */
public final class EtcdRestoreDrillStep extends EtcdStep {

    private String backup = "latest";

    @DataBoundConstructor
    public EtcdRestoreDrillStep(String cluster, String store) {
        super(cluster, store);
    }

    public String getBackup() {
        return Util.fixNull(backup);
    }

    @DataBoundSetter
    public void setBackup(String backup) {
        this.backup = Util.fixEmptyAndTrim(backup) == null ? "latest" : backup.trim();
    }

    /** Fetches the backup and restores it into a throw-away member on the controller's loopback. */
    @Override
    Map<String, Object> work(Call call) throws Exception {
        RestoreDrill.Report report;
        try (BackupStore backups = EtcdConnections.store(call.store(), call.run())) {
            BackupMetadata chosen = BackupCatalog.find(backups, call.clusterName(), getBackup());
            report = new RestoreDrill(Clock.systemUTC(), call::say).run(backups, chosen,
                    EtcdConnections.decryptionKeys(call.store(), call.run()), EtcdConnections.binaries(call.cluster()),
                    EtcdStepSupport.workDir(), Duration.ofSeconds(call.cluster().getTimeoutSeconds()));
        }
        call.say("restore drill of " + report.backupId() + (report.passed() ? " passed" : " FAILED: " + report.problem()));
        return report.toMap();
    }

    @Extension
    public static final class DescriptorImpl extends EtcdStepDescriptor {
        public DescriptorImpl() {
            super("etcdRestoreDrill", "Kube Ops: restore an etcd backup into a throw-away member and check it");
        }
    }
}
