package io.jenkins.plugins.kubeops.engine.etcd;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How old the newest verified backup is — the number an alert watches ("last verified backup 14 minutes ago").
 */
public record Freshness(String cluster, Optional<BackupMetadata> newest, Optional<Duration> age) {

    public static Freshness of(String cluster, List<BackupMetadata> newestFirst, Instant now) {
        Optional<BackupMetadata> newest = newestFirst.stream().findFirst();
        return new Freshness(cluster, newest, newest.map(b -> Duration.between(b.createdAt(), now)));
    }

    /** Minutes since the newest verified backup; -1 when there is none. */
    public long minutes() {
        return age.map(Duration::toMinutes).orElse(-1L);
    }

    public boolean olderThan(Duration limit) {
        return age.map(a -> a.compareTo(limit) > 0).orElse(true);
    }

    public String describe() {
        if (newest.isEmpty()) {
            return "cluster '" + cluster + "': no verified backup";
        }
        return "cluster '" + cluster + "': last verified backup " + minutes() + " minutes ago (" + newest.get().id()
                + ", revision " + newest.get().revision() + ")";
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("cluster", cluster);
        map.put("lastBackupId", newest.map(BackupMetadata::id).orElse(""));
        map.put("lastBackupAt", newest.map(b -> b.createdAt().toString()).orElse(""));
        map.put("minutesSinceLastVerifiedBackup", minutes());
        return map;
    }
}
