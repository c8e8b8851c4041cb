package io.jenkins.plugins.kubeops.jenkins.etcd;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.jenkins.plugins.kubeops.engine.etcd.BackupOptions;
import io.jenkins.plugins.kubeops.engine.etcd.BackupStore;
import io.jenkins.plugins.kubeops.engine.etcd.Compression;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdSettingsValidation;
import io.jenkins.plugins.kubeops.engine.etcd.SnapshotImporter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code def backup = etcdImport(cluster: 'prod-eu', store: 'nightly-s3', file: 'etcd-snapshot.db.gz')}: verifies a
 * snapshot file made elsewhere and stores it as a backup of the cluster with full metadata, as {@code kube-ops etcd import}
 * does, so that etcdPrune, etcdRestoreDrill, list and restore plans treat it like the backups etcdBackup takes. Compressed
 * and encrypted as the store is configured. Returns the backup's metadata (with {@code importedFrom}). A damaged file fails
 * the build with the engine's sentence about it, and nothing is stored. Needs a workspace ({@code node}).
 */
public final class EtcdImportStep extends EtcdStep {

    private static final String CREATED_AT = "createdAt";

    private final String file;
    private String createdAt;
    private boolean deepCheck;

    @DataBoundConstructor
    public EtcdImportStep(String cluster, String store, String file) {
        super(cluster, store);
        this.file = Util.fixEmptyAndTrim(file);
    }

    public String getFile() {
        return Util.fixNull(file);
    }

    public String getCreatedAt() {
        return Util.fixNull(createdAt);
    }

    /** When the snapshot was taken (ISO-8601 UTC, e.g. 2026-12-01T03:00:00Z); empty: the file's modification time. */
    @DataBoundSetter
    public void setCreatedAt(String createdAt) {
        this.createdAt = Util.fixEmptyAndTrim(createdAt);
    }

    public boolean isDeepCheck() {
        return deepCheck;
    }

    /** Also restore the snapshot with etcdutl into a temporary directory on the controller and open it. */
    @DataBoundSetter
    public void setDeepCheck(boolean deepCheck) {
        this.deepCheck = deepCheck;
    }

    /** Streams the file (copied from an agent first) through the engine's checks into the store. */
    @Override
    Map<String, Object> work(Call call) throws Exception {
        Optional<Instant> taken = SnapshotImporter.createdAt(CREATED_AT, createdAt);
        BackupOptions options = new BackupOptions(Compression.parse(call.store().getCompression()),
                EtcdConnections.encryptionKey(call.store(), call.run()),
                deepCheck ? Optional.of(EtcdConnections.binaries(call.cluster())) : Optional.empty(), EtcdStepSupport.workDir());
        FilePath workspace = call.context().get(FilePath.class);
        try (BackupStore backups = EtcdConnections.store(call.store(), call.run());
             WorkspaceSnapshot snapshot = WorkspaceSnapshot.open(workspace, getFile(), EtcdStepSupport.workDir(), call::say)) {
            SnapshotImporter importer = new SnapshotImporter(Clock.systemUTC(), new SecureRandom(), new SecureRandom(),
                    snapshot.log(call::say));
            return snapshot.engine(() -> importer.importFile(snapshot.path(), call.clusterName(), backups, options, taken)).toMap();
        }
    }

    @Extension
    public static final class DescriptorImpl extends EtcdStepDescriptor {
        public DescriptorImpl() {
            super("etcdImport", "Kube Ops: import an etcd snapshot file from the workspace as a backup");
        }

        /** The file is in the workspace: the step runs inside {@code node}. */
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class);
        }

        @POST
        public FormValidation doCheckFile(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
            return check(item, () -> WorkspaceSnapshot.check(value));
        }

        @POST
        public FormValidation doCheckCreatedAt(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
            return check(item, () -> EtcdSettingsValidation.createdAt(CREATED_AT, value));
        }
    }
}
