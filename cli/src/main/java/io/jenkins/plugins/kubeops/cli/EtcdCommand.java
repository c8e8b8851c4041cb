package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.etcd.EtcdException;
import io.jenkins.plugins.kubeops.engine.etcd.MetadataJson;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops etcd ...}: verified etcd backups, retention, restore plans and restore drills. */
@Command(name = "etcd", mixinStandardHelpOptions = true,
        description = "etcd backups: take and verify snapshots, list and prune them, print a restore plan, run a restore drill.",
        subcommands = {EtcdBackupCommand.class, EtcdVerifyCommand.class, EtcdListCommand.class, EtcdPruneCommand.class,
                EtcdRestorePlanCommand.class, EtcdDrillCommand.class})
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

    static void printJson(CliContext context, Object value) {
        context.out().println(MetadataJson.json(value));
    }
}
