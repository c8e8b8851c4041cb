package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.etcd.BackupMetadata;
import io.jenkins.plugins.kubeops.engine.etcd.BackupOptions;
import io.jenkins.plugins.kubeops.engine.etcd.BackupStore;
import io.jenkins.plugins.kubeops.engine.etcd.Compression;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdBinaries;
import io.jenkins.plugins.kubeops.engine.etcd.SnapshotImporter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops etcd import FILE}: verify a snapshot file made elsewhere and store it as a backup of a cluster. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Verify a snapshot file made elsewhere (plain, gzip or zstd) and store it as a backup of the cluster, "
                + "with full metadata, so that list, prune, verify, restore-plan and drill treat it like the backups taken "
                + "here. The backup is dated by the file's modification time unless --created-at says when it was taken.",
            "Exit codes: 0 imported, 3 the file is damaged or not a snapshot (nothing stored), 1 other failures."})
final class EtcdImportCommand implements Callable<Integer> {

    @ParentCommand
    EtcdCommand parent;

    @Parameters(index = "0", paramLabel = "FILE", description = "The snapshot file (.db, .gz, .zst, any name).")
    Path file;

    @Mixin
    EtcdStoreOptions store;

    @Option(names = "--created-at", paramLabel = "TIME",
            description = "When the snapshot was taken (ISO-8601, e.g. 2026-12-01T03:00:00Z); default: the file's modification time.")
    String createdAt;

    @Option(names = "--compression", defaultValue = "zstd", description = "How to store it: zstd, gzip or none (default: ${DEFAULT-VALUE}).")
    String compression;

    @Option(names = "--deep-check", description = "Also restore the snapshot with etcdutl into a temporary directory and open it.")
    boolean deepCheck;

    @Option(names = "--etcd-bin-dir", paramLabel = "DIR", description = "Directory with etcd and etcdutl (default: the PATH).")
    Path binDir;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Spool directory, room for one database (default: the temp dir).")
    Path workDir;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES}.")
    EtcdCommand.Output output;

    @Override
    public Integer call() throws Exception {
        CliContext context = parent.root.context;
        return EtcdCommand.runFileCheck(context, () -> {
            String cluster = store.cluster();
            Optional<Instant> taken = SnapshotImporter.createdAt("--created-at", createdAt);
            BackupOptions options = new BackupOptions(Compression.parse(compression), store.encryptionKey(context.environment()),
                    deepCheck ? Optional.of(EtcdBinaries.find(Optional.ofNullable(binDir), context.environment())) : Optional.empty(),
                    workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir")));
            BackupMetadata metadata;
            try (BackupStore backups = store.open(context.environment())) {
                metadata = new SnapshotImporter(Clock.systemUTC(), new SecureRandom(), new SecureRandom(), context.err()::println)
                        .importFile(file, cluster, backups, options, taken);
            }
            if (output == EtcdCommand.Output.json) {
                EtcdCommand.printJson(context, metadata.toMap());
            } else {
                EtcdListCommand.printText(context, List.of(metadata));
            }
            return 0;
        });
    }
}
