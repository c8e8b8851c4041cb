package io.jenkins.plugins.kubeops.jenkins.etcd;

import hudson.Extension;
import io.jenkins.plugins.kubeops.engine.etcd.BackupOptions;
import io.jenkins.plugins.kubeops.engine.etcd.BackupStore;
import io.jenkins.plugins.kubeops.engine.etcd.Compression;
import io.jenkins.plugins.kubeops.engine.etcd.SnapshotLocks;
import io.jenkins.plugins.kubeops.engine.etcd.SnapshotTaker;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code def backup = etcdBackup(cluster: 'prod-eu', store: 'nightly-s3')}: takes, verifies and stores one snapshot and
 * returns its metadata (the same keys as {@code kube-ops etcd backup -o json}). The build fails with the cause and a
 * sentence when the cluster, the store or the snapshot fails; a second backup of a cluster whose backup still runs is refused.
 */
public final class EtcdBackupStep extends EtcdStep {

    private boolean deepCheck;

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

    /** Streams the snapshot through the controller. */
    @Override
    Map<String, Object> work(Call call) throws Exception {
        BackupOptions options = new BackupOptions(Compression.parse(call.store().getCompression()),
                EtcdConnections.encryptionKey(call.store(), call.run()),
                deepCheck ? Optional.of(EtcdConnections.binaries(call.cluster())) : Optional.empty(), EtcdStepSupport.workDir());
        SnapshotTaker taker = new SnapshotTaker(Clock.systemUTC(), new SecureRandom(), new SecureRandom(),
                new SnapshotLocks(EtcdStepSupport.lockDir()), call::say);
        try (BackupStore backups = EtcdConnections.store(call.store(), call.run())) {
            return taker.backup(EtcdConnections.target(call.cluster(), call.run()), backups, options).toMap();
        }
    }

    @Extension
    public static final class DescriptorImpl extends EtcdStepDescriptor {
        public DescriptorImpl() {
            super("etcdBackup", "Kube Ops: take a verified etcd backup");
        }
    }
}
