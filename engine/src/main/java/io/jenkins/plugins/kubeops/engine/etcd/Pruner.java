package io.jenkins.plugins.kubeops.engine.etcd;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * Carries out a {@link RetentionPlan}: for each backup to delete, first its metadata record (so it stops being a backup
 * at once), then its object; then unfinished uploads older than the grace period. A dry run only reports.
 */
public final class Pruner {

    private final Clock clock;
    private final Consumer<String> log;

    public Pruner(Clock clock, Consumer<String> log) {
        this.clock = clock;
        this.log = log;
    }

    public RetentionPlan prune(BackupStore store, String cluster, RetentionPolicy policy, boolean dryRun) {
        BackupCatalog.Listing listing = BackupCatalog.list(store, cluster);
        RetentionPlan plan = RetentionPlan.of(policy, listing.backups(), listing.orphans(), clock.instant());
        String verb = dryRun ? "would delete" : "deleting";
        for (RetentionPlan.Decision decision : plan.delete()) {
            log.accept(verb + " backup " + decision.backup().id() + " (" + decision.reason() + ")");
            if (!dryRun) {
                store.delete(decision.backup().metadataName());
                store.delete(decision.backup().object());
            }
        }
        for (BackupStore.Entry orphan : plan.orphans()) {
            log.accept(verb + " unfinished upload " + orphan.name() + " (no metadata, from " + orphan.modified() + ")");
            if (!dryRun) {
                store.delete(orphan.name());
            }
        }
        listing.unreadable().forEach(name -> log.accept("warning: unreadable metadata record " + name + " left alone"));
        return plan;
    }
}
