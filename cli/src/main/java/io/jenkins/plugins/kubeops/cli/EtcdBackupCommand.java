package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.etcd.BackupMetadata;
import io.jenkins.plugins.kubeops.engine.etcd.BackupOptions;
import io.jenkins.plugins.kubeops.engine.etcd.BackupStore;
import io.jenkins.plugins.kubeops.engine.etcd.Compression;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdBinaries;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdTarget;
import io.jenkins.plugins.kubeops.engine.etcd.MetricsTextfile;
import io.jenkins.plugins.kubeops.engine.etcd.SnapshotLocks;
import io.jenkins.plugins.kubeops.engine.etcd.SnapshotTaker;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops etcd backup}: take, verify and store one snapshot. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Stream a snapshot from a healthy member, verify it (trailer, size, database) and store it compressed "
                + "(and optionally encrypted) with its metadata. Prints the metadata.")
final class EtcdBackupCommand implements Callable<Integer> {

    @ParentCommand
    EtcdCommand parent;

    @Mixin
    EtcdStoreOptions store;

    @Mixin
    EtcdConnectionOptions connection;

    @Option(names = "--compression", defaultValue = "zstd", description = "zstd, gzip or none (default: ${DEFAULT-VALUE}).")
    String compression;

    @Option(names = "--deep-check", description = "Also restore the snapshot with etcdutl into a temporary directory and open it.")
    boolean deepCheck;

    @Option(names = "--etcd-bin-dir", paramLabel = "DIR", description = "Directory with etcd and etcdutl (default: the PATH).")
    Path binDir;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Spool directory, room for one database (default: the temp dir).")
    Path workDir;

    @Option(names = "--lock-dir", paramLabel = "DIR", description = "Where per-cluster lock files live (default: TEMP/kube-ops-etcd-locks).")
    Path lockDir;

    @Option(names = "--textfile", paramLabel = "DIR",
            description = "After the backup, successful or not, write the cluster's backup metrics (as 'list -o prometheus' "
                    + "prints them, with the failure's cause) to DIR/kube_ops_etcd_CLUSTER.prom for node-exporter's textfile "
                    + "collector.")
    Path textfile;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES}.")
    EtcdCommand.Output output;

    @Override
    public Integer call() throws Exception {
        CliContext context = parent.root.context;
        return EtcdCommand.run(context, () -> {
            String cluster = store.cluster();
            BackupOptions options = new BackupOptions(Compression.parse(compression), store.encryptionKey(context.environment()),
                    deepCheck ? Optional.of(EtcdBinaries.find(Optional.ofNullable(binDir), context.environment())) : Optional.empty(),
                    workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir")));
            SnapshotTaker taker = new SnapshotTaker(Clock.systemUTC(), new SecureRandom(), new SecureRandom(),
                    new SnapshotLocks(lockDir != null ? lockDir : defaultLockDir()), context.err()::println);
            BackupMetadata metadata;
            try (BackupStore backups = store.open(context.environment())) {
                EtcdTarget target = connection.target(cluster);
                metadata = textfile == null ? taker.backup(target, backups, options)
                        : new MetricsTextfile(textfile).afterBackup(cluster, backups, () -> taker.backup(target, backups, options),
                                context.err()::println);
            }
            if (output == EtcdCommand.Output.json) {
                EtcdCommand.printJson(context, metadata.toMap());
            } else {
                EtcdListCommand.printText(context, java.util.List.of(metadata));
            }
            return 0;
        });
    }

    static Path defaultLockDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "kube-ops-etcd-locks");
    }
}
