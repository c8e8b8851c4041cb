package io.jenkins.plugins.kubeops.engine.etcd;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One cluster's backup metrics written for node-exporter's textfile collector by whatever backs the cluster up (the
 * {@code etcdBackup} step, {@code kube-ops etcd backup --textfile}), after every backup, successful or not: the state is
 * read back from the store, so a failure shows with the cause the backup recorded ({@link LastFailure}) and a store that
 * cannot be read as {@code store_up 0}. Each cluster has its own file ({@link BackupMetrics#textfileName}), so writers of
 * different clusters never replace each other's samples.
 */
public record MetricsTextfile(Path directory) {

    public MetricsTextfile {
        Objects.requireNonNull(directory, "directory");
    }

    /**
     * The directory a caller gave, checked by {@link EtcdSettingsValidation#textfileDirectory}; empty when blank (no
     * metrics).
     *
     * @param what the argument as the caller names it ({@code --textfile}, {@code metricsTextfile})
     */
    public static Optional<MetricsTextfile> parse(String what, String directory) {
        EtcdSettingsValidation.textfileDirectory(what, directory).throwIfError();
        return directory == null || directory.isBlank() ? Optional.empty() : Optional.of(new MetricsTextfile(Path.of(directory.trim())));
    }

    /** Writes the cluster's metrics as the store now says, atomically; returns the file. */
    public Path write(BackupStore store, String cluster) {
        String text = BackupMetrics.render(List.of(BackupMetrics.ClusterState.read(store, cluster)));
        return BackupMetrics.writeTextfile(directory, BackupMetrics.textfileName(cluster), text);
    }

    /**
     * Runs a backup (or an import) of {@code cluster} into {@code store}, then writes the cluster's metrics whatever its
     * outcome. A failed backup stays the failure (a metrics file that cannot be written is then only a warning); after a
     * successful one, a metrics file that cannot be written fails with a message saying that the backup itself is stored.
     */
    public BackupMetadata afterBackup(String cluster, BackupStore store, Supplier<BackupMetadata> backup, Consumer<String> log) {
        BackupMetadata metadata;
        try {
            metadata = backup.get();
        } catch (RuntimeException failure) {
            try {
                log.accept("Backup metrics of '" + cluster + "' (with the failure) written to " + write(store, cluster));
            } catch (RuntimeException metricsFailure) {
                failure.addSuppressed(metricsFailure);
                log.accept("warning: " + metricsFailure.getMessage());
            }
            throw failure;
        }
        try {
            log.accept("Backup metrics of '" + cluster + "' written to " + write(store, cluster));
        } catch (RuntimeException e) {
            throw new EtcdException(EtcdException.causeOf(e), "backup " + metadata.id() + " is stored, but its metrics were not "
                    + "written: " + e.getMessage(), e);
        }
        return metadata;
    }
}
