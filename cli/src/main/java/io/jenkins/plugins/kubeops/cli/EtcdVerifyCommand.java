package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.etcd.BackupCatalog;
import io.jenkins.plugins.kubeops.engine.etcd.BackupFetcher;
import io.jenkins.plugins.kubeops.engine.etcd.BackupMetadata;
import io.jenkins.plugins.kubeops.engine.etcd.BackupStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops etcd verify}: fetch a stored backup and verify it again; optionally keep the snapshot file. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Download a backup and verify it end to end (stored checksum, decryption, trailer, database, revision and "
                + "key count). With --output-file, keep the verified snapshot for a restore.")
final class EtcdVerifyCommand implements Callable<Integer> {

    @ParentCommand
    EtcdCommand parent;

    @Mixin
    EtcdStoreOptions store;

    @Option(names = "--backup", paramLabel = "ID", defaultValue = "latest", description = "Backup id, or latest (default).")
    String backupId;

    @Option(names = "--output-file", paramLabel = "FILE", description = "Write the verified snapshot here (for etcdutl snapshot restore).")
    Path outputFile;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES}.")
    EtcdCommand.Output output;

    @Override
    public Integer call() throws Exception {
        CliContext context = parent.root.context;
        return EtcdCommand.run(context, () -> {
            String cluster = store.cluster();
            BackupFetcher.Verified verified;
            Path target = outputFile != null ? outputFile : Files.createTempFile("kube-ops-etcd-verify", ".db");
            try (BackupStore backups = store.open(context.environment())) {
                BackupMetadata backup = BackupCatalog.find(backups, cluster, backupId);
                verified = new BackupFetcher(Clock.systemUTC()).fetch(backups, backup, store.decryptionKeys(context.environment()),
                        target);
            } finally {
                if (outputFile == null) {
                    Files.deleteIfExists(target);
                }
            }
            if (output == EtcdCommand.Output.json) {
                EtcdCommand.printJson(context, verified.toMap());
            } else {
                context.out().println("Backup " + verified.backup().id() + " of cluster '" + cluster + "' verified: revision "
                        + verified.revision() + ", " + verified.keyCount() + " keys, in " + verified.duration().toMillis() + " ms"
                        + (outputFile != null ? "; snapshot written to " + outputFile : ""));
            }
            return 0;
        });
    }
}
