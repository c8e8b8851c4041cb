package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.etcd.BackupCatalog;
import io.jenkins.plugins.kubeops.engine.etcd.BackupMetadata;
import io.jenkins.plugins.kubeops.engine.etcd.BackupStore;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdBinaries;
import io.jenkins.plugins.kubeops.engine.etcd.RestoreDrill;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops etcd drill}: restore a backup into a throw-away etcd on loopback and check it. */
@Command(name = "drill", mixinStandardHelpOptions = true,
        description = "Restore drill: download a backup, restore it with etcd's tools into a throw-away member on 127.0.0.1, "
                + "start it, compare key count and revision with the metadata, stop it. Exit 3 when the drill fails.")
final class EtcdDrillCommand implements Callable<Integer> {

    @ParentCommand
    EtcdCommand parent;

    @Mixin
    EtcdStoreOptions store;

    @Option(names = "--backup", paramLabel = "ID", defaultValue = "latest", description = "Backup id, or latest (default).")
    String backupId;

    @Option(names = "--etcd-bin-dir", paramLabel = "DIR", description = "Directory with etcd and etcdutl (or etcd 3.4's etcdctl). Default: the PATH.")
    Path binDir;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the drill restores (default: the temp dir).")
    Path workDir;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600", description = "Seconds for the whole drill (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES}.")
    EtcdCommand.Output output;

    @Override
    public Integer call() throws Exception {
        CliContext context = parent.root.context;
        return EtcdCommand.run(context, () -> {
            EtcdBinaries binaries = EtcdBinaries.find(Optional.ofNullable(binDir), context.environment());
            RestoreDrill.Report report;
            try (BackupStore backups = store.open(context.environment())) {
                BackupMetadata backup = BackupCatalog.find(backups, store.cluster(), backupId);
                report = new RestoreDrill(Clock.systemUTC(), context.err()::println).run(backups, backup,
                        store.decryptionKeys(context.environment()), binaries,
                        workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir")), Duration.ofSeconds(timeoutSeconds));
            }
            if (output == EtcdCommand.Output.json) {
                EtcdCommand.printJson(context, report.toMap());
            } else if (report.passed()) {
                context.out().println("Drill passed: backup " + report.backupId() + " restored (etcd " + report.etcdVersion()
                        + ") with revision " + report.actualRevision() + " and " + report.actualKeys() + " keys, as recorded; "
                        + "fetch " + report.fetch().toMillis() + " ms, restore " + report.restore().toMillis() + " ms, start "
                        + report.start().toMillis() + " ms, total " + report.total().toMillis() + " ms.");
            } else {
                context.out().println("Drill FAILED for backup " + report.backupId() + ": " + report.problem());
            }
            return report.passed() ? 0 : EtcdCommand.STALE_OR_FAILED;
        });
    }
}
