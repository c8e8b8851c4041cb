package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.etcd.BackupCatalog;
import io.jenkins.plugins.kubeops.engine.etcd.BackupMetadata;
import io.jenkins.plugins.kubeops.engine.etcd.BackupStore;
import io.jenkins.plugins.kubeops.engine.etcd.DurationText;
import io.jenkins.plugins.kubeops.engine.etcd.Freshness;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops etcd list}: the cluster's backups, newest first, and how fresh the newest is. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List a cluster's verified backups with their metadata, newest first, and the minutes since the last one.")
final class EtcdListCommand implements Callable<Integer> {

    @ParentCommand
    EtcdCommand parent;

    @Mixin
    EtcdStoreOptions store;

    @Option(names = "--max-age", paramLabel = "DURATION",
            description = "Exit with code 3 when the newest verified backup is older than this (e.g. 90m), for alerts.")
    String maxAge;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES}.")
    EtcdCommand.Output output;

    @Override
    public Integer call() throws Exception {
        CliContext context = parent.root.context;
        return EtcdCommand.run(context, () -> {
            String cluster = store.cluster();
            BackupCatalog.Listing listing;
            try (BackupStore backups = store.open(context.environment())) {
                listing = BackupCatalog.list(backups, cluster);
            }
            Freshness freshness = Freshness.of(cluster, listing.backups(), Clock.systemUTC().instant());
            if (output == EtcdCommand.Output.json) {
                Map<String, Object> json = new LinkedHashMap<>(freshness.toMap());
                json.put("backups", listing.backups().stream().map(BackupMetadata::toMap).toList());
                json.put("unfinishedUploads", listing.orphans().stream().map(BackupStore.Entry::name).toList());
                EtcdCommand.printJson(context, json);
            } else {
                printText(context, listing.backups());
                context.out().println(freshness.describe());
                listing.orphans().forEach(o -> context.out().println("unfinished upload (not a backup): " + o.name()));
            }
            if (maxAge != null && freshness.olderThan(DurationText.parse(maxAge, "--max-age"))) {
                context.err().println("kube-ops: stale: " + freshness.describe() + ", more than " + maxAge);
                return EtcdCommand.STALE_OR_FAILED;
            }
            return 0;
        });
    }

    static void printText(CliContext context, List<BackupMetadata> backups) {
        context.out().printf("%-26s %-20s %10s %8s %12s %12s %-6s %s%n", "ID", "CREATED", "REVISION", "KEYS", "DB BYTES",
                "STORED", "ENC", "MEMBER");
        for (BackupMetadata b : backups) {
            context.out().printf("%-26s %-20s %10d %8d %12d %12d %-6s %s%n", b.id(), b.createdAt().toString().replaceAll("\\.\\d+Z$", "Z"),
                    b.revision(), b.keyCount(), b.dbSizeBytes(), b.storedBytes(), b.encryptionKeyId().isPresent() ? "yes" : "no",
                    b.memberName() + " (etcd " + b.etcdVersion() + ")");
        }
    }
}
