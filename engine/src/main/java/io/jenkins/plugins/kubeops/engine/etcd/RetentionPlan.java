package io.jenkins.plugins.kubeops.engine.etcd;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What pruning keeps and deletes under a {@link RetentionPolicy}, with the reason for each backup. Pure: it only reads
 * metadata and the time; {@link Pruner} carries it out (or, in a dry run, only prints it).
 */
public record RetentionPlan(List<Decision> keep, List<Decision> delete, List<BackupStore.Entry> orphans) {

    /** One backup and why it stays or goes. */
    public record Decision(BackupMetadata backup, String reason) {
    }

    public RetentionPlan {
        keep = List.copyOf(keep);
        delete = List.copyOf(delete);
        orphans = List.copyOf(orphans);
    }

    public static RetentionPlan of(RetentionPolicy policy, List<BackupMetadata> backups, List<BackupStore.Entry> orphanObjects,
                                   Instant now) {
        List<BackupMetadata> newestFirst = new ArrayList<>(backups);
        newestFirst.sort(Comparator.comparing(BackupMetadata::createdAt).thenComparing(BackupMetadata::id).reversed());
        Map<BackupMetadata, List<String>> reasons = new LinkedHashMap<>();
        newestFirst.forEach(b -> reasons.put(b, new ArrayList<>()));
        for (int i = 0; i < Math.min(policy.keepLast(), newestFirst.size()); i++) {
            reasons.get(newestFirst.get(i)).add("one of the newest " + policy.keepLast());
        }
        bucket(newestFirst, reasons, policy.hourly(), "hourly", b -> ZonedDateTime.ofInstant(b.createdAt(), ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.HOURS).toString());
        bucket(newestFirst, reasons, policy.daily(), "daily", b -> ZonedDateTime.ofInstant(b.createdAt(), ZoneOffset.UTC)
                .toLocalDate().toString());
        bucket(newestFirst, reasons, policy.weekly(), "weekly", b -> {
            ZonedDateTime time = ZonedDateTime.ofInstant(b.createdAt(), ZoneOffset.UTC);
            return time.get(IsoFields.WEEK_BASED_YEAR) + "-W" + time.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        });
        List<Decision> keep = new ArrayList<>();
        List<Decision> delete = new ArrayList<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            BackupMetadata backup = newestFirst.get(i);
            List<String> why = reasons.get(backup);
            boolean selected = !policy.hasCountRules() || !why.isEmpty();
            boolean tooOld = policy.maxAge().isPresent() && backup.createdAt().isBefore(now.minus(policy.maxAge().get()));
            if (i == 0) {
                keep.add(new Decision(backup, "the newest verified backup (never deleted)"));
            } else if (selected && !tooOld) {
                keep.add(new Decision(backup, why.isEmpty() ? "younger than the maximum age" : String.join(", ", why)));
            } else if (tooOld) {
                delete.add(new Decision(backup, "older than " + DurationText.format(policy.maxAge().get())));
            } else {
                delete.add(new Decision(backup, "not selected by " + policy.describe()));
            }
        }
        List<BackupStore.Entry> orphans = orphanObjects.stream()
                .filter(o -> o.modified().isBefore(now.minus(policy.orphanGrace()))).toList();
        return new RetentionPlan(keep, delete, orphans);
    }

    /** Marks the newest backup of each of the newest {@code count} periods. */
    private static void bucket(List<BackupMetadata> newestFirst, Map<BackupMetadata, List<String>> reasons, int count,
                               String rule, java.util.function.Function<BackupMetadata, String> period) {
        Set<String> seen = new HashSet<>();
        for (BackupMetadata backup : newestFirst) {
            if (seen.size() == count) {
                return;
            }
            String key = period.apply(backup);
            if (seen.add(key)) {
                reasons.get(backup).add(rule + " " + key);
            }
        }
    }
}
