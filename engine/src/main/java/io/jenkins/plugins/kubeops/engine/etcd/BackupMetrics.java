package io.jenkins.plugins.kubeops.engine.etcd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Backup freshness as Prometheus metrics (text exposition format 0.0.4), per cluster: when the newest verified backup was
 * taken, its size, duration, revision and keys, how many backups there are, when the last backup failed and why, and
 * whether the store could be read. Names follow gardener's etcd-backup-restore ({@code etcdbr_snapshot_latest_timestamp}
 * ...) under {@code kube_ops_etcd_}. Served by {@code kube-ops etcd list -o prometheus} or written for node-exporter's
 * textfile collector ({@link #writeTextfile}).
 */
public final class BackupMetrics {

    /** The file node-exporter's textfile collector reads ({@code *.prom} in its directory). */
    public static final String TEXTFILE_NAME = "kube_ops_etcd.prom";

    /**
     * What is known about a cluster's backups: the newest verified one, how many there are and the last failure — or that
     * the store could not be read ({@code storeError} set).
     */
    public record ClusterState(String cluster, Optional<BackupMetadata> newest, int backups, Optional<LastFailure> lastFailure,
                               Optional<String> storeError) {

        public static ClusterState of(String cluster, List<BackupMetadata> newestFirst, Optional<LastFailure> lastFailure) {
            return new ClusterState(cluster, newestFirst.stream().findFirst(), newestFirst.size(), lastFailure, Optional.empty());
        }

        public static ClusterState unreadable(String cluster, String error) {
            return new ClusterState(cluster, Optional.empty(), 0, Optional.empty(), Optional.of(error));
        }

        /** Reads the cluster's backups and last failure from the store; a store that fails is a state, not an error. */
        public static ClusterState read(BackupStore store, String cluster) {
            try {
                return of(cluster, BackupCatalog.list(store, cluster).backups(), LastFailure.read(store, cluster));
            } catch (EtcdException e) {
                return unreadable(cluster, e.getMessage());
            }
        }
    }

    private record Family(String name, String help, Function<ClusterState, Optional<String>> sample) {
    }

    private static final List<Family> FAMILIES = List.of(
            new Family("kube_ops_etcd_backup_store_up", "1 when the backup store could be read when these metrics were "
                    + "written, 0 when not (the other metrics of the cluster are then missing).",
                    state -> Optional.of(labels(state) + " " + (state.storeError().isEmpty() ? 1 : 0))),
            new Family("kube_ops_etcd_backups", "Number of verified backups of the cluster in the store.",
                    state -> readable(state).map(s -> labels(s) + " " + s.backups())),
            new Family("kube_ops_etcd_backup_last_success_timestamp_seconds", "Unix time when the newest verified backup's "
                    + "snapshot was taken (for an imported snapshot: its file's time); 0 when there is none.",
                    state -> readable(state).map(s -> labels(s) + " "
                            + s.newest().map(b -> seconds(b.createdAt().toEpochMilli())).orElse("0"))),
            new Family("kube_ops_etcd_backup_last_success_duration_seconds", "How long the newest verified backup took.",
                    state -> state.newest().map(b -> labels(state) + " " + seconds(b.duration().toMillis()))),
            new Family("kube_ops_etcd_backup_last_success_size_bytes", "Stored size of the newest verified backup "
                    + "(compressed, encrypted if so).",
                    state -> state.newest().map(b -> labels(state) + " " + b.storedBytes())),
            new Family("kube_ops_etcd_backup_last_success_snapshot_bytes", "Size of the snapshot in the newest verified backup.",
                    state -> state.newest().map(b -> labels(state) + " " + b.snapshotBytes())),
            new Family("kube_ops_etcd_backup_last_success_revision", "etcd revision of the newest verified backup.",
                    state -> state.newest().map(b -> labels(state) + " " + b.revision())),
            new Family("kube_ops_etcd_backup_last_success_keys", "Live keys in the newest verified backup.",
                    state -> state.newest().map(b -> labels(state) + " " + b.keyCount())),
            new Family("kube_ops_etcd_backup_last_success_imported", "1 when the newest verified backup is an imported "
                    + "snapshot file, 0 when it was taken from a member.",
                    state -> state.newest().map(b -> labels(state) + " " + (b.imported() ? 1 : 0))),
            new Family("kube_ops_etcd_backup_last_failure_timestamp_seconds", "Unix time of the last failed backup, with its "
                    + "cause (ETCD_UNREACHABLE, ETCD_TLS, STORE_FULL, ...); compare with the last success.",
                    state -> state.lastFailure().map(f -> "{cluster=\"" + escape(state.cluster()) + "\",cause=\""
                            + escape(f.cause().name()) + "\"} " + seconds(f.at().toEpochMilli()))));

    private BackupMetrics() {
    }

    /** The metrics of the clusters in the text exposition format: each family's HELP and TYPE, then one sample per cluster. */
    public static String render(List<ClusterState> clusters) {
        StringBuilder text = new StringBuilder();
        for (Family family : FAMILIES) {
            text.append("# HELP ").append(family.name()).append(' ').append(escapeHelp(family.help())).append('\n');
            text.append("# TYPE ").append(family.name()).append(" gauge\n");
            for (ClusterState state : clusters) {
                family.sample().apply(state).ifPresent(sample -> text.append(family.name()).append(sample).append('\n'));
            }
        }
        return text.toString();
    }

    /** A label value as the exposition format wants it: backslash, double quote and line feed escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static Optional<ClusterState> readable(ClusterState state) {
        return state.storeError().isEmpty() ? Optional.of(state) : Optional.empty();
    }

    private static String labels(ClusterState state) {
        return "{cluster=\"" + escape(state.cluster()) + "\"}";
    }

    /** Milliseconds as seconds with three decimals, never in exponent form. */
    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%s%d.%03d", millis < 0 ? "-" : "", Math.abs(millis / 1000), Math.abs(millis % 1000));
    }

    /** Writes {@code metrics} to {@code DIR/kube_ops_etcd.prom}, see {@link #writeTextfile(Path, String, String)}. */
    public static Path writeTextfile(Path directory, String metrics) {
        return writeTextfile(directory, TEXTFILE_NAME, metrics);
    }

    /**
     * The file for one cluster's metrics, {@code kube_ops_etcd_CLUSTER.prom}, for writers that each handle one cluster (such
     * as a backup step per cluster), so that they do not replace each other's file; node-exporter merges the families.
     */
    public static String textfileName(String cluster) {
        EtcdSettingsValidation.clusterName(cluster).throwIfError();
        return "kube_ops_etcd_" + cluster.trim().replace('-', '_') + ".prom";
    }

    /**
     * Writes {@code metrics} to {@code DIR/FILE} atomically: a temporary file in the same directory (not named
     * {@code *.prom}, so the collector never reads it half-written), flushed, made world-readable, then renamed.
     *
     * @param fileName a {@code .prom} file name ({@link #TEXTFILE_NAME} or {@link #textfileName(String)})
     * @return the file written
     */
    public static Path writeTextfile(Path directory, String fileName, String metrics) {
        if (!fileName.endsWith(".prom") || fileName.contains("/")) {
            throw new IllegalArgumentException("metrics file name '" + fileName + "' must be a *.prom file name");
        }
        if (!Files.isDirectory(directory)) {
            throw new EtcdException(FailureCause.OTHER, "textfile directory " + directory + " does not exist: create it, or "
                    + "give node-exporter's --collector.textfile.directory.");
        }
        Path target = directory.resolve(fileName);
        Path temporary = directory.resolve("." + fileName + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(metrics.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the default permissions stay
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new EtcdException(FailureCause.OTHER, "cannot write the metrics to " + target + ": " + e.getMessage()
                    + " (is the directory writable by this user?)", e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // only left behind when the rename failed; not read by the collector (no .prom suffix)
            }
        }
    }
}
