package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.etcd.EtcdException;
import io.jenkins.plugins.kubeops.engine.etcd.FailureCause;
import io.jenkins.plugins.kubeops.engine.etcd.MetadataJson;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops etcd ...}: verified etcd backups, retention, restore plans and restore drills. */
@Command(name = "etcd", mixinStandardHelpOptions = true,
        description = "etcd backups: take and verify snapshots, list and prune them, print a restore plan, run a restore drill; "
                + "verify and import snapshot files made elsewhere; backup metrics for Prometheus.",
        subcommands = {EtcdBackupCommand.class, EtcdVerifyCommand.class, EtcdListCommand.class, EtcdPruneCommand.class,
                EtcdRestorePlanCommand.class, EtcdDrillCommand.class, EtcdVerifyFileCommand.class, EtcdImportCommand.class})
final class EtcdCommand {

    @ParentCommand
    KubeOpsCli root;

    enum Output { text, json }

    /** Exit code when the newest verified backup is older than --max-age (list), or a drill fails. */
    static final int STALE_OR_FAILED = 3;

    /** Runs a command body; an etcd failure is reported with its cause, e.g. {@code [ETCD_TLS]}, for scripts and alerts. */
    static Integer run(CliContext context, Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (EtcdException e) {
            context.err().println("kube-ops: error: [" + e.failureCause() + "] " + e.getMessage());
            return 1;
        }
    }

    /**
     * Like {@link #run}, for commands that check a snapshot file: a file found damaged or not a snapshot exits with
     * {@link #STALE_OR_FAILED} (the check ran and said no), every other failure with 1 (it could not check).
     */
    static Integer runFileCheck(CliContext context, Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (EtcdException e) {
            context.err().println("kube-ops: error: [" + e.failureCause() + "] " + e.getMessage());
            boolean fileRefused = e.failureCause() == FailureCause.INVALID_SNAPSHOT
                    || e.failureCause() == FailureCause.CHECKSUM_MISMATCH;
            return fileRefused ? STALE_OR_FAILED : 1;
        }
    }

    static void printJson(CliContext context, Object value) {
        context.out().println(MetadataJson.json(value));
    }
}
