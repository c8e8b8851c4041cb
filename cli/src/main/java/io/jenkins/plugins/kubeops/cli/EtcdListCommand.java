package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.etcd.BackupCatalog;
import io.jenkins.plugins.kubeops.engine.etcd.BackupMetadata;
import io.jenkins.plugins.kubeops.engine.etcd.BackupMetrics;
import io.jenkins.plugins.kubeops.engine.etcd.BackupStore;
import io.jenkins.plugins.kubeops.engine.etcd.DurationText;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdException;
import io.jenkins.plugins.kubeops.engine.etcd.Freshness;
import io.jenkins.plugins.kubeops.engine.etcd.LastFailure;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops etcd list}: the cluster's backups, newest first, and how fresh the newest is — also as metrics. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List a cluster's verified backups with their metadata, newest first, and the minutes since the last one.",
            "-o prometheus prints backup freshness metrics (last verified backup's time, size, duration; last failure's time "
                    + "and cause) and --textfile DIR writes them for node-exporter's textfile collector; both take "
                    + "--cluster several times."})
final class EtcdListCommand implements Callable<Integer> {

    enum Format { text, json, prometheus }

    @ParentCommand
    EtcdCommand parent;

    @Mixin
    EtcdStoreOptions store;

    @Option(names = "--max-age", paramLabel = "DURATION",
            description = "Exit with code 3 when the newest verified backup is older than this (e.g. 90m), for alerts.")
    String maxAge;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES}.")
    Format output;

    @Option(names = "--textfile", paramLabel = "DIR",
            description = "Also write the metrics to DIR/" + BackupMetrics.TEXTFILE_NAME + " (atomically), for node-exporter's "
                    + "--collector.textfile.directory.")
    Path textfile;

    private record Read(String cluster, Optional<BackupCatalog.Listing> listing, Optional<LastFailure> lastFailure,
                        BackupMetrics.ClusterState state) {
    }

    @Override
    public Integer call() throws Exception {
        CliContext context = parent.root.context;
        return EtcdCommand.run(context, () -> {
            List<String> clusters = store.clusters();
            boolean metrics = output == Format.prometheus || textfile != null;
            if (clusters.size() > 1 && !metrics) {
                store.cluster(); // says that several clusters need -o prometheus or --textfile
            }
            Instant now = Clock.systemUTC().instant();
            List<Read> reads = new ArrayList<>();
            List<EtcdException> failures = new ArrayList<>();
            try (BackupStore backups = store.open(context.environment())) {
                for (String cluster : clusters) {
                    try {
                        BackupCatalog.Listing listing = BackupCatalog.list(backups, cluster);
                        Optional<LastFailure> lastFailure = LastFailure.read(backups, cluster);
                        reads.add(new Read(cluster, Optional.of(listing), lastFailure,
                                BackupMetrics.ClusterState.of(cluster, listing.backups(), lastFailure)));
                    } catch (EtcdException e) {
                        failures.add(e);
                        reads.add(new Read(cluster, Optional.empty(), Optional.empty(),
                                BackupMetrics.ClusterState.unreadable(cluster, e.getMessage())));
                    }
                }
            }
            if (metrics) {
                String text = BackupMetrics.render(reads.stream().map(Read::state).toList());
                if (textfile != null) {
                    Path written = BackupMetrics.writeTextfile(textfile, text);
                    context.err().println("Backup metrics of " + String.join(", ", clusters) + " written to " + written);
                }
                if (output == Format.prometheus) {
                    context.out().print(text);
                }
            }
            if (!failures.isEmpty()) {
                throw failures.get(0); // the metrics above already say store_up 0
            }
            List<Freshness> freshness = reads.stream()
                    .map(read -> Freshness.of(read.cluster(), read.listing().orElseThrow().backups(), now)).toList();
            if (output != Format.prometheus) {
                if (reads.size() == 1) {
                    print(context, reads.get(0), freshness.get(0));
                } else {
                    freshness.forEach(f -> context.out().println(f.describe()));
                }
            }
            if (maxAge != null) {
                java.time.Duration limit = DurationText.parse(maxAge, "--max-age");
                List<Freshness> stale = freshness.stream().filter(f -> f.olderThan(limit)).toList();
                stale.forEach(f -> context.err().println("kube-ops: stale: " + f.describe() + ", more than " + maxAge));
                if (!stale.isEmpty()) {
                    return EtcdCommand.STALE_OR_FAILED;
                }
            }
            return 0;
        });
    }

    private void print(CliContext context, Read read, Freshness freshness) {
        BackupCatalog.Listing listing = read.listing().orElseThrow();
        if (output == Format.json) {
            Map<String, Object> json = new LinkedHashMap<>(freshness.toMap());
            json.put("lastFailure", read.lastFailure().map(LastFailure::toMap).orElse(null));
            json.put("backups", listing.backups().stream().map(BackupMetadata::toMap).toList());
            json.put("unfinishedUploads", listing.orphans().stream().map(BackupStore.Entry::name).toList());
            EtcdCommand.printJson(context, json);
        } else {
            printText(context, listing.backups());
            context.out().println(freshness.describe());
            read.lastFailure().ifPresent(f -> context.out().println("last failed backup: " + f.at() + " [" + f.cause() + "] "
                    + f.message()));
            listing.orphans().forEach(o -> context.out().println("unfinished upload (not a backup): " + o.name()));
        }
    }

    static void printText(CliContext context, List<BackupMetadata> backups) {
        context.out().printf("%-26s %-20s %10s %8s %12s %12s %-6s %s%n", "ID", "CREATED", "REVISION", "KEYS", "DB BYTES",
                "STORED", "ENC", "SOURCE");
        for (BackupMetadata b : backups) {
            context.out().printf("%-26s %-20s %10d %8d %12d %12d %-6s %s%n", b.id(), b.createdAt().toString().replaceAll("\\.\\d+Z$", "Z"),
                    b.revision(), b.keyCount(), b.dbSizeBytes(), b.storedBytes(), b.encryptionKeyId().isPresent() ? "yes" : "no",
                    b.importedFrom().map(f -> "imported from " + f.fileName())
                            .orElse(b.memberName() + " (etcd " + b.etcdVersion() + ")"));
        }
    }
}
