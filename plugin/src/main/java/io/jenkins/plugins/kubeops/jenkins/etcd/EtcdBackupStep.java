package io.jenkins.plugins.kubeops.jenkins.etcd;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.kubeops.engine.etcd.BackupMetadata;
import io.jenkins.plugins.kubeops.engine.etcd.BackupOptions;
import io.jenkins.plugins.kubeops.engine.etcd.BackupStore;
import io.jenkins.plugins.kubeops.engine.etcd.Compression;
import io.jenkins.plugins.kubeops.engine.etcd.SnapshotLocks;
import io.jenkins.plugins.kubeops.engine.etcd.SnapshotTaker;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
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
 * {@code def backup = etcdBackup(cluster: 'prod-eu', store: 'nightly-s3')}: takes, verifies and stores one snapshot and
 * returns its metadata (the same keys as {@code kube-ops etcd backup -o json}). The build fails with the cause and a
 * sentence when the cluster, the store or the snapshot fails; a second backup of a cluster whose backup still runs is refused.
 */
public final class EtcdBackupStep extends Step {

    private final String cluster;
    private final String store;
    private boolean deepCheck;

    @DataBoundConstructor
    public EtcdBackupStep(String cluster, String store) {
        this.cluster = Util.fixEmptyAndTrim(cluster);
        this.store = Util.fixEmptyAndTrim(store);
    }

    public String getCluster() {
        return Util.fixNull(cluster);
    }

    public String getStore() {
        return Util.fixNull(store);
    }

    public boolean isDeepCheck() {
        return deepCheck;
    }

    /** Also restore the snapshot with etcdutl into a temporary directory on the controller and open it. */
    @DataBoundSetter
    public void setDeepCheck(boolean deepCheck) {
        this.deepCheck = deepCheck;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, getCluster(), getStore(), deepCheck);
    }

    /**
     * Streams the snapshot off the CPS thread; bounded by the cluster's configured timeout. Not resumable: a controller
     * restart fails the step, and the next scheduled run takes a new backup (an interrupted one never looks complete).
     */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {

        private static final long serialVersionUID = 1L;

        private final String cluster;
        private final String store;
        private final boolean deepCheck;

        Execution(StepContext context, String cluster, String store, boolean deepCheck) {
            super(context);
            this.cluster = cluster;
            this.store = store;
            this.deepCheck = deepCheck;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            EtcdClusterConfig clusterConfig = EtcdStepSupport.cluster("etcdBackup", cluster);
            EtcdStoreConfig storeConfig = EtcdStepSupport.store("etcdBackup", store);
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            BackupMetadata metadata = EtcdStepSupport.run("etcdBackup", () -> {
                BackupOptions options = new BackupOptions(Compression.parse(storeConfig.getCompression()),
                        EtcdConnections.encryptionKey(storeConfig, run),
                        deepCheck ? Optional.of(EtcdConnections.binaries(clusterConfig)) : Optional.empty(),
                        EtcdStepSupport.workDir());
                SnapshotTaker taker = new SnapshotTaker(Clock.systemUTC(), new SecureRandom(), new SecureRandom(),
                        new SnapshotLocks(EtcdStepSupport.lockDir()), line -> listener.getLogger().println("Kube Ops: " + line));
                try (BackupStore backups = EtcdConnections.store(storeConfig, run)) {
                    return taker.backup(EtcdConnections.target(clusterConfig, run), backups, options);
                }
            });
            // A plain, serializable map: the build may be saved while the script holds it.
            return new LinkedHashMap<>(metadata.toMap());
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "etcdBackup";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Kube Ops: take a verified etcd backup";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
