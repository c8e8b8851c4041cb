package io.jenkins.plugins.kubeops.jenkins.etcd;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.jenkins.plugins.kubeops.engine.etcd.SnapshotFile;
import io.jenkins.plugins.kubeops.jenkins.StepWork;
import io.jenkins.plugins.kubeops.jenkins.etcd.EtcdStep.EtcdStepDescriptor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code def snapshot = etcdVerifyFile(file: 'backups/etcd-snapshot.db.gz')}: verifies a snapshot file made anywhere
 * ({@code etcdctl snapshot save}, RKE2/k3s, kubeadm, another tool), plain or compressed with gzip or zstd, as
 * {@code kube-ops etcd verify-file} does: SHA-256 trailer, size, database pages, revision and key count. Returns what it
 * found (the keys of {@code verify-file -o json}); a damaged file fails the build with the engine's sentence about it, e.g.
 * {@code etcdVerifyFile: [INVALID_SNAPSHOT] snapshot file F is not valid: the data ends 100 bytes early ...}. Needs a
 * workspace ({@code node}); the file is read on the controller (copied there from an agent).
 */
public final class EtcdVerifyFileStep extends Step {

    static final String NAME = "etcdVerifyFile";

    private final String file;

    @DataBoundConstructor
    public EtcdVerifyFileStep(String file) {
        this.file = Util.fixEmptyAndTrim(file);
    }

    public String getFile() {
        return Util.fixNull(file);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new StepWork<Map<String, Object>>(context, this::execute);
    }

    private Map<String, Object> execute(StepContext context) throws Exception {
        TaskListener listener = context.get(TaskListener.class);
        FilePath workspace = context.get(FilePath.class);
        return EtcdStepSupport.run(NAME, () -> {
            try (WorkspaceSnapshot snapshot = WorkspaceSnapshot.open(workspace, getFile(), EtcdStepSupport.workDir(),
                    line -> say(listener, line))) {
                SnapshotFile.Verified verified = snapshot.engine(() -> SnapshotFile.verify(snapshot.path(), EtcdStepSupport.workDir()));
                say(listener, snapshot.show(verified.describe()));
                // A plain, serializable map: the build may be saved while the script holds it.
                Map<String, Object> result = new LinkedHashMap<>(verified.toMap());
                result.put("file", snapshot.shown());
                return result;
            }
        });
    }

    private static void say(TaskListener listener, String line) {
        listener.getLogger().println("Kube Ops: " + line);
    }

    @Extension
    public static final class DescriptorImpl extends EtcdStepDescriptor {
        public DescriptorImpl() {
            super(NAME, "Kube Ops: verify an etcd snapshot file in the workspace");
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
    }
}
