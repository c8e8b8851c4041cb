package io.jenkins.plugins.kubeops.engine.etcd;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The backups of one cluster in a store, read from their metadata records. An object without a record (an upload that
 * crashed before its record was written) is not a backup; it is listed as an orphan so that pruning can remove it.
 */
public final class BackupCatalog {

    /** Everything found under the cluster's prefix. */
    public record Listing(List<BackupMetadata> backups, List<BackupStore.Entry> orphans, List<String> unreadable) {
        public Listing {
            backups = List.copyOf(backups);
            orphans = List.copyOf(orphans);
            unreadable = List.copyOf(unreadable);
        }
    }

    private BackupCatalog() {
    }

    /** Backups newest first, orphans and unreadable metadata records by name. */
    public static Listing list(BackupStore store, String cluster) {
        List<BackupStore.Entry> entries = store.list(cluster + "/");
        List<BackupMetadata> backups = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        Set<String> referenced = new HashSet<>();
        for (BackupStore.Entry entry : entries) {
            if (!entry.name().endsWith(BackupMetadata.SUFFIX) || FilesystemStore.isPartial(entry.name())) {
                continue;
            }
            try {
                BackupMetadata metadata = MetadataJson.read(store.read(entry.name()));
                backups.add(metadata);
                referenced.add(metadata.object());
                referenced.add(entry.name());
            } catch (IllegalArgumentException e) {
                unreadable.add(entry.name() + " (" + e.getMessage() + ")");
                referenced.add(entry.name());
            }
        }
        List<BackupStore.Entry> orphans = entries.stream().filter(e -> !referenced.contains(e.name())).toList();
        backups.sort(Comparator.comparing(BackupMetadata::createdAt).thenComparing(BackupMetadata::id).reversed());
        return new Listing(backups, orphans, unreadable);
    }

    /** The backup with {@code id}, or the newest one for {@code latest}. */
    public static BackupMetadata find(BackupStore store, String cluster, String id) {
        List<BackupMetadata> backups = list(store, cluster).backups();
        if (id == null || id.isBlank() || id.equals("latest")) {
            return backups.stream().findFirst().orElseThrow(() -> new EtcdException(FailureCause.OTHER,
                    "there is no backup of cluster '" + cluster + "' in " + store.describe() + ": take one first "
                            + "(kube-ops etcd backup) or check the cluster name."));
        }
        return backups.stream().filter(b -> b.id().equals(id.trim())).findFirst().orElseThrow(() -> new EtcdException(
                FailureCause.OTHER, "there is no backup '" + id + "' of cluster '" + cluster + "' in " + store.describe()
                        + ": list them with 'kube-ops etcd list' and use one of their ids, or 'latest'."));
    }

    /** A new backup id: UTC time to the second and a random suffix, so ids sort by time and never collide. */
    static String newId(Instant now, java.util.random.RandomGenerator random) {
        String time = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC)
                .format(now);
        return time + "-" + String.format("%04x", random.nextInt(0x10000));
    }
}
