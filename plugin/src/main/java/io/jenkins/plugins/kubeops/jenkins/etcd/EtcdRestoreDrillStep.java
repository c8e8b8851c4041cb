package io.jenkins.plugins.kubeops.jenkins.etcd;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.kubeops.engine.etcd.BackupCatalog;
import io.jenkins.plugins.kubeops.engine.etcd.BackupMetadata;
import io.jenkins.plugins.kubeops.engine.etcd.BackupStore;
import io.jenkins.plugins.kubeops.engine.etcd.RestoreDrill;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code def drill = etcdRestoreDrill(cluster: 'prod-eu', store: 'nightly-s3')}: restores a backup (default: the newest)
 * into a throw-away etcd on the controller's loopback, using the etcd binaries configured for the cluster, and returns the
 * report ({@code passed}, {@code problem}, expected and actual revision and key count, timings). A drill that runs but
 * does not match is {@code passed: false}, not a build failure: the caller decides (etcdBackupJob notifies).
 */
public final class EtcdRestoreDrillStep extends Step {

    private final String cluster;
    private final String store;
    private String backup = "latest";

    @DataBoundConstructor
    public EtcdRestoreDrillStep(String cluster, String store) {
        this.cluster = Util.fixEmptyAndTrim(cluster);
        this.store = Util.fixEmptyAndTrim(store);
    }

    public String getCluster() {
        return Util.fixNull(cluster);
    }

    public String getStore() {
        return Util.fixNull(store);
    }

    public String getBackup() {
        return Util.fixNull(backup);
    }

    @DataBoundSetter
    public void setBackup(String backup) {
        this.backup = Util.fixEmptyAndTrim(backup) == null ? "latest" : backup.trim();
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, getCluster(), getStore(), getBackup());
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {

        private static final long serialVersionUID = 1L;

        private final String cluster;
        private final String store;
        private final String backup;

        Execution(StepContext context, String cluster, String store, String backup) {
            super(context);
            this.cluster = cluster;
            this.store = store;
            this.backup = backup;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            EtcdClusterConfig clusterConfig = EtcdStepSupport.cluster("etcdRestoreDrill", cluster);
            EtcdStoreConfig storeConfig = EtcdStepSupport.store("etcdRestoreDrill", store);
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            RestoreDrill.Report report = EtcdStepSupport.run("etcdRestoreDrill", () -> {
                try (BackupStore backups = EtcdConnections.store(storeConfig, run)) {
                    BackupMetadata chosen = BackupCatalog.find(backups, cluster, backup);
                    return new RestoreDrill(Clock.systemUTC(), line -> listener.getLogger().println("Kube Ops: " + line))
                            .run(backups, chosen, EtcdConnections.decryptionKeys(storeConfig, run),
                                    EtcdConnections.binaries(clusterConfig), EtcdStepSupport.workDir(),
                                    Duration.ofSeconds(clusterConfig.getTimeoutSeconds()));
                }
            });
            listener.getLogger().println("Kube Ops: restore drill of " + report.backupId() + (report.passed() ? " passed"
                    : " FAILED: " + report.problem()));
            return new LinkedHashMap<>(report.toMap());
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "etcdRestoreDrill";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Kube Ops: restore an etcd backup into a throw-away member and check it";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
